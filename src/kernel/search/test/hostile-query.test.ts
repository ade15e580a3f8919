import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createTestApp, type TestApp } from '../../../testing.ts';

/** Text that tends to break search engines: operators, quotes, tsquery syntax, escapes, controls. */
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 260 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc
    .array(
      fc.constantFrom(
        '"',
        "'",
        '\\',
        '&',
        '|',
        '!',
        '(',
        ')',
        ':*',
        '<->',
        '-',
        'OR',
        'or',
        'AND',
        'NOT',
        '%',
        '_',
        '*',
        ':',
        ';',
        '--',
        '/*',
        '\u0000',
        '\u0001',
        '\ud800',
        '\u202e',
        '\ufeff',
        ' ',
        'Hund',
        'über',
        'ß',
        '🙂',
        '𝔘',
        '\n',
        '\t',
        '%00',
        '%ZZ',
        '+',
        '#',
        '?',
        '=',
        'select',
        '1=1',
      ),
      { maxLength: 40 },
    )
    .map((parts) => parts.join('')),
);

/** Raw bytes in the query string, percent-encoded or not. */
const rawQuery = fc
  .uint8Array({ maxLength: 120 })
  .map((bytes) =>
    [...bytes]
      .map((b) =>
        b > 0x20 && b < 0x7f && b !== 0x23 ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`,
      )
      .join(''),
  );

function encode(s: string): string {
  // encodeURIComponent throws on lone surrogates; send them as the (invalid) UTF-8 a client might.
  return s.isWellFormed()
    ? encodeURIComponent(s)
    : encodeURIComponent(s.toWellFormed()).replace(/%EF%BF%BD/g, '%ED%A0%80');
}

describe('search with hostile input never fails with a server error', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  it('the JSON API answers 200 or problem+json 400 for any q (property)', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, async (q) => {
        const res = await t.app.inject({ method: 'GET', url: `/api/v1/search?q=${encode(q)}` });
        assert.ok(
          res.statusCode === 200 || res.statusCode === 400,
          `${res.statusCode} for ${JSON.stringify(q)}: ${res.body}`,
        );
        if (res.statusCode === 400)
          assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
      }),
      { numRuns: 150 },
    );
  });

  it('the page and the API never answer 5xx for any q and raw query bytes (property)', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, rawQuery, async (q, raw) => {
        for (const url of [
          `/suche?q=${encode(q)}`,
          `/suche?q=${raw}&kommune=${raw}&seite=${raw}`,
          `/api/v1/search?q=${raw}&tenant=${raw}`,
        ]) {
          const res = await t.app.inject({ method: 'GET', url });
          assert.ok(res.statusCode < 500, `${res.statusCode} for ${url}: ${res.body.slice(0, 300)}`);
          assert.doesNotMatch(res.body, /at \w+ \([^)]*\.ts:\d+/, 'no stack trace');
        }
      }),
      { numRuns: 100 },
    );
  });

  it('handles the classic cases explicitly', async () => {
    const cases: [string, number][] = [
      ['%22', 200],
      ["'", 200],
      ['!', 200],
      ['a%20%26%20b', 200],
      ['%7C%7C', 200],
      ['(((', 200],
      ['a%3A*', 200],
      ['-', 200],
      ['%00', 400],
      ['a%00', 400],
      ['%ED%A0%80', 200],
      ['x'.repeat(200), 200],
      ['x'.repeat(201), 400],
      ['%C3%BC'.repeat(201), 400],
      ['der%20die%20das', 200],
      ['%E2%80%AE', 200],
      ['%F0%9F%99%82', 200],
    ];
    for (const [q, status] of cases) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/search?q=${q}` });
      assert.equal(res.statusCode, status, `${q}: ${res.body}`);
    }
  });
});
