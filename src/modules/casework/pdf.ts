import PDFDocument from 'pdfkit';
import { fileURLToPath } from 'node:url';

const REGULAR = fileURLToPath(new URL('./fonts/NotoSans-Regular.woff', import.meta.url));
const BOLD = fileURLToPath(new URL('./fonts/NotoSans-Bold.woff', import.meta.url));

export type PdfBlock =
  | { type: 'h1' | 'h2' | 'p'; text: string }
  | { type: 'small'; text: string }
  | { type: 'list'; items: string[] }
  | { type: 'space' };

export interface PdfSpec {
  title: string;
  subject?: string;
  author: string;
  lang?: string;
  blocks: PdfBlock[];
  /** Fixed creation date (from kernel.clock) so that output is reproducible. */
  createdAt: Date;
}

/**
 * Renders an accessible PDF: PDF 1.7, tagged (structure tree with H1/H2/P/L elements), document
 * language, the title shown instead of the file name, Noto Sans embedded (no system fonts).
 */
export function renderPdf(spec: PdfSpec): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 60, bottom: 60, left: 65, right: 55 },
    pdfVersion: '1.7',
    tagged: true,
    lang: spec.lang ?? 'de-DE',
    displayTitle: true,
    info: {
      Title: spec.title,
      Author: spec.author,
      Subject: spec.subject ?? spec.title,
      Creator: 'OpenKreis',
      Producer: 'OpenKreis (pdfkit)',
      CreationDate: spec.createdAt,
      ModDate: spec.createdAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', REGULAR);
  doc.registerFont('bold', BOLD);
  const root = doc.struct('Document');
  doc.addStructure(root);
  for (const b of spec.blocks) {
    switch (b.type) {
      case 'h1':
        root.add(
          doc.struct('H1', {}, () => {
            doc.font('bold').fontSize(16).text(b.text, { paragraphGap: 8 });
          }),
        );
        break;
      case 'h2':
        root.add(
          doc.struct('H2', {}, () => {
            doc.font('bold').fontSize(12.5).text(b.text, { paragraphGap: 4 });
          }),
        );
        break;
      case 'p':
        root.add(
          doc.struct('P', {}, () => {
            doc.font('regular').fontSize(10.5).text(b.text, { paragraphGap: 6, lineGap: 1.5 });
          }),
        );
        break;
      case 'small':
        root.add(
          doc.struct('P', {}, () => {
            doc.font('regular').fontSize(9).text(b.text, { paragraphGap: 4 });
          }),
        );
        break;
      case 'list': {
        const list = doc.struct('L');
        root.add(list);
        for (const item of b.items) {
          list.add(
            doc.struct('LI', {}, () => {
              doc.font('regular').fontSize(10.5).text(`– ${item}`, { paragraphGap: 2, indent: 0 });
            }),
          );
        }
        list.end();
        break;
      }
      case 'space':
        doc.moveDown(0.8);
        break;
    }
  }
  root.end();
  doc.end();
  return done;
}
