import PDFDocument from 'pdfkit';
import { fileURLToPath } from 'node:url';

const REGULAR = fileURLToPath(new URL('./fonts/NotoSans-Regular.woff', import.meta.url));
const BOLD = fileURLToPath(new URL('./fonts/NotoSans-Bold.woff', import.meta.url));

/** Indent of list item bodies; the dash label sits in front. */
const LABEL_WIDTH = 14;

/**
 * Accessible PDFs for every module (notices, receipts, case files): one renderer, one font set.
 */
export type PdfBlock =
  | { type: 'h1' | 'h2' | 'p'; text: string }
  /** A labelled value (a line of a receipt): one paragraph, the label in bold above the value. */
  | { type: 'field'; label: string; value: string }
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

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escapeXml = (v: string) => v.replace(/[&<>"]/g, (c) => XML_ESCAPES[c]!);

/**
 * pdfkit copies Title, Author and Subject into the XMP metadata packet without XML escaping, so an
 * "&" or "<" in a service or template title would make the packet invalid XML (and the title
 * unreadable for assistive technology that reads XMP). The Info dictionary is written before the
 * packet; for the packet only, the values are swapped for escaped copies.
 */
function escapeXmpInfo(doc: PDFKit.PDFDocument): void {
  const d = doc as unknown as { _addInfo?: () => void; info: Record<string, unknown> };
  const addInfo = d._addInfo?.bind(doc);
  if (!addInfo) return;
  d._addInfo = () => {
    const raw = { ...d.info };
    for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') d.info[k] = escapeXml(v);
    try {
      addInfo();
    } finally {
      Object.assign(d.info, raw);
    }
  };
}

/**
 * Renders an accessible PDF: PDF 1.7, tagged (structure tree Document with H1/H2/P and L/LI with
 * Lbl and LBody; every text inside marked content), document language, MarkInfo, the title in the
 * Info dictionary and the XMP packet and shown instead of the file name, Noto Sans embedded.
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
  escapeXmpInfo(doc);
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
      case 'field':
        root.add(
          doc.struct('P', {}, () => {
            doc.font('bold').fontSize(10).text(b.label);
            doc.font('regular').fontSize(10.5).text(b.value, { paragraphGap: 6, lineGap: 1.5 });
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
        const left = doc.page.margins.left;
        const width = doc.page.width - left - doc.page.margins.right;
        for (const item of b.items) {
          doc.font('regular').fontSize(10.5);
          // A new page first if the label would sit alone at the bottom.
          if (doc.y + doc.currentLineHeight(true) > doc.page.maxY()) doc.addPage();
          const y = doc.y;
          const li = doc.struct('LI');
          list.add(li);
          li.add(
            doc.struct('Lbl', {}, () => {
              doc.text('–', left, y, { width: LABEL_WIDTH, lineBreak: false });
            }),
          );
          li.add(
            doc.struct('LBody', {}, () => {
              doc.text(item, left + LABEL_WIDTH, y, { width: width - LABEL_WIDTH, paragraphGap: 2 });
            }),
          );
          li.end();
        }
        doc.x = left;
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
