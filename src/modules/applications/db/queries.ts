import type pg from 'pg';
import { prepared } from '../../../kernel/db/prepared.ts';
import type { Answers, FileRef } from '../engine/conditions.ts';
import type { FormDefinition } from '../engine/definition.ts';

type Q = Pick<pg.Pool, 'query'> | pg.PoolClient;

// ---- form definitions ----------------------------------------------------------------------

export interface FormVersion {
  slug: string;
  version: number;
  status: 'draft' | 'published' | 'retired';
  definition: FormDefinition;
  createdAt: Date;
  publishedAt: Date | null;
}
interface FormRow {
  slug: string;
  version: number;
  status: FormVersion['status'];
  definition: FormDefinition;
  created_at: Date;
  published_at: Date | null;
}
const toForm = (r: FormRow): FormVersion => ({
  slug: r.slug,
  version: r.version,
  status: r.status,
  definition: r.definition,
  createdAt: r.created_at,
  publishedAt: r.published_at,
});

export async function currentPublished(db: Q, slug: string): Promise<FormVersion | null> {
  const { rows } = await db.query<FormRow>(
    `select * from applications.form_definitions where slug = $1 and status = 'published' order by version desc limit 1`,
    [slug],
  );
  return rows[0] ? toForm(rows[0]) : null;
}

/** Published and retired versions never change: they are cached (drafts are always read). */
const versionCache = new Map<string, FormVersion>();

export async function formVersion(db: Q, slug: string, version: number): Promise<FormVersion | null> {
  const key = `${slug}@${version}`;
  const hit = versionCache.get(key);
  if (hit) return hit;
  const { rows } = await db.query<FormRow>(
    'select * from applications.form_definitions where slug = $1 and version = $2',
    [slug, version],
  );
  const form = rows[0] ? toForm(rows[0]) : null;
  if (form && form.status !== 'draft') {
    if (versionCache.size > 500) versionCache.clear();
    versionCache.set(key, form);
  }
  return form;
}

export async function formVersions(db: Q, slug: string): Promise<FormVersion[]> {
  const { rows } = await db.query<FormRow>(
    'select * from applications.form_definitions where slug = $1 order by version desc',
    [slug],
  );
  return rows.map(toForm);
}

/** One row per form: its newest version and whether a published one exists. */
export async function listForms(
  db: Q,
): Promise<{ slug: string; title: string; published: number | null; draft: number | null }[]> {
  const { rows } = await db.query<{
    slug: string;
    title: string;
    published: number | null;
    draft: number | null;
  }>(
    `select slug,
            (array_agg(definition->'title'->>'de' order by version desc))[1] as title,
            max(version) filter (where status = 'published') as published,
            max(version) filter (where status = 'draft') as draft
       from applications.form_definitions group by slug order by slug`,
  );
  return rows;
}

export async function listPublishedSlugs(db: Q): Promise<{ slug: string; updatedAt: Date }[]> {
  const { rows } = await db.query<{ slug: string; updated_at: Date }>(
    `select slug, max(published_at) as updated_at from applications.form_definitions where status = 'published' group by slug order by slug`,
  );
  return rows.map((r) => ({ slug: r.slug, updatedAt: r.updated_at }));
}

/** Saves the draft version of a form (creates it as max(version)+1 when there is none). */
export async function saveDraftVersion(
  client: pg.PoolClient,
  slug: string,
  definition: FormDefinition,
  at: Date,
  by: string | null,
): Promise<number> {
  await client.query('select pg_advisory_xact_lock(hashtext($1))', [`applications.form:${slug}`]);
  const upd = await client.query<{ version: number }>(
    `update applications.form_definitions set definition = $2, created_at = $3, created_by = $4
      where slug = $1 and status = 'draft' returning version`,
    [slug, JSON.stringify(definition), at, by],
  );
  if (upd.rows[0]) return upd.rows[0].version;
  const { rows } = await client.query<{ version: number }>(
    `insert into applications.form_definitions (slug, version, status, definition, created_at, created_by)
     select $1, coalesce(max(version), 0) + 1, 'draft', $2, $3, $4 from applications.form_definitions where slug = $1
     returning version`,
    [slug, JSON.stringify(definition), at, by],
  );
  return rows[0]!.version;
}

/** Publishes the draft: it becomes the current version; earlier published versions retire. */
export async function publishDraft(client: pg.PoolClient, slug: string, at: Date): Promise<number | null> {
  await client.query('select pg_advisory_xact_lock(hashtext($1))', [`applications.form:${slug}`]);
  const { rows } = await client.query<{ version: number }>(
    `update applications.form_definitions set status = 'published', published_at = $2
      where slug = $1 and status = 'draft' returning version`,
    [slug, at],
  );
  const v = rows[0]?.version;
  if (v === undefined) return null;
  await client.query(
    `update applications.form_definitions set status = 'retired' where slug = $1 and status = 'published' and version <> $2`,
    [slug, v],
  );
  return v;
}

/** Seeds version 1 as published when the form does not exist yet (idempotent). */
export async function seedForm(db: Q, def: FormDefinition, at: Date): Promise<boolean> {
  const res = await db.query(
    `insert into applications.form_definitions (slug, version, status, definition, created_at, published_at)
     values ($1, 1, 'published', $2, $3, $3) on conflict do nothing`,
    [def.slug, JSON.stringify(def), at],
  );
  return (res.rowCount ?? 0) > 0;
}

// ---- drafts ------------------------------------------------------------------------------------

export interface Draft {
  id: string;
  formSlug: string;
  formVersion: number;
  accountId: string | null;
  browserKeyHash: string | null;
  answers: Answers;
  completed: string[];
  declarations: string[];
  status: 'open' | 'submitted';
  createdAt: Date;
  updatedAt: Date;
}
interface DraftRow {
  id: string;
  form_slug: string;
  form_version: number;
  account_id: string | null;
  browser_key_hash: string | null;
  answers: Answers;
  completed: string[];
  declarations: string[];
  status: Draft['status'];
  created_at: Date;
  updated_at: Date;
}
const toDraft = (r: DraftRow): Draft => ({
  id: r.id,
  formSlug: r.form_slug,
  formVersion: r.form_version,
  accountId: r.account_id,
  browserKeyHash: r.browser_key_hash,
  answers: r.answers,
  completed: r.completed,
  declarations: r.declarations,
  status: r.status,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function insertDraft(
  db: Q,
  d: {
    formSlug: string;
    formVersion: number;
    accountId: string | null;
    browserKeyHash: string | null;
    answers: Answers;
    at: Date;
  },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into applications.drafts (form_slug, form_version, account_id, browser_key_hash, answers, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $6) returning id`,
    [d.formSlug, d.formVersion, d.accountId, d.browserKeyHash, JSON.stringify(d.answers), d.at],
  );
  return rows[0]!.id;
}

export async function getDraft(db: Q, id: string, forUpdate = false): Promise<Draft | null> {
  if (!UUID.test(id)) return null;
  const { rows } = await db.query<DraftRow>({ ...(forUpdate ? DRAFT_FOR_UPDATE : DRAFT), values: [id] });
  return rows[0] ? toDraft(rows[0]) : null;
}

const DRAFT = prepared('select * from applications.drafts where id = $1');
const DRAFT_FOR_UPDATE = prepared('select * from applications.drafts where id = $1 for update');

export async function updateDraft(
  db: Q,
  id: string,
  p: { answers: Answers; completed: string[]; declarations?: string[]; at: Date },
): Promise<boolean> {
  const res = await db.query({
    ...UPDATE_DRAFT,
    values: [id, JSON.stringify(p.answers), p.completed, p.declarations ?? null, p.at],
  });
  return (res.rowCount ?? 0) > 0;
}

const UPDATE_DRAFT = prepared(
  `update applications.drafts set answers = $2, completed = $3, declarations = coalesce($4, declarations), updated_at = $5
    where id = $1 and status = 'open'`,
);

export async function setDraftOwnerKey(db: Q, id: string, keyHash: string): Promise<void> {
  await db.query('update applications.drafts set browser_key_hash = $2 where id = $1', [id, keyHash]);
}

/**
 * Marks an open draft submitted and keeps it locked until the transaction ends, in one statement.
 * 'missing' when there is no such draft; 'submitted' when it was submitted before (or by a
 * concurrent request that committed first: the update waits for its lock, then sees the status).
 */
const CLAIM_DRAFT = prepared(
  `with claimed as (
     update applications.drafts set status = 'submitted', updated_at = $2 where id = $1 and status = 'open' returning id)
   select exists (select 1 from claimed) as claimed, exists (select 1 from applications.drafts where id = $1) as present`,
);

export async function claimDraftForSubmission(
  db: Q,
  id: string,
  at: Date,
): Promise<'claimed' | 'submitted' | 'missing'> {
  const { rows } = await db.query<{ claimed: boolean; present: boolean }>({
    ...CLAIM_DRAFT,
    values: [id, at],
  });
  const row = rows[0];
  if (row?.claimed) return 'claimed';
  return row?.present ? 'submitted' : 'missing';
}

export async function deleteDraft(db: Q, id: string, accountId: string): Promise<boolean> {
  const res = await db.query(
    `delete from applications.drafts d where id = $1 and account_id = $2 and status = 'open'
       and not exists (select 1 from applications.submissions s where s.draft_id = d.id)`,
    [id, accountId],
  );
  return (res.rowCount ?? 0) > 0;
}

export async function draftsOfAccount(db: Q, accountId: string): Promise<Draft[]> {
  const { rows } = await db.query<DraftRow>(
    `select * from applications.drafts where account_id = $1 and status = 'open' order by updated_at desc limit 100`,
    [accountId],
  );
  return rows.map(toDraft);
}

// ---- resume tokens -------------------------------------------------------------------------------

export async function insertResumeToken(
  db: Q,
  t: { tokenHash: string; draftId: string; email: string; expiresAt: Date; at: Date },
): Promise<void> {
  await db.query(
    `insert into applications.resume_tokens (token_hash, draft_id, email, expires_at, created_at) values ($1, $2, $3, $4, $5)`,
    [t.tokenHash, t.draftId, t.email, t.expiresAt, t.at],
  );
}

/** Marks the token used when it is valid; returns its draft id (single use, atomic). */
export async function consumeResumeToken(db: Q, tokenHash: string, now: Date): Promise<string | null> {
  const { rows } = await db.query<{ draft_id: string }>(
    `update applications.resume_tokens set used_at = $2
      where token_hash = $1 and used_at is null and expires_at > $2 returning draft_id`,
    [tokenHash, now],
  );
  return rows[0]?.draft_id ?? null;
}

export async function resumeTokenValid(db: Q, tokenHash: string, now: Date): Promise<boolean> {
  const { rows } = await db.query(
    `select 1 from applications.resume_tokens where token_hash = $1 and used_at is null and expires_at > $2`,
    [tokenHash, now],
  );
  return rows.length > 0;
}

// ---- submissions -------------------------------------------------------------------------------

export interface Submission {
  id: string;
  draftId: string;
  reference: string;
  formSlug: string;
  formVersion: number;
  serviceSlug: string;
  tenantId: string;
  orgUnitId: string;
  accountId: string | null;
  browserKeyHash: string | null;
  applicantEmail: string;
  applicantName: string;
  answers: Answers;
  summary: { label: string; value: string }[];
  attachments: FileRef[];
  feeCents: number;
  feeLines: { id: string; label: { de: string; en?: string }; amountCents: number }[];
  paymentMode: 'none' | 'before' | 'later';
  paymentStatus: 'none' | 'due' | 'paid';
  status: 'awaiting_payment' | 'submitted';
  caseId: string | null;
  kassenzeichen: string | null;
  submittedAt: Date;
}
interface SubmissionRow {
  id: string;
  draft_id: string;
  reference: string;
  form_slug: string;
  form_version: number;
  service_slug: string;
  tenant_id: string;
  org_unit_id: string;
  account_id: string | null;
  browser_key_hash: string | null;
  applicant_email: string;
  applicant_name: string;
  answers: Answers;
  summary: Submission['summary'];
  attachments: FileRef[];
  fee_cents: number;
  fee_lines: Submission['feeLines'];
  payment_mode: Submission['paymentMode'];
  payment_status: Submission['paymentStatus'];
  status: Submission['status'];
  case_id: string | null;
  kassenzeichen: string | null;
  submitted_at: Date;
}
const toSubmission = (r: SubmissionRow): Submission => ({
  id: r.id,
  draftId: r.draft_id,
  reference: r.reference,
  formSlug: r.form_slug,
  formVersion: r.form_version,
  serviceSlug: r.service_slug,
  tenantId: r.tenant_id,
  orgUnitId: r.org_unit_id,
  accountId: r.account_id,
  browserKeyHash: r.browser_key_hash,
  applicantEmail: r.applicant_email,
  applicantName: r.applicant_name,
  answers: r.answers,
  summary: r.summary,
  attachments: r.attachments,
  feeCents: r.fee_cents,
  feeLines: r.fee_lines,
  paymentMode: r.payment_mode,
  paymentStatus: r.payment_status,
  status: r.status,
  caseId: r.case_id,
  kassenzeichen: r.kassenzeichen,
  submittedAt: r.submitted_at,
});

/** caseId: the case opened in the same transaction (its id chosen beforehand), or null. */
export type NewSubmission = Omit<Submission, 'id' | 'kassenzeichen'>;

/** Inserts the submission unless the draft already has one (then null: the other request won). */
export async function insertSubmission(db: Q, s: NewSubmission): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>({
    ...INSERT_SUBMISSION,
    values: [
      s.draftId,
      s.reference,
      s.formSlug,
      s.formVersion,
      s.serviceSlug,
      s.tenantId,
      s.orgUnitId,
      s.accountId,
      s.browserKeyHash,
      s.applicantEmail,
      s.applicantName,
      JSON.stringify(s.answers),
      JSON.stringify(s.summary),
      JSON.stringify(s.attachments),
      s.feeCents,
      JSON.stringify(s.feeLines),
      s.paymentMode,
      s.paymentStatus,
      s.status,
      s.submittedAt,
      s.caseId,
    ],
  });
  return rows[0]?.id ?? null;
}

const INSERT_SUBMISSION = prepared(
  `insert into applications.submissions (draft_id, reference, form_slug, form_version, service_slug, tenant_id, org_unit_id,
      account_id, browser_key_hash, applicant_email, applicant_name, answers, summary, attachments, fee_cents, fee_lines,
      payment_mode, payment_status, status, submitted_at, case_id, case_opened_at)
   values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21::text,
      case when $21::text is null then null else $20::timestamptz end)
   on conflict (draft_id) do nothing returning id`,
);

export async function referenceTaken(db: Q, reference: string): Promise<boolean> {
  const { rows } = await db.query('select 1 from applications.submissions where reference = $1', [reference]);
  return rows.length > 0;
}

export async function submissionByDraft(db: Q, draftId: string): Promise<Submission | null> {
  if (!UUID.test(draftId)) return null;
  const { rows } = await db.query<SubmissionRow>(
    'select * from applications.submissions where draft_id = $1',
    [draftId],
  );
  return rows[0] ? toSubmission(rows[0]) : null;
}

export async function submissionByReference(
  db: Q,
  reference: string,
  forUpdate = false,
): Promise<Submission | null> {
  const { rows } = await db.query<SubmissionRow>(
    `select * from applications.submissions where reference = $1${forUpdate ? ' for update' : ''}`,
    [reference],
  );
  return rows[0] ? toSubmission(rows[0]) : null;
}

export async function submissionById(db: Q, id: string, forUpdate = false): Promise<Submission | null> {
  const { rows } = await db.query<SubmissionRow>(
    `select * from applications.submissions where id = $1${forUpdate ? ' for update' : ''}`,
    [id],
  );
  return rows[0] ? toSubmission(rows[0]) : null;
}

export async function setSubmissionCase(
  db: Q,
  id: string,
  p: { caseId: string; paymentStatus: Submission['paymentStatus']; kassenzeichen: string | null; at: Date },
): Promise<void> {
  await db.query({ ...SET_SUBMISSION_CASE, values: [id, p.caseId, p.paymentStatus, p.kassenzeichen, p.at] });
}

const SET_SUBMISSION_CASE = prepared(
  `update applications.submissions set status = 'submitted', case_id = $2, payment_status = $3,
      kassenzeichen = coalesce($4, kassenzeichen), case_opened_at = $5 where id = $1`,
);

export async function setSubmissionPaid(db: Q, id: string, kassenzeichen: string): Promise<void> {
  await db.query(
    `update applications.submissions set payment_status = 'paid', kassenzeichen = $2 where id = $1`,
    [id, kassenzeichen],
  );
}

export async function submissionsOfAccount(db: Q, accountId: string): Promise<Submission[]> {
  const { rows } = await db.query<SubmissionRow>(
    'select * from applications.submissions where account_id = $1 order by submitted_at desc',
    [accountId],
  );
  return rows.map(toSubmission);
}

// ---- payments ----------------------------------------------------------------------------------

export interface Payment {
  id: string;
  submissionId: string;
  provider: string;
  providerTxId: string;
  amountCents: number;
  status: 'pending' | 'paid' | 'failed' | 'cancelled';
  kassenzeichen: string | null;
  createdAt: Date;
}
interface PaymentRow {
  id: string;
  submission_id: string;
  provider: string;
  provider_tx_id: string;
  amount_cents: number;
  status: Payment['status'];
  kassenzeichen: string | null;
  created_at: Date;
}
const toPayment = (r: PaymentRow): Payment => ({
  id: r.id,
  submissionId: r.submission_id,
  provider: r.provider,
  providerTxId: r.provider_tx_id,
  amountCents: r.amount_cents,
  status: r.status,
  kassenzeichen: r.kassenzeichen,
  createdAt: r.created_at,
});

export async function insertPayment(
  db: Q,
  p: {
    submissionId: string;
    provider: string;
    providerTxId: string;
    amountCents: number;
    kassenzeichen: string | null;
    at: Date;
  },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into applications.payments (submission_id, provider, provider_tx_id, amount_cents, status, kassenzeichen, created_at, updated_at)
     values ($1, $2, $3, $4, 'pending', $5, $6, $6) returning id`,
    [p.submissionId, p.provider, p.providerTxId, p.amountCents, p.kassenzeichen, p.at],
  );
  return rows[0]!.id;
}

export async function paymentByTx(
  db: Q,
  provider: string,
  txId: string,
  forUpdate = false,
): Promise<Payment | null> {
  const { rows } = await db.query<PaymentRow>(
    `select * from applications.payments where provider = $1 and provider_tx_id = $2${forUpdate ? ' for update' : ''}`,
    [provider, txId],
  );
  return rows[0] ? toPayment(rows[0]) : null;
}

export async function paymentsOfSubmission(db: Q, submissionId: string): Promise<Payment[]> {
  const { rows } = await db.query<PaymentRow>(
    'select * from applications.payments where submission_id = $1 order by seq desc',
    [submissionId],
  );
  return rows.map(toPayment);
}

export async function setPaymentStatus(
  db: Q,
  id: string,
  status: Payment['status'],
  kassenzeichen: string | null,
  at: Date,
): Promise<void> {
  await db.query(
    `update applications.payments set status = $2, kassenzeichen = coalesce($3, kassenzeichen), updated_at = $4 where id = $1`,
    [id, status, kassenzeichen, at],
  );
}
