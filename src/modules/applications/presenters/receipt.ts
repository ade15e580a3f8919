import PDFDocument from 'pdfkit';
import type { Kernel } from '../../../kernel/kernel.ts';
import { formatDateTime } from '../../../kernel/i18n/format.ts';
import type { Submission } from '../db/queries.ts';
import { tx, type FormDefinition } from '../engine/definition.ts';
import { formatEuro } from './summary.ts';

/** The receipt (Eingangsbestätigung) as PDF: reference, office, answers, fee and payment state. */
export async function receiptPdf(kernel: Kernel, def: FormDefinition, s: Submission): Promise<Buffer> {
  const t = kernel.i18n.translator('de');
  const tenant = await kernel.tenants.get(s.tenantId);
  const unit = await kernel.tenants.orgUnit(s.orgUnitId);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    lang: 'de-DE',
    tagged: true,
    displayTitle: true,
    info: {
      Title: `${t('applications.receipt.title')} ${s.reference}`,
      Author: tenant?.name ?? '',
      Subject: tx(def.title, 'de'),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.font('Helvetica-Bold').fontSize(16).text(t('applications.receipt.title'));
  doc.moveDown(0.3).font('Helvetica').fontSize(12).text(tx(def.title, 'de'));
  doc.moveDown();
  const line = (label: string, value: string) => {
    doc.font('Helvetica-Bold').fontSize(10).text(label, { continued: false });
    doc
      .font('Helvetica')
      .fontSize(10)
      .text(value || t('summary.empty'));
    doc.moveDown(0.3);
  };
  line(t('applications.receipt.reference'), s.reference);
  line(t('applications.receipt.submittedAt'), formatDateTime('de', s.submittedAt));
  line(t('applications.receipt.office'), [unit?.name, tenant?.name].filter(Boolean).join(', '));
  line(t('applications.receipt.formVersion'), String(s.formVersion));
  if (s.feeCents > 0) {
    line(t('applications.fee.total'), formatEuro('de', s.feeCents));
    line(
      t('applications.receipt.payment'),
      s.paymentStatus === 'paid'
        ? t('applications.receipt.paid', { kassenzeichen: s.kassenzeichen ?? '' })
        : t('applications.receipt.due'),
    );
  }
  doc.moveDown();
  doc.font('Helvetica-Bold').fontSize(12).text(t('applications.receipt.answers'));
  doc.moveDown(0.5);
  for (const r of s.summary) {
    // IBANs are shown shortened on the receipt.
    const value = /^[A-Z]{2}\d{2}( ?[A-Z0-9]{4})+/.test(r.value)
      ? `${r.value.slice(0, 4)} … ${r.value.slice(-4)}`
      : r.value;
    line(r.label, value);
  }
  doc.moveDown();
  doc.font('Helvetica').fontSize(9).text(t('applications.receipt.footer'));
  doc.end();
  return done;
}
