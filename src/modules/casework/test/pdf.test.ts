import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { renderPdf, type PdfBlock } from '../../../kernel/pdf/render.ts';
import { pdfInfo } from './helpers.ts';

/** The PDF's objects as text (content streams inflated), for reading its structure. */
function objects(pdf: Buffer): { head: string; stream: string | null }[] {
  const out: { head: string; stream: string | null }[] = [];
  const raw = pdf.toString('latin1');
  const re = /\d+ 0 obj\s*([\s\S]*?)endobj/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    const body = m[1]!;
    const at = body.indexOf('stream');
    if (at < 0) {
      out.push({ head: body.replace(/\s+/g, ' '), stream: null });
      continue;
    }
    const head = body.slice(0, at).replace(/\s+/g, ' ');
    const start = m.index + m[0].indexOf(body) + at + 'stream'.length;
    const bytes = pdf.subarray(start, pdf.indexOf('endstream', start, 'latin1')).subarray(1);
    let stream: string;
    try {
      stream = /FlateDecode/.test(head) ? inflateSync(bytes).toString('latin1') : bytes.toString('utf8');
    } catch {
      stream = inflateSync(bytes.subarray(1)).toString('latin1'); // CRLF after "stream"
    }
    out.push({ head, stream });
  }
  return out;
}

const LONG = 'Dies ist ein langer Absatz über die Gründe des Bescheids. '.repeat(30);
const BLOCKS: PdfBlock[] = [
  { type: 'h1', text: 'Bescheid über Ihren Antrag' },
  { type: 'p', text: LONG },
  { type: 'h2', text: 'Gründe' },
  { type: 'list', items: ['Erstens', 'Zweitens'] },
  { type: 'p', text: LONG },
  { type: 'p', text: LONG },
  { type: 'p', text: LONG },
  { type: 'h2', text: 'Rechtsbehelfsbelehrung' },
  { type: 'small', text: 'Gegen diesen Bescheid kann innerhalb eines Monats Klage erhoben werden.' },
];

describe('casework: the notice PDF is tagged and accessible (read from its bytes)', () => {
  it('has the structure tree, language, MarkInfo, headings, paragraphs, list labels and bodies, embedded fonts, all text tagged', async () => {
    const pdf = await renderPdf({
      title: 'Bescheid',
      author: 'Rhein-Kreis Neuss',
      blocks: BLOCKS,
      createdAt: new Date('2026-11-21T10:00:00Z'),
    });
    const objs = objects(pdf);
    const heads = objs.map((o) => o.head).join('\n');
    assert.match(pdf.subarray(0, 8).toString('latin1'), /^%PDF-1\.7/);
    const catalog = objs.find((o) => /\/Type \/Catalog/.test(o.head))!.head;
    assert.match(catalog, /\/Lang \(de-DE\)/);
    assert.match(catalog, /\/StructTreeRoot \d+ 0 R/);
    assert.match(catalog, /\/MarkInfo \d+ 0 R/);
    assert.match(catalog, /\/Metadata \d+ 0 R/);
    assert.match(heads, /\/Marked true/);
    assert.match(heads, /\/DisplayDocTitle true/);
    const roles = [...heads.matchAll(/\/S \/(\w+)/g)].map((m) => m[1]);
    for (const role of ['Document', 'H1', 'H2', 'P', 'L', 'LI', 'Lbl', 'LBody'])
      assert.ok(roles.includes(role), `structure element ${role}`);
    assert.equal(roles.filter((r) => r === 'H1').length, 1, 'one H1');
    assert.equal(roles.filter((r) => r === 'LI').length, 2);
    assert.equal(roles.filter((r) => r === 'Lbl').length, 2);
    // Fonts: embedded TrueType subsets with a ToUnicode map (text can be extracted), no standard 14 fonts.
    const fonts = objs.filter((o) => /\/Type \/Font\b/.test(o.head)).map((o) => o.head);
    assert.ok(fonts.length > 0);
    for (const f of fonts.filter((h) => /\/Subtype \/Type0/.test(h))) assert.match(f, /\/ToUnicode/);
    assert.doesNotMatch(heads, /\/BaseFont \/(Helvetica|Times|Courier)/);
    assert.equal((heads.match(/\/FontFile2/g) ?? []).length, 2, 'both faces embedded');
    // Several pages, each with its structure parents and every text object inside marked content.
    const pages = objs.filter((o) => /\/Type \/Page\b/.test(o.head));
    assert.ok(pages.length >= 2, `${pages.length} pages`);
    for (const p of pages) {
      assert.match(p.head, /\/StructParents \d+/);
      assert.match(p.head, /\/Tabs \/S/);
    }
    const contents = objs.filter((o) => o.stream && /\bBT\b/.test(o.stream));
    assert.equal(contents.length, pages.length);
    for (const c of contents) {
      let depth = 0;
      for (const tok of c.stream!.match(/\bBDC\b|\bEMC\b|\bBT\b/g) ?? []) {
        if (tok === 'BDC') depth++;
        else if (tok === 'EMC') depth--;
        else assert.ok(depth > 0, 'text outside marked content');
      }
    }
    const info = await pdfInfo(pdf);
    assert.ok(info.tagged);
    assert.match(info.text, /Bescheid über Ihren Antrag/);
    assert.match(info.text, /Zweitens/);
    assert.match(info.text, /Rechtsbehelfsbelehrung/);
  });

  it('puts the title into Info and a well-formed XMP packet, escaped there', async () => {
    const title = 'Bescheid: Fahrzeug an- & abmelden <Kennzeichen> "NE-X 1"';
    const pdf = await renderPdf({
      title,
      author: 'Kreis & Co',
      blocks: [{ type: 'h1', text: 'Bescheid' }],
      createdAt: new Date('2026-11-21T10:00:00Z'),
    });
    const xmp = objects(pdf).find((o) => /\/Type \/Metadata/.test(o.head))!.stream!;
    assert.ok(
      xmp.includes(
        '<rdf:li xml:lang="x-default">Bescheid: Fahrzeug an- &amp; abmelden &lt;Kennzeichen&gt; &quot;NE-X 1&quot;</rdf:li>',
      ),
      xmp,
    );
    assert.ok(xmp.includes('<rdf:li>Kreis &amp; Co</rdf:li>'));
    // Outside tags no raw "&" or "<" remains.
    const text = xmp.replace(/<[^<>]*>/g, '');
    assert.doesNotMatch(text, /&(?!amp;|lt;|gt;|quot;)|</);
    const info = await (
      await import('pdfjs-dist/legacy/build/pdf.mjs')
    ).getDocument({ data: new Uint8Array(pdf), disableFontFace: true, useSystemFonts: false }).promise;
    const meta = await info.getMetadata();
    assert.equal((meta.info as { Title?: string }).Title, title, 'the Info dictionary keeps the title as is');
    assert.equal(meta.metadata.get('dc:title'), title, 'pdf.js reads the same title from XMP');
    await info.destroy();
  });
});
