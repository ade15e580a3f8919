import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildSnippet, escapeHtml, matchTerms } from '../snippet.ts';
import { foldForMatch, parseSearchText } from '../text.ts';

describe('search snippets', () => {
  it('marks stems, compounds and umlaut-free stems', () => {
    const terms = matchTerms({ lexemes: ['hund'], words: ['Hunde'] });
    assert.equal(
      buildSnippet(['Ihr Hund muss angemeldet werden. Die Hundesteuer zahlen Sie jährlich.'], terms),
      'Ihr <mark>Hund</mark> muss angemeldet werden. Die <mark>Hundesteuer</mark> zahlen Sie jährlich.',
    );
    const haus = matchTerms({ lexemes: ['haus'], words: ['Häuser'] });
    assert.match(buildSnippet(['Alle Häuser im Kreis'], haus), /<mark>Häuser<\/mark>/);
    const partial = matchTerms({ lexemes: ['genehm'], words: ['genehmigung'] });
    assert.match(
      buildSnippet(['Die Baugenehmigung beantragen Sie online.'], partial),
      /Die <mark>Baugenehmigung<\/mark> beantragen/,
    );
  });

  it('escapes the text and adds no other markup', () => {
    const terms = matchTerms({ lexemes: ['script', 'hund'], words: ['script'] });
    const html = buildSnippet(['<script>alert("x")</script> & <b>Hund</b> \'quoted\''], terms);
    assert.equal(
      html,
      '&lt;<mark>script</mark>&gt;alert(&quot;x&quot;)&lt;/<mark>script</mark>&gt; &amp; &lt;b&gt;<mark>Hund</mark>&lt;/b&gt; &#39;quoted&#39;',
    );
  });

  it('cuts long texts around the first match', () => {
    const text = `${'Lorem ipsum dolor sit amet. '.repeat(30)}Hier steht das Wunschkennzeichen. ${'Weiterer Text folgt. '.repeat(30)}`;
    const html = buildSnippet(['', text], matchTerms({ lexemes: ['wunschkennzeich'], words: [] }), 120);
    assert.ok(html.startsWith('… '));
    assert.ok(html.endsWith(' …'));
    assert.match(html, /<mark>Wunschkennzeichen<\/mark>/);
    assert.ok(html.length < 220, html);
  });

  it('falls back to the start of the first text without a match', () => {
    assert.equal(
      buildSnippet(['', 'Kurzer <Text>'], matchTerms({ lexemes: ['xyz'], words: [] })),
      'Kurzer &lt;Text&gt;',
    );
    assert.equal(buildSnippet(['', ''], []), '');
  });

  it('never lets markup through, whatever the text and terms (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 400 }),
        fc.array(fc.string({ maxLength: 12 }), { maxLength: 4 }),
        (text, words) => {
          const html = buildSnippet([text], matchTerms({ lexemes: words, words }), 80);
          const withoutMarks = html.replace(/<\/?mark>/g, '');
          assert.ok(!/[<>]/.test(withoutMarks), html);
          assert.ok(!/&(?!(amp|lt|gt|quot|#39);)/.test(withoutMarks), html);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('escapes the five HTML specials', () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    assert.equal(foldForMatch('Jüchen Straße ÉTÉ'), 'juchen strasse ete');
  });
});

describe('search text', () => {
  it('accepts, trims and collapses normal input', () => {
    assert.deepEqual(parseSearchText('  Hund \t\n anmelden  '), { ok: true, q: 'Hund anmelden' });
    assert.deepEqual(parseSearchText('"Bau" -antrag OR x'), { ok: true, q: '"Bau" -antrag OR x' });
  });

  it('refuses missing, too long, NUL and broken input', () => {
    assert.deepEqual(parseSearchText(undefined), { ok: false, reason: 'missing' });
    assert.deepEqual(parseSearchText('   '), { ok: false, reason: 'missing' });
    assert.deepEqual(parseSearchText('x'.repeat(201)), { ok: false, reason: 'too_long' });
    assert.deepEqual(parseSearchText('x'.repeat(200)), { ok: true, q: 'x'.repeat(200) });
    assert.deepEqual(parseSearchText('a\u0000b'), { ok: false, reason: 'invalid' });
    assert.deepEqual(parseSearchText('a\ud800b'), { ok: false, reason: 'invalid' });
    assert.deepEqual(parseSearchText(['a']), { ok: false, reason: 'invalid' });
  });
});
