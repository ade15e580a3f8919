import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { dateParts, daysInMonth, formatIsoDate, isLeapYear, isoDateIn, parseDateInput } from '../date.ts';
import { translator } from './support.ts';

const t = translator('de');
const parse = (day: string, month: string, year: string, rules = {}) =>
  parseDateInput(t, { day, month, year }, rules);

describe('parseDateInput', () => {
  it('accepts a valid date with and without leading zeros and spaces', () => {
    assert.deepEqual(parse('9', '2', '2024'), { ok: true, value: '2024-02-09' });
    assert.deepEqual(parse(' 09 ', '02', '2024'), { ok: true, value: '2024-02-09' });
  });

  it('treats an empty optional date as no value and an empty required one as an error', () => {
    assert.deepEqual(parse('', '', ''), { ok: true, value: null });
    const r = parse('', ' ', '', { required: true });
    assert.ok(!r.ok);
    assert.equal(r.message, 'Bitte geben Sie das Datum ein.');
  });

  it('names the missing parts specifically', () => {
    const r1 = parse('1', '', '2020');
    assert.ok(!r1.ok);
    assert.equal(r1.message, 'Das Datum muss einen Monat enthalten.');
    assert.deepEqual(r1.parts, ['month']);
    const r2 = parse('', '', '2020');
    assert.ok(!r2.ok);
    assert.equal(r2.message, 'Das Datum muss einen Tag und einen Monat enthalten.');
    assert.deepEqual(r2.parts, ['day', 'month']);
  });

  it('rejects months outside 1–12 with the specific German message', () => {
    for (const m of ['0', '13', '99']) {
      const r = parse('1', m, '2020');
      assert.ok(!r.ok);
      assert.equal(r.message, 'Der Monat muss zwischen 1 und 12 liegen.');
      assert.deepEqual(r.parts, ['month']);
    }
  });

  it('rejects days beyond the month and names the month length', () => {
    const r = parse('31', '4', '2021');
    assert.ok(!r.ok);
    assert.equal(r.message, 'Der Tag muss zwischen 1 und 30 liegen, denn der April hat 30 Tage.');
    const z = parse('0', '4', '2021');
    assert.ok(!z.ok);
    assert.equal(z.message, 'Der Tag muss zwischen 1 und 31 liegen.');
  });

  it('knows 29 February only in leap years', () => {
    assert.deepEqual(parse('29', '2', '2024'), { ok: true, value: '2024-02-29' });
    assert.deepEqual(parse('29', '2', '2000'), { ok: true, value: '2000-02-29' });
    const r = parse('29', '2', '2023');
    assert.ok(!r.ok);
    assert.equal(r.message, 'Den 29. Februar gibt es im Jahr 2023 nicht.');
    const c = parse('29', '2', '1900');
    assert.ok(!c.ok, '1900 is not a leap year (divisible by 100, not by 400)');
    assert.equal(parse('30', '2', '2024').ok, false);
  });

  it('requires four-digit years and digits only', () => {
    const short = parse('1', '1', '85');
    assert.ok(!short.ok);
    assert.equal(short.message, 'Das Jahr muss aus vier Ziffern bestehen, zum Beispiel 1985.');
    const letters = parse('1', 'Mai', '2020');
    assert.ok(!letters.ok);
    assert.equal(letters.message, 'Tag, Monat und Jahr dürfen nur Ziffern enthalten.');
    assert.deepEqual(letters.parts, ['month']);
    const early = parse('1', '1', '0999');
    assert.ok(!early.ok);
    assert.equal(early.message, 'Das Jahr muss 1900 oder später sein.');
  });

  it('checks future and past against the given today', () => {
    const today = '2026-11-21';
    assert.equal(parse('21', '11', '2026', { notFuture: true, today }).ok, true);
    const f = parse('22', '11', '2026', { notFuture: true, today });
    assert.ok(!f.ok);
    assert.equal(f.message, 'Das Datum liegt in der Zukunft.');
    const p = parse('20', '11', '2026', { notPast: true, today });
    assert.ok(!p.ok);
    assert.equal(p.message, 'Das Datum liegt in der Vergangenheit.');
  });

  it('checks min and max and formats the bound in the message', () => {
    const r = parse('1', '1', '2020', { min: '2020-01-02' });
    assert.ok(!r.ok);
    assert.equal(r.message, 'Das Datum muss am 2. Januar 2020 oder danach liegen.');
    assert.equal(parse('2', '1', '2020', { min: '2020-01-02', max: '2020-01-02' }).ok, true);
  });

  it('speaks English with the English catalogue', () => {
    const r = parseDateInput(translator('en'), { day: '1', month: '13', year: '2020' });
    assert.ok(!r.ok);
    assert.equal(r.message, 'The month must be between 1 and 12.');
  });

  it('never throws and always yields a valid calendar date or a message (property)', () => {
    const part = fc.oneof(
      fc.string(),
      fc.integer({ min: -5, max: 40 }).map(String),
      fc.constantFrom('', ' ', '٣', '1e3', '0x1', '00', '29', '2'),
    );
    fc.assert(
      fc.property(
        part,
        part,
        fc.oneof(fc.string(), fc.integer({ min: 0, max: 99999 }).map(String)),
        fc.boolean(),
        (day, month, year, required) => {
          const r = parseDateInput(
            t,
            { day, month, year },
            { required, notFuture: true, today: '2026-11-21' },
          );
          if (r.ok) {
            if (r.value === null) return !required;
            const [y, m, d] = r.value.split('-').map(Number) as [number, number, number];
            const real = new Date(Date.UTC(y, m - 1, d));
            return (
              real.getUTCFullYear() === y &&
              real.getUTCMonth() === m - 1 &&
              real.getUTCDate() === d &&
              r.value <= '2026-11-21'
            );
          }
          return (
            typeof r.message === 'string' &&
            r.message.length > 0 &&
            !r.message.startsWith('date.') &&
            r.parts.length > 0
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('round-trips every real date through dateParts (property)', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1900-01-01T00:00:00Z'),
          max: new Date('2199-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (d) => {
          const iso = d.toISOString().slice(0, 10);
          const r = parseDateInput(t, dateParts(iso));
          return r.ok && r.value === iso;
        },
      ),
    );
  });
});

describe('date helpers', () => {
  it('computes leap years and month lengths', () => {
    assert.deepEqual([1900, 2000, 2023, 2024].map(isLeapYear), [false, true, false, true]);
    assert.equal(daysInMonth(2023, 2), 28);
    assert.equal(daysInMonth(2024, 2), 29);
    assert.equal(daysInMonth(2024, 9), 30);
    assert.equal(daysInMonth(2024, 12), 31);
  });

  it('gives today in Berlin, not in UTC', () => {
    assert.equal(isoDateIn(new Date('2026-12-31T23:30:00Z')), '2027-01-01');
    assert.equal(isoDateIn(new Date('2026-06-30T21:59:00Z')), '2026-06-30');
  });

  it('formats dates per language', () => {
    assert.equal(formatIsoDate(translator('de'), '2026-03-09'), '9. März 2026');
    assert.equal(formatIsoDate(translator('en'), '2026-03-09'), '9 March 2026');
    assert.equal(formatIsoDate(translator('de'), 'kaputt'), 'kaputt');
  });
});
