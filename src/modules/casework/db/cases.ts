import type pg from 'pg';
import { prepared } from '../../../kernel/db/prepared.ts';
import { cleanText, type CaseStatus, type Decision, type Priority } from '../domain.ts';

export type Queryable = Pick<pg.Pool, 'query'>;

/** JSON for a jsonb column: PostgreSQL refuses \u0000 in jsonb, so NUL characters are dropped. */
export function toJsonb(v: unknown): string {
  return JSON.stringify(v).replace(/(?<!\\)((?:\\\\)*)\\u0000/g, '$1');
}

export interface CaseRecord {
  id: string;
  reference: string;
  serviceSlug: string;
  serviceTitle: string;
  tenantId: string;
  orgUnitId: string;
  applicantAccountId: string | null;
  applicantEmail: string | null;
  applicantName: string | null;
  formSlug: string;
  formVersion: number;
  data: Record<string, unknown>;
  summary: { label: string; value: string }[];
  status: CaseStatus;
  decision: Decision | null;
  priority: Priority;
  assigneeId: string | null;
  assigneeName: string | null;
  dueAt: Date;
  submittedAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  paymentStatus: 'paid' | 'due' | 'none' | 'failed';
  paymentAmountCents: number;
  kassenzeichen: string | null;
  paymentProvider: string | null;
  anonymisedAt: Date | null;
}

interface CaseRow {
  id: string;
  reference: string;
  service_slug: string;
  service_title: string;
  tenant_id: string;
  org_unit_id: string;
  applicant_account_id: string | null;
  applicant_email: string | null;
  applicant_name: string | null;
  form_slug: string;
  form_version: number;
  data: Record<string, unknown>;
  summary: { label: string; value: string }[];
  status: CaseStatus;
  decision: Decision | null;
  priority: Priority;
  assignee_id: string | null;
  assignee_name: string | null;
  due_at: Date;
  submitted_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  payment_status: CaseRecord['paymentStatus'];
  payment_amount_cents: number;
  kassenzeichen: string | null;
  payment_provider: string | null;
  anonymised_at: Date | null;
}

export const CASE_COLUMNS = `c.id, c.reference, c.service_slug, c.service_title, c.tenant_id, c.org_unit_id,
  c.applicant_account_id, c.applicant_email, c.applicant_name, c.form_slug, c.form_version, c.data, c.summary,
  c.status, c.decision, c.priority, c.assignee_id, c.assignee_name, c.due_at, c.submitted_at, c.updated_at,
  c.closed_at, c.payment_status, c.payment_amount_cents, c.kassenzeichen, c.payment_provider, c.anonymised_at`;

export function toCase(r: CaseRow): CaseRecord {
  return {
    id: r.id,
    reference: r.reference,
    serviceSlug: r.service_slug,
    serviceTitle: r.service_title,
    tenantId: r.tenant_id,
    orgUnitId: r.org_unit_id,
    applicantAccountId: r.applicant_account_id,
    applicantEmail: r.applicant_email,
    applicantName: r.applicant_name,
    formSlug: r.form_slug,
    formVersion: r.form_version,
    data: r.data,
    summary: Array.isArray(r.summary) ? r.summary : [],
    status: r.status,
    decision: r.decision,
    priority: r.priority,
    assigneeId: r.assignee_id,
    assigneeName: r.assignee_name,
    dueAt: r.due_at,
    submittedAt: r.submitted_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
    paymentStatus: r.payment_status,
    paymentAmountCents: r.payment_amount_cents,
    kassenzeichen: r.kassenzeichen,
    paymentProvider: r.payment_provider,
    anonymisedAt: r.anonymised_at,
  };
}

export async function findCaseById(db: Queryable, id: string, forUpdate = false): Promise<CaseRecord | null> {
  const { rows } = await db.query<CaseRow>(
    `select ${CASE_COLUMNS} from casework.cases c where c.id = $1${forUpdate ? ' for update' : ''}`,
    [id],
  );
  return rows[0] ? toCase(rows[0]) : null;
}

export async function findCaseByReference(
  db: Queryable,
  reference: string,
  forUpdate = false,
): Promise<CaseRecord | null> {
  const { rows } = await db.query<CaseRow>(
    `select ${CASE_COLUMNS} from casework.cases c where c.reference = $1${forUpdate ? ' for update' : ''}`,
    [reference],
  );
  return rows[0] ? toCase(rows[0]) : null;
}

export async function listCasesOfApplicant(db: Queryable, accountId: string): Promise<CaseRecord[]> {
  const { rows } = await db.query<CaseRow>(
    `select ${CASE_COLUMNS} from casework.cases c where c.applicant_account_id = $1
      order by c.submitted_at desc, c.id limit 500`,
    [accountId],
  );
  return rows.map(toCase);
}

export interface NewCase {
  /** Chosen by the caller (a new UUID), or drawn by the database. */
  id?: string | null;
  reference: string;
  serviceSlug: string;
  serviceTitle: string;
  tenantId: string;
  orgUnitId: string;
  applicantAccountId: string | null;
  applicantEmail: string;
  applicantName: string;
  formSlug: string;
  formVersion: number;
  data: Record<string, unknown>;
  summary: { label: string; value: string }[];
  dueAt: Date;
  submittedAt: Date;
  now: Date;
  paymentStatus: 'paid' | 'due' | 'none';
  paymentAmountCents: number;
  kassenzeichen: string | null;
  paymentProvider: string | null;
  searchText: string;
}

/**
 * A new case with what arrives with it, in one round trip: the case; its service in the inbox's
 * service filter (services_seen); the submitted attachments as documents; the first entry of the
 * electronic file. Nothing at all when a case with this reference exists already (the caller
 * reads that one).
 */
const INSERT_CASE = prepared(
  `with c as (
     insert into casework.cases (id, reference, service_slug, service_title, tenant_id, org_unit_id,
       applicant_account_id, applicant_email, applicant_name, form_slug, form_version, data, summary,
       status, due_at, submitted_at, updated_at, payment_status, payment_amount_cents, kassenzeichen,
       payment_provider, search_text)
     values (coalesce($21::uuid, gen_random_uuid()), $1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11::jsonb,$12::jsonb,
       'received',$13,$14,$15,$16,$17,$18,$19,$20)
     on conflict (reference) do nothing
     returning id, service_slug, service_title),
   seen as (
     insert into casework.services_seen (service_slug, title)
     select service_slug, service_title from c on conflict do nothing),
   docs as (
     insert into casework.documents (case_id, kind, file_id, filename, media_type, size, sha256, created_at)
     select c.id, 'attachment', d.file_id, d.filename, d.media_type, d.size, d.sha256, $15
       from c, unnest($22::text[], $23::text[], $24::text[], $25::bigint[], $26::text[])
            as d(file_id, filename, media_type, size, sha256)),
   entry as (
     insert into casework.file_entries (case_id, at, kind, actor_id, actor_label, visibility, data)
     select c.id, $14, 'received', $6, $8, 'citizen', $27::jsonb from c)
   select id from c`,
);

export interface NewCaseAttachment {
  fileId: string;
  filename: string;
  mediaType: string;
  size: number;
  sha256: string;
}

/** Inserts unless the reference exists; returns the new id or null. */
export async function insertCase(
  db: Queryable,
  c: NewCase,
  arrived: { attachments: NewCaseAttachment[]; entryData: Record<string, unknown> },
): Promise<string | null> {
  const files = arrived.attachments;
  const { rows } = await db.query<{ id: string }>(INSERT_CASE, [
    c.reference,
    c.serviceSlug,
    c.serviceTitle,
    c.tenantId,
    c.orgUnitId,
    c.applicantAccountId,
    c.applicantEmail,
    c.applicantName,
    c.formSlug,
    c.formVersion,
    toJsonb(c.data),
    toJsonb(c.summary),
    c.dueAt,
    c.submittedAt,
    c.now,
    c.paymentStatus,
    c.paymentAmountCents,
    c.kassenzeichen,
    c.paymentProvider,
    c.searchText,
    c.id ?? null,
    files.map((f) => f.fileId),
    files.map((f) => f.filename),
    files.map((f) => f.mediaType),
    files.map((f) => f.size),
    files.map((f) => f.sha256),
    toJsonb(arrived.entryData),
  ]);
  return rows[0]?.id ?? null;
}

export interface FileEntryInput {
  caseId: string;
  at: Date;
  kind: string;
  actorId: string | null;
  actorLabel: string | null;
  visibility: 'internal' | 'citizen';
  data?: Record<string, unknown>;
}

export async function appendFileEntry(db: Queryable, e: FileEntryInput): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `insert into casework.file_entries (case_id, at, kind, actor_id, actor_label, visibility, data)
     values ($1,$2,$3,$4,$5,$6,$7::jsonb) returning id`,
    [
      e.caseId,
      e.at,
      e.kind,
      e.actorId,
      e.actorLabel === null ? null : cleanText(e.actorLabel),
      e.visibility,
      toJsonb(e.data ?? {}),
    ],
  );
  return rows[0]!.id;
}

export interface FileEntry {
  id: number;
  at: Date;
  kind: string;
  actorId: string | null;
  actorLabel: string | null;
  visibility: 'internal' | 'citizen';
  data: Record<string, unknown>;
}

export async function listFileEntries(
  db: Queryable,
  caseId: string,
  opts: { citizenOnly?: boolean } = {},
): Promise<FileEntry[]> {
  const { rows } = await db.query<{
    id: number;
    at: Date;
    kind: string;
    actor_id: string | null;
    actor_label: string | null;
    visibility: 'internal' | 'citizen';
    data: Record<string, unknown>;
  }>(
    `select id, at, kind, actor_id, actor_label, visibility, data from casework.file_entries
      where case_id = $1 ${opts.citizenOnly ? "and visibility = 'citizen'" : ''} order by id`,
    [caseId],
  );
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    kind: r.kind,
    actorId: r.actor_id,
    actorLabel: r.actor_label,
    visibility: r.visibility,
    data: r.data,
  }));
}

export interface DocumentRecord {
  id: string;
  caseId: string;
  kind: 'attachment' | 'rfi_answer' | 'notice';
  fileId: string;
  filename: string;
  mediaType: string;
  size: number;
  sha256: string;
  rfiId: string | null;
  createdAt: Date;
}

export async function insertDocument(db: Queryable, d: Omit<DocumentRecord, 'id'>): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into casework.documents (case_id, kind, file_id, filename, media_type, size, sha256, rfi_id, created_at)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9) returning id`,
    [d.caseId, d.kind, d.fileId, d.filename, d.mediaType, d.size, d.sha256, d.rfiId, d.createdAt],
  );
  return rows[0]!.id;
}

export async function listDocuments(db: Queryable, caseId: string): Promise<DocumentRecord[]> {
  const { rows } = await db.query<{
    id: string;
    case_id: string;
    kind: DocumentRecord['kind'];
    file_id: string;
    filename: string;
    media_type: string;
    size: number;
    sha256: string;
    rfi_id: string | null;
    created_at: Date;
  }>('select * from casework.documents where case_id = $1 order by created_at, id', [caseId]);
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    kind: r.kind,
    fileId: r.file_id,
    filename: r.filename,
    mediaType: r.media_type,
    size: Number(r.size as unknown),
    sha256: r.sha256,
    rfiId: r.rfi_id,
    createdAt: r.created_at,
  }));
}

export interface RfiRecord {
  id: string;
  caseId: string;
  question: string;
  askedAt: Date;
  answer: string | null;
  answeredAt: Date | null;
}

export async function listRfis(db: Queryable, caseId: string): Promise<RfiRecord[]> {
  const { rows } = await db.query<{
    id: string;
    case_id: string;
    question: string;
    asked_at: Date;
    answer: string | null;
    answered_at: Date | null;
  }>('select * from casework.rfis where case_id = $1 order by asked_at, id', [caseId]);
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    question: r.question,
    askedAt: r.asked_at,
    answer: r.answer,
    answeredAt: r.answered_at,
  }));
}

/** The question and time of one request for information of a case. */
export async function findRfi(
  db: Queryable,
  caseId: string,
  rfiId: string,
): Promise<{ question: string; askedAt: Date } | null> {
  const { rows } = await db.query<{ question: string; asked_at: Date }>(
    'select question, asked_at from casework.rfis where case_id = $1 and id = $2',
    [caseId, rfiId],
  );
  return rows[0] ? { question: rows[0].question, askedAt: rows[0].asked_at } : null;
}

/** Whether the case file already records a sent notification with this key. */
export async function hasMailEntry(db: Queryable, caseId: string, key: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `select 1 from casework.file_entries where case_id = $1 and kind = 'mail_sent' and data->>'key' = $2`,
    [caseId, key],
  );
  return (rowCount ?? 0) > 0;
}
