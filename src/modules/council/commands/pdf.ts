import PDFDocument from 'pdfkit';

/** Renders plain text as a simple A4 PDF (demo documents, generated invitations). */
export function renderTextPdf(title: string, text: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: title } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(14).text(title);
    doc.moveDown();
    doc.fontSize(10).text(text);
    doc.end();
  });
}

/** Extracts the text of a PDF with pdfjs-dist (legacy build, no worker); '' when it has none. */
export async function extractPdfText(data: Buffer, maxChars = 500_000): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({
    data: new Uint8Array(data),
    useSystemFonts: false,
    isEvalSupported: false,
    disableFontFace: true,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    const out: string[] = [];
    let len = 0;
    for (let i = 1; i <= doc.numPages && len < maxChars; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      const line = content.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\n' : '') : '')).join('');
      out.push(line);
      len += line.length;
    }
    return out
      .join('\n')
      .replace(/[ \t]+/g, ' ')
      .replace(/\0/g, '')
      .slice(0, maxChars)
      .trim();
  } finally {
    await task.destroy();
  }
}
