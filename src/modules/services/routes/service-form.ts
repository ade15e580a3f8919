import type { Translate } from '../../../kernel/i18n/index.ts';
import { FormValidator, formValues } from '../../../kernel/views/components.tsx';
import type { ResponsibilityRow, ServiceEdit, ServiceRow, StoredFee } from '../db/services.queries.ts';
import { CHANNELS, type ChannelKind } from '../presenters/service.ts';
import { formatEuro, parseEuro } from '../presenters/money.ts';

/** Fee rows offered by the editor (the stored ones plus blank rows, never more than this). */
export const MAX_FEES = 10;
const BLANK_FEE_ROWS = 2;
export const MAX_DOCUMENTS = 30;
const DOCUMENT_MAX = 300;
// The database accepts local paths and https URLs for the channel links.
const URL_RE = /^(\/[^/\\\s][^\s]*|https:\/\/[^\s/]+(\/[^\s]*)?)$/;
// Digits, spaces and the usual separators; at least six digits.
const PHONE_RE = /^\+?[0-9 ()/-]{6,40}$/;

export interface FeeValues {
  label_de: string;
  label_en: string;
  from: string;
  to: string;
  text: string;
  basis: string;
}

/** Everything the edit form shows, as typed (strings), so nothing is lost on a 422. */
export interface EditValues {
  title_de: string;
  title_en: string;
  summary_de: string;
  summary_en: string;
  body_de: string;
  body_en: string;
  easy_language_de: string;
  lebenslagen: string[];
  channels: string[];
  online_url: string;
  appointment_url: string;
  documents_de: string;
  documents_en: string;
  fees: FeeValues[];
  processing_days: string;
  processing_de: string;
  processing_en: string;
  legal_basis: string;
  org_unit: string;
  note_de: string;
  note_en: string;
  contact_name: string;
  contact_phone: string;
  contact_email: string;
}

const BLANK_FEE: FeeValues = { label_de: '', label_en: '', from: '', to: '', text: '', basis: '' };

function feeValues(f: StoredFee): FeeValues {
  const base = { label_de: f.label.de, label_en: f.label.en, basis: f.legalBasis };
  if (typeof f.minCents === 'number') {
    const to =
      typeof f.maxCents === 'number' && f.maxCents !== f.minCents ? formatEuro(f.maxCents, false) : '';
    return { ...base, from: formatEuro(f.minCents, false), to, text: '' };
  }
  // Seeded fees carry only the display text; a plain amount becomes editable as an amount.
  const cents = parseEuro(f.amount);
  return cents === null
    ? { ...base, from: '', to: '', text: f.amount }
    : { ...base, from: formatEuro(cents, false), to: '', text: '' };
}

function withBlankRows(fees: FeeValues[]): FeeValues[] {
  const rows = [...fees];
  for (let i = 0; i < BLANK_FEE_ROWS && rows.length < MAX_FEES; i++) rows.push({ ...BLANK_FEE });
  return rows;
}

export function valuesFromRows(s: ServiceRow, resp: ResponsibilityRow | undefined): EditValues {
  return {
    title_de: s.title_de,
    title_en: s.title_en,
    summary_de: s.summary_de,
    summary_en: s.summary_en,
    body_de: s.body_de,
    body_en: s.body_en,
    easy_language_de: s.easy_language_de,
    lebenslagen: s.lebenslagen,
    channels: s.channels,
    online_url: s.online_url ?? '',
    appointment_url: s.appointment_url ?? '',
    documents_de: s.documents.map((d) => d.de).join('\n'),
    documents_en: s.documents.map((d) => d.en).join('\n'),
    fees: withBlankRows(s.fees.map(feeValues)),
    processing_days: s.processing_days === null ? '' : String(s.processing_days),
    processing_de: s.processing_de,
    processing_en: s.processing_en,
    legal_basis: s.legal_basis,
    org_unit: resp?.org_unit_id ?? '',
    note_de: resp?.note_de ?? '',
    note_en: resp?.note_en ?? '',
    contact_name: resp?.contact_name ?? '',
    contact_phone: resp?.contact_phone ?? '',
    contact_email: resp?.contact_email ?? '',
  };
}

export const feeField = (i: number, part: keyof FeeValues) => `fee_${i}_${part}`;

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/**
 * Reads and validates the edit form. Content fields only for the owner tenant, the
 * responsibility fields only where the tenant has a responsibility row.
 */
export function readEditForm(
  t: Translate,
  body: unknown,
  opts: { owner: boolean; unitIds: string[] | null; lebenslagen: string[] },
): { v: FormValidator; values: EditValues; edit: ServiceEdit } {
  const v = new FormValidator(t, body);
  const raw = (name: string) => v.raw(name);
  const fees: FeeValues[] = [];
  for (let i = 0; i < MAX_FEES; i++) {
    const row: FeeValues = {
      label_de: raw(feeField(i, 'label_de')),
      label_en: raw(feeField(i, 'label_en')),
      from: raw(feeField(i, 'from')),
      to: raw(feeField(i, 'to')),
      text: raw(feeField(i, 'text')),
      basis: raw(feeField(i, 'basis')),
    };
    if (Object.values(row).some((x: string) => x.trim() !== '')) fees.push(row);
  }
  const values: EditValues = {
    title_de: raw('title_de'),
    title_en: raw('title_en'),
    summary_de: raw('summary_de'),
    summary_en: raw('summary_en'),
    body_de: raw('body_de'),
    body_en: raw('body_en'),
    easy_language_de: raw('easy_language_de'),
    lebenslagen: formValues(body, 'lebenslagen'),
    channels: formValues(body, 'channels'),
    online_url: raw('online_url'),
    appointment_url: raw('appointment_url'),
    documents_de: raw('documents_de'),
    documents_en: raw('documents_en'),
    fees: withBlankRows(fees),
    processing_days: raw('processing_days'),
    processing_de: raw('processing_de'),
    processing_en: raw('processing_en'),
    legal_basis: raw('legal_basis'),
    org_unit: raw('org_unit'),
    note_de: raw('note_de'),
    note_en: raw('note_en'),
    contact_name: raw('contact_name'),
    contact_phone: raw('contact_phone'),
    contact_email: raw('contact_email'),
  };
  const edit: ServiceEdit = {
    content: opts.owner ? readContent(t, v, values, fees, opts.lebenslagen) : null,
    responsibility: opts.unitIds ? readResponsibility(t, v, opts.unitIds) : null,
  };
  return { v, values, edit };
}

function readContent(
  t: Translate,
  v: FormValidator,
  values: EditValues,
  feeRows: FeeValues[],
  knownLebenslagen: string[],
): NonNullable<ServiceEdit['content']> {
  const label = (k: string) => t(`services.edit.${k}`);
  const text = (name: string, maxLength: number, required = false) =>
    v.text(name, { label: label(name), maxLength, required });
  const title_de = text('title_de', 200, true);
  const title_en = text('title_en', 200, true);
  const summary_de = text('summary_de', 1000);
  const summary_en = text('summary_en', 1000);
  const body_de = text('body_de', 20000);
  const body_en = text('body_en', 20000);
  const easy_language_de = text('easy_language_de', 5000);
  const processing_de = text('processing_de', 500);
  const processing_en = text('processing_en', 500);
  const legal_basis = text('legal_basis', 2000);

  const daysRaw = values.processing_days.trim();
  let processing_days: number | null = null;
  if (daysRaw) {
    if (!/^\d{1,4}$/.test(daysRaw) || Number(daysRaw) > 3650)
      v.add('processing_days', t('services.edit.daysInvalid'));
    else processing_days = Number(daysRaw);
  }

  const lebenslagen = v.choices('lebenslagen', knownLebenslagen, { label: label('lebenslagen') });
  const channels = v.choices<ChannelKind>('channels', CHANNELS, { label: label('channels') });
  const url = (name: 'online_url' | 'appointment_url', channel: ChannelKind): string | null => {
    const value = v.text(name, { label: label(name), maxLength: 500 });
    if (!value) {
      if (channels.includes(channel)) v.add(name, t(`services.edit.${name}Required`));
      return null;
    }
    if (!URL_RE.test(value)) v.add(name, t('services.edit.urlInvalid'));
    return value;
  };
  const online_url = url('online_url', 'online');
  const appointment_url = url('appointment_url', 'appointment');

  const docsDe = lines(values.documents_de);
  const docsEn = lines(values.documents_en);
  if (docsDe.length > MAX_DOCUMENTS)
    v.add('documents_de', t('services.edit.documentsTooMany', { max: MAX_DOCUMENTS }));
  else if (docsDe.some((d) => d.length > DOCUMENT_MAX))
    v.add('documents_de', t('services.edit.documentTooLong', { max: DOCUMENT_MAX }));
  if (docsEn.length > 0 && docsEn.length !== docsDe.length)
    v.add('documents_en', t('services.edit.documentsMismatch', { count: docsDe.length }));
  else if (docsEn.some((d) => d.length > DOCUMENT_MAX))
    v.add('documents_en', t('services.edit.documentTooLong', { max: DOCUMENT_MAX }));
  const documents = docsDe.map((de, i) => ({ de, en: docsEn[i] ?? '' }));

  const fees = feeRows.map((_, i) => readFee(t, v, i)).filter((f): f is StoredFee => f !== null);

  return {
    title_de,
    title_en,
    summary_de,
    summary_en,
    body_de,
    body_en,
    easy_language_de,
    lebenslagen,
    channels,
    online_url,
    appointment_url,
    documents,
    fees,
    processing_days,
    processing_de,
    processing_en,
    legal_basis,
  };
}

/** One fee row: a label, an amount (or a range, or a text such as „nach Aufwand“) and its legal basis. */
function readFee(t: Translate, v: FormValidator, i: number): StoredFee | null {
  const f = (part: keyof FeeValues) => feeField(i, part);
  const n = { n: i + 1 };
  const labelDe = v.text(f('label_de'), {
    label: t('services.edit.fee.label_de', n),
    required: true,
    maxLength: 200,
    messages: { required: t('services.edit.fee.labelRequired', n) },
  });
  const labelEn = v.text(f('label_en'), { label: t('services.edit.fee.label_en', n), maxLength: 200 });
  const legalBasis = v.text(f('basis'), {
    label: t('services.edit.fee.basis', n),
    required: true,
    maxLength: 500,
    messages: { required: t('services.edit.fee.basisRequired', n) },
  });
  const fromRaw = v.raw(f('from')).trim();
  const toRaw = v.raw(f('to')).trim();
  const text = v.text(f('text'), { label: t('services.edit.fee.text', n), maxLength: 200 });
  const from = fromRaw ? parseEuro(fromRaw) : null;
  const to = toRaw ? parseEuro(toRaw) : null;
  if (fromRaw && from === null) v.add(f('from'), t('services.edit.fee.amountInvalid', n));
  if (toRaw && to === null) v.add(f('to'), t('services.edit.fee.amountInvalid', n));
  if (toRaw && !fromRaw) v.add(f('from'), t('services.edit.fee.fromMissing', n));
  if (from !== null && to !== null && to < from) v.add(f('to'), t('services.edit.fee.rangeOrder', n));
  if (!fromRaw && !text) v.add(f('from'), t('services.edit.fee.amountRequired', n));
  if (fromRaw && text) v.add(f('text'), t('services.edit.fee.amountOrText', n));
  if (from === null) return text ? { label: { de: labelDe, en: labelEn }, amount: text, legalBasis } : null;
  const max = to ?? from;
  return {
    label: { de: labelDe, en: labelEn },
    amount: max === from ? formatEuro(from) : `${formatEuro(from)} bis ${formatEuro(max)}`,
    legalBasis,
    minCents: from,
    maxCents: max,
  };
}

function readResponsibility(
  t: Translate,
  v: FormValidator,
  unitIds: string[],
): NonNullable<ServiceEdit['responsibility']> {
  const org = v.raw('org_unit');
  if (!unitIds.includes(org)) v.add('org_unit', t('services.edit.unitInvalid'));
  const label = (k: string) => t(`services.edit.${k}`);
  const note_de = v.text('note_de', { label: label('note_de'), maxLength: 5000 });
  const note_en = v.text('note_en', { label: label('note_en'), maxLength: 5000 });
  const contact_name = v.text('contact_name', { label: label('contact_name'), maxLength: 200 });
  const contact_phone = v.text('contact_phone', { label: label('contact_phone'), maxLength: 40 });
  if (contact_phone && !PHONE_RE.test(contact_phone)) v.add('contact_phone', t('services.edit.phoneInvalid'));
  const contact_email = v.email('contact_email', {
    label: label('contact_email'),
    messages: { invalid: t('services.edit.emailInvalid') },
  });
  return { org_unit_id: org, note_de, note_en, contact_name, contact_phone, contact_email };
}
