import type { Kernel } from '../../../kernel/kernel.ts';
import { formatDateTime } from '../../../kernel/i18n/format.ts';
import { renderPdf, type PdfBlock } from '../../../kernel/pdf/render.ts';
import type { Submission } from '../db/queries.ts';
import { tx, type FormDefinition } from '../engine/definition.ts';
import { formatEuro } from './summary.ts';

/**
 * The receipt (Eingangsbestätigung) as an accessible PDF (tagged, language, title, embedded
 * fonts; the kernel's renderer): reference, office, answers, fee and payment state.
 */
export async function receiptPdf(kernel: Kernel, def: FormDefinition, s: Submission): Promise<Buffer> {
  const t = kernel.i18n.translator('de');
  const tenant = await kernel.tenants.get(s.tenantId);
  const unit = await kernel.tenants.orgUnit(s.orgUnitId);
  const field = (label: string, value: string): PdfBlock => ({
    type: 'field',
    label,
    value: value || t('summary.empty'),
  });
  const blocks: PdfBlock[] = [
    { type: 'h1', text: t('applications.receipt.title') },
    { type: 'p', text: tx(def.title, 'de') },
    field(t('applications.receipt.reference'), s.reference),
    field(t('applications.receipt.submittedAt'), formatDateTime('de', s.submittedAt)),
    field(t('applications.receipt.office'), [unit?.name, tenant?.name].filter(Boolean).join(', ')),
    field(t('applications.receipt.formVersion'), String(s.formVersion)),
  ];
  if (s.feeCents > 0)
    blocks.push(
      field(t('applications.fee.total'), formatEuro('de', s.feeCents)),
      field(
        t('applications.receipt.payment'),
        s.paymentStatus === 'paid'
          ? t('applications.receipt.paid', { kassenzeichen: s.kassenzeichen ?? '' })
          : t('applications.receipt.due'),
      ),
    );
  blocks.push({ type: 'h2', text: t('applications.receipt.answers') });
  for (const r of s.summary) {
    // IBANs are shown shortened on the receipt.
    const value = /^[A-Z]{2}\d{2}( ?[A-Z0-9]{4})+/.test(r.value)
      ? `${r.value.slice(0, 4)} … ${r.value.slice(-4)}`
      : r.value;
    blocks.push(field(r.label, value));
  }
  blocks.push({ type: 'space' }, { type: 'small', text: t('applications.receipt.footer') });
  return renderPdf({
    title: `${t('applications.receipt.title')} ${s.reference}`,
    subject: tx(def.title, 'de'),
    author: tenant?.name ?? '',
    blocks,
    createdAt: s.submittedAt,
  });
}
