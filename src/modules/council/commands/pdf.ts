import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
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

// pdfjs-dist keeps ~90 MB of heap once loaded; the app runs with a small heap. So the text is
// extracted in a short-lived worker thread with its own memory limit (which also contains a
// hostile PDF), and the memory goes away with the worker.
const PDFJS_URL = import.meta.resolve('pdfjs-dist/legacy/build/pdf.mjs');
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const pdfjs = await import(workerData.pdfjsUrl);
  const task = pdfjs.getDocument({ data: workerData.data, useSystemFonts: false, isEvalSupported: false,
    disableFontFace: true, verbosity: 0 });
  try {
    const doc = await task.promise;
    const out = [];
    let len = 0;
    for (let i = 1; i <= doc.numPages && len < workerData.maxChars; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      const line = content.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\\n' : '') : '')).join('');
      out.push(line);
      len += line.length;
    }
    parentPort.postMessage({ text: out.join('\\n') });
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) });
  } finally {
    await task.destroy();
  }
})();
`;

/** Extracts the text of a PDF with pdfjs-dist (legacy build) in a worker thread; '' when it has none. */
export async function extractPdfText(data: Buffer, maxChars = 500_000): Promise<string> {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { pdfjsUrl: PDFJS_URL, data: new Uint8Array(data), maxChars },
    resourceLimits: { maxOldGenerationSizeMb: 256 },
  });
  try {
    const [msg] = (await once(worker, 'message')) as [{ text?: string; error?: string }];
    if (msg.error !== undefined) throw new Error(`PDF text extraction failed: ${msg.error}`);
    return (msg.text ?? '')
      .replace(/[ \t]+/g, ' ')
      .replace(/\0/g, '')
      .slice(0, maxChars)
      .trim();
  } finally {
    await worker.terminate();
  }
}
