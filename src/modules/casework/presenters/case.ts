import type { Lang, Translate } from '../../../kernel/i18n/index.ts';
import { formatDateTime } from '../../../kernel/i18n/format.ts';
import type { Tone } from '../../../kernel/views/components.tsx';
import type { CaseRecord, DocumentRecord, FileEntry, RfiRecord } from '../db/cases.ts';
import { isOpen, type CaseStatus } from '../domain.ts';
import { formatDate, formatMoney } from './format.ts';

export function statusTone(s: CaseStatus): Tone {
  if (s === 'approved') return 'success';
  if (s === 'rejected' || s === 'withdrawn') return 'danger';
  if (s === 'waiting' || s === 'partly_approved') return 'warning';
  return 'info';
}

export interface CaseView {
  id: string;
  reference: string;
  service: string;
  serviceSlug: string;
  applicantName: string;
  applicantEmail: string;
  status: CaseStatus;
  statusLabel: string;
  statusTone: Tone;
  decisionLabel: string | null;
  priority: string;
  priorityLabel: string;
  assigneeId: string | null;
  assignee: string;
  submitted: string;
  due: string;
  overdue: boolean;
  payment: string;
  paymentDue: boolean;
  kassenzeichen: string | null;
  summary: { label: string; value: string }[];
  anonymised: boolean;
  formLabel: string;
}

export function presentCase(t: Translate, lang: Lang, c: CaseRecord, now: Date): CaseView {
  return {
    id: c.id,
    reference: c.reference,
    service: c.serviceTitle,
    serviceSlug: c.serviceSlug,
    applicantName: c.applicantName ?? t('casework.anonymised'),
    applicantEmail: c.applicantEmail ?? '',
    status: c.status,
    statusLabel: t(`casework.status.${c.status}`),
    statusTone: statusTone(c.status),
    decisionLabel: c.decision ? t(`casework.status.${c.decision}`) : null,
    priority: c.priority,
    priorityLabel: t(`casework.priority.${c.priority}`),
    assigneeId: c.assigneeId,
    assignee: c.assigneeName ?? t('casework.unassigned'),
    submitted: formatDate(lang, c.submittedAt),
    due: formatDate(lang, c.dueAt),
    overdue: isOpen(c.status) && c.dueAt.getTime() < now.getTime(),
    payment: t(`casework.payment.${c.paymentStatus}`, { amount: formatMoney(lang, c.paymentAmountCents) }),
    paymentDue: c.paymentStatus === 'due' || c.paymentStatus === 'failed',
    kassenzeichen: c.kassenzeichen,
    summary: c.summary,
    anonymised: c.anonymisedAt !== null,
    formLabel: `${c.formSlug} v${c.formVersion}`,
  };
}

export interface EntryView {
  id: number;
  at: string;
  title: string;
  actor: string | null;
  text: string | null;
  internal: boolean;
}

export function presentEntry(t: Translate, lang: Lang, e: FileEntry): EntryView {
  const d = e.data;
  let text: string | null = null;
  if (typeof d.text === 'string' && d.text) text = d.text;
  else if (typeof d.question === 'string') text = d.question;
  else if (typeof d.reason === 'string' && d.reason) text = d.reason;
  const params: Record<string, string> = {};
  if (typeof d.to === 'string')
    params.to = t(e.kind === 'priority_changed' ? `casework.priority.${d.to}` : `casework.status.${d.to}`);
  if (typeof d.assigneeName === 'string') params.name = d.assigneeName;
  else params.name = t('casework.unassigned');
  if (typeof d.title === 'string') params.title = d.title;
  if (typeof d.amountCents === 'number') params.amount = formatMoney(lang, d.amountCents);
  return {
    id: e.id,
    at: formatDateTime(lang, e.at),
    title: t(`casework.entry.${e.kind}`, params),
    actor: e.actorLabel,
    text,
    internal: e.visibility === 'internal',
  };
}

export interface DocumentView {
  id: string;
  kind: string;
  kindLabel: string;
  filename: string;
  size: string;
  date: string;
}

export function presentDocument(t: Translate, lang: Lang, d: DocumentRecord): DocumentView {
  const kb = Math.max(1, Math.round(d.size / 1024));
  return {
    id: d.id,
    kind: d.kind,
    kindLabel: t(`casework.document.${d.kind}`),
    filename: d.filename,
    size: `${kb} KB`,
    date: formatDateTime(lang, d.createdAt),
  };
}

export interface RfiView {
  id: string;
  question: string;
  asked: string;
  answer: string | null;
  answered: string | null;
  open: boolean;
}

export function presentRfi(lang: Lang, r: RfiRecord): RfiView {
  return {
    id: r.id,
    question: r.question,
    asked: formatDateTime(lang, r.askedAt),
    answer: r.answer,
    answered: r.answeredAt ? formatDateTime(lang, r.answeredAt) : null,
    open: r.answeredAt === null,
  };
}
