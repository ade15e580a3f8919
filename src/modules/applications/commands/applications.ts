import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Kernel } from '../../../kernel/kernel.ts';
import type { Lang, Translate } from '../../../kernel/i18n/index.ts';
import { inTransaction } from '../../../kernel/db/database.ts';
import { isoDateIn } from '../../../kernel/views/components.tsx';
import {
  currentPublished,
  formVersion,
  claimDraftForSubmission,
  getDraft,
  insertDraft,
  insertSubmission,
  submissionByDraft,
  updateDraft,
  type Draft,
  type FormVersion,
  type Submission,
} from '../db/queries.ts';
import {
  calculateFees,
  pruneAnswers,
  visibleSteps,
  type Answers,
  type FileRef,
} from '../engine/conditions.ts';
import { allFields, tx, type FormDefinition, type StepDef } from '../engine/definition.ts';
import {
  answersToRaw,
  parseStep,
  type FieldErrors,
  type Municipality,
  type ParseContext,
} from '../engine/fields.ts';
import { attachmentsForCase, openCase, resolveResponsible } from '../integration.ts';
import { flatSummary, formatEuro, summarise } from '../presenters/summary.ts';
import { newReference } from '../reference.ts';

/** Who is acting: a signed-in citizen, or an anonymous browser identified by its key cookie. */
export interface Actor {
  accountId: string | null;
  browserKeyHash: string | null;
  name?: string;
  email?: string;
}

export function canAccess(
  owner: { accountId: string | null; browserKeyHash: string | null },
  actor: Actor,
): boolean {
  if (owner.accountId) return actor.accountId === owner.accountId;
  return !!owner.browserKeyHash && actor.browserKeyHash === owner.browserKeyHash;
}

export async function municipalities(kernel: Kernel): Promise<Municipality[]> {
  return (await kernel.tenants.list()).map((t) => ({
    id: t.id,
    name: t.name,
    postalCodes: t.postalCodes,
    kind: t.kind,
  }));
}

export async function parseContext(
  kernel: Kernel,
  t: Translate,
  lang: Lang,
  answers: Answers,
): Promise<ParseContext> {
  return {
    t,
    lang,
    today: isoDateIn(kernel.clock.now()),
    municipalities: await municipalities(kernel),
    answers,
  };
}

/** Starts an application on the current published version, prefilled from the account. */
export async function startApplication(
  kernel: Kernel,
  slug: string,
  actor: Actor,
  prefill: { municipalityId?: string },
): Promise<{ ok: true; draftId: string; firstStep: string } | { ok: false; reason: 'not_found' }> {
  const form = await currentPublished(kernel.db.pool, slug);
  if (!form) return { ok: false, reason: 'not_found' };
  const answers: Answers = {};
  // The account has one display name: the last word is taken as the family name.
  const name = actor.name?.trim() ?? '';
  const cut = name.lastIndexOf(' ');
  const prefills: Record<string, string> = {
    'account.email': actor.email ?? '',
    'account.name': name,
    'account.givenName': cut > 0 ? name.slice(0, cut) : '',
    'account.familyName': cut > 0 ? name.slice(cut + 1) : name,
  };
  for (const f of allFields(form.definition)) {
    const v = f.prefill ? prefills[f.prefill] : undefined;
    if (v) answers[f.name] = v.slice(0, f.maxLength ?? 200);
    if (f.type === 'municipality' && prefill.municipalityId) answers[f.name] = prefill.municipalityId;
  }
  const draftId = await insertDraft(kernel.db.pool, {
    formSlug: slug,
    formVersion: form.version,
    accountId: actor.accountId,
    browserKeyHash: actor.accountId ? null : actor.browserKeyHash,
    answers,
    at: kernel.clock.now(),
  });
  return { ok: true, draftId, firstStep: form.definition.steps[0]!.id };
}

export interface LoadedDraft {
  draft: Draft;
  form: FormVersion;
  def: FormDefinition;
}

/** The draft with the form version it was started on; null when unknown or not the actor's. */
export async function loadDraft(
  kernel: Kernel,
  slug: string,
  draftId: string,
  actor: Actor,
): Promise<LoadedDraft | null> {
  const draft = await getDraft(kernel.db.pool, draftId);
  if (!draft || draft.formSlug !== slug || !canAccess(draft, actor)) return null;
  const form = await formVersion(kernel.db.pool, draft.formSlug, draft.formVersion);
  if (!form) return null;
  return { draft, form, def: form.definition };
}

/** The step after `stepId` that applies to these answers, or null at the end. */
export function nextStep(def: FormDefinition, answers: Answers, stepId: string): StepDef | null {
  const steps = visibleSteps(def, answers);
  const all = def.steps;
  const idx = all.findIndex((s) => s.id === stepId);
  return steps.find((s) => all.indexOf(s) > idx) ?? null;
}

export function previousStep(def: FormDefinition, answers: Answers, stepId: string): StepDef | null {
  const steps = visibleSteps(def, answers);
  const all = def.steps;
  const idx = all.findIndex((s) => s.id === stepId);
  return [...steps].reverse().find((s) => all.indexOf(s) < idx) ?? null;
}

/** The first visible step not completed yet (where "continue" leads), or null when all are. */
export function firstOpenStep(
  def: FormDefinition,
  draft: { answers: Answers; completed: string[] },
): StepDef | null {
  return visibleSteps(def, draft.answers).find((s) => !draft.completed.includes(s.id)) ?? null;
}

/** Saves a step's answers (valid ones only reach here) and marks it complete. */
export async function saveStep(
  kernel: Kernel,
  loaded: LoadedDraft,
  step: StepDef,
  values: Answers,
): Promise<boolean> {
  const answers = { ...loaded.draft.answers, ...values };
  const completed = [...new Set([...loaded.draft.completed, step.id])];
  return updateDraft(kernel.db.pool, loaded.draft.id, { answers, completed, at: kernel.clock.now() });
}

/** Stores answers without completing the step (files uploaded while other fields had errors). */
export async function saveAnswersOnly(kernel: Kernel, loaded: LoadedDraft, values: Answers): Promise<void> {
  await updateDraft(kernel.db.pool, loaded.draft.id, {
    answers: { ...loaded.draft.answers, ...values },
    completed: loaded.draft.completed,
    at: kernel.clock.now(),
  });
}

/**
 * Validates every applicable step again from the saved answers (the server never trusts that
 * earlier pages were valid). Returns the first step with an error.
 */
export async function validateAll(
  kernel: Kernel,
  t: Translate,
  lang: Lang,
  def: FormDefinition,
  answers: Answers,
): Promise<{ ok: true } | { ok: false; stepId: string; errors: FieldErrors }> {
  const ctx = await parseContext(kernel, t, lang, answers);
  for (const step of visibleSteps(def, answers)) {
    const r = parseStep(step, answersToRaw(step, answers), ctx);
    if (Object.keys(r.errors).length) return { ok: false, stepId: step.id, errors: r.errors };
  }
  return { ok: true };
}

export function attachmentsOf(def: FormDefinition, answers: Answers): FileRef[] {
  return allFields(def)
    .filter((f) => f.type === 'file')
    .flatMap((f) => (Array.isArray(answers[f.name]) ? (answers[f.name] as FileRef[]) : []));
}

/** A freshly drawn reference is in use already (1 in 10^10): draw again. */
class ReferenceTaken extends Error {}

export type SubmitResult =
  | { ok: true; reference: string; next: 'payment' | 'confirmation'; duplicate: boolean }
  | { ok: false; reason: 'invalid'; stepId: string }
  | { ok: false; reason: 'declarations'; missing: string[] }
  | { ok: false; reason: 'no_office' };

/**
 * Submits an application: validates everything, then in ONE transaction locks the draft, stores
 * the submission (the unique draft_id makes a second submit a no-op) and — unless the fee must be
 * paid first — opens the case in casework. A second, concurrent submit returns the first one's
 * reference with duplicate = true.
 */
export async function submitApplication(
  kernel: Kernel,
  loaded: LoadedDraft,
  declarations: string[],
  actor: Actor,
  opts: { requestId?: string } = {},
): Promise<SubmitResult> {
  const t = kernel.i18n.translator('de');
  const { def, draft } = loaded;
  const existing = draft.status === 'submitted' ? await submissionByDraft(kernel.db.pool, draft.id) : null;
  if (existing)
    return { ok: true, reference: existing.reference, next: nextAfter(existing), duplicate: true };
  const missing = def.declarations.map((d) => d.id).filter((id) => !declarations.includes(id));
  if (missing.length) return { ok: false, reason: 'declarations', missing };
  const check = await validateAll(kernel, t, 'de', def, draft.answers);
  if (!check.ok) return { ok: false, reason: 'invalid', stepId: check.stepId };
  const answers = pruneAnswers(def, draft.answers);
  const munis = await municipalities(kernel);
  const municipalityId = def.responsible.municipalityField
    ? ((answers[def.responsible.municipalityField] as string | undefined) ?? null)
    : null;
  const chosenUnit = def.responsible.orgUnitFields
    ?.map((n) => answers[n])
    .find((v): v is string => typeof v === 'string' && !!v);
  const office = await resolveResponsible(kernel, {
    serviceSlug: def.serviceSlug,
    level: def.responsible.level,
    orgUnitSlug: chosenUnit ?? def.responsible.orgUnit,
    municipalityId,
    chosenByApplicant: !!chosenUnit,
  });
  if (!office) return { ok: false, reason: 'no_office' };
  const fees = calculateFees(def, answers);
  const summary = flatSummary(summarise(def, answers, { t, lang: 'de', municipalities: munis }));
  if (fees.totalCents > 0)
    summary.push({ label: t('applications.fee.total'), value: formatEuro('de', fees.totalCents) });
  const attachments = attachmentsOf(def, answers);
  const applicantName = def.applicant.nameFields
    .map((n) => answers[n])
    .filter((v): v is string => typeof v === 'string' && !!v)
    .join(' ');
  const email = answers[def.applicant.emailField];
  const applicantEmail = typeof email === 'string' ? email : '';
  const paymentMode = fees.totalCents > 0 ? (def.payment?.mode ?? 'before') : 'none';
  const now = kernel.clock.now();

  const attempt = () =>
    inTransaction(kernel.db.pool, async (client) => {
      // Claims the draft (and holds its row lock to the end). A concurrent submit that committed
      // first has marked it already (the unique draft_id of submissions is the database's
      // guarantee behind this check).
      const claim = await claimDraftForSubmission(client, draft.id, now);
      if (claim === 'missing') return null;
      if (claim === 'submitted') {
        const other = await submissionByDraft(client, draft.id);
        return other ? { submission: other, duplicate: true } : null;
      }
      const reference = newReference();
      // Unless the fee is paid first, the case opens in this transaction; its id is drawn here so
      // that the submission is stored with it in one statement.
      const caseId = paymentMode !== 'before' ? randomUUID() : null;
      const s: Omit<Submission, 'id' | 'kassenzeichen'> = {
        draftId: draft.id,
        reference,
        formSlug: draft.formSlug,
        formVersion: draft.formVersion,
        serviceSlug: def.serviceSlug,
        tenantId: office.tenantId,
        orgUnitId: office.orgUnitId,
        accountId: draft.accountId,
        browserKeyHash: draft.browserKeyHash,
        applicantEmail,
        applicantName,
        answers,
        summary,
        attachments,
        feeCents: fees.totalCents,
        feeLines: fees.lines,
        paymentMode,
        paymentStatus: paymentMode === 'none' ? 'none' : 'due',
        status: paymentMode === 'before' ? 'awaiting_payment' : 'submitted',
        submittedAt: now,
        caseId,
      };
      const id = await insertSubmission(client, s);
      if (!id) {
        const winner = await submissionByDraft(client, draft.id);
        return winner ? { submission: winner, duplicate: true } : null;
      }
      if (caseId) {
        const opened = await openCase(kernel, client, {
          caseId,
          reference,
          serviceSlug: def.serviceSlug,
          tenantId: office.tenantId,
          orgUnitId: office.orgUnitId,
          applicantAccountId: draft.accountId,
          applicantEmail,
          applicantName,
          formSlug: draft.formSlug,
          formVersion: draft.formVersion,
          data: answers,
          summary,
          attachments: attachmentsForCase(attachments),
          payment: {
            status: paymentMode === 'later' ? 'due' : 'none',
            amountCents: fees.totalCents,
            kassenzeichen: null,
            provider: null,
          },
          submittedAt: now,
        });
        // The reference belongs to a case without a submission (opened by another way): the
        // transaction is undone and a new reference drawn, as for a taken submission reference.
        if (opened.caseId !== caseId) throw new ReferenceTaken();
      }
      await kernel.audit.record(
        {
          actorId: actor.accountId,
          action: 'application.submitted',
          objectType: 'application',
          objectId: id,
          tenantId: office.tenantId,
          after: {
            reference,
            form: draft.formSlug,
            version: draft.formVersion,
            feeCents: fees.totalCents,
            paymentMode,
          },
          requestId: opts.requestId ?? null,
        },
        client,
      );
      const submission: Submission = { ...s, id, kassenzeichen: null };
      // In this transaction: the confirmation exists exactly when the submission does.
      await sendConfirmationMail(kernel, def, submission, client);
      return { submission, duplicate: false };
    });
  // A reference drawn twice (1 in 10^10) violates its unique index: draw again.
  const withRetry = async (i: number): Promise<Awaited<ReturnType<typeof attempt>>> => {
    try {
      return await attempt();
    } catch (err) {
      const e = err as { code?: string; constraint?: string };
      const taken =
        err instanceof ReferenceTaken || (e.code === '23505' && e.constraint === 'submissions_reference_key');
      if (i < 3 && taken) return withRetry(i + 1);
      throw err;
    }
  };
  const result = await withRetry(0);
  if (!result) return { ok: false, reason: 'invalid', stepId: def.steps[0]!.id };
  const { submission, duplicate } = result;
  return { ok: true, reference: submission.reference, next: nextAfter(submission), duplicate };
}

function nextAfter(s: Submission): 'payment' | 'confirmation' {
  return s.status === 'awaiting_payment' ? 'payment' : 'confirmation';
}

/**
 * The confirmation mail, recorded in the submission's transaction and delivered after its COMMIT.
 * An address or template the mailer refuses is logged and does not undo the submission (that
 * check fails before any SQL runs, so the transaction stays usable).
 */
async function sendConfirmationMail(
  kernel: Kernel,
  def: FormDefinition,
  s: Submission,
  trx: pg.PoolClient,
): Promise<void> {
  if (!s.applicantEmail) return;
  const t = kernel.i18n.translator('de');
  try {
    await kernel.mail.sendTemplate(
      s.applicantEmail,
      'applications.received',
      'de',
      {
        name: s.applicantName || t('applications.mail.nameless'),
        title: tx(def.title, 'de'),
        reference: s.reference,
        payment:
          s.paymentMode === 'before'
            ? t('applications.mail.payBefore', { amount: formatEuro('de', s.feeCents) })
            : s.paymentMode === 'later'
              ? t('applications.mail.payLater', {
                  amount: formatEuro('de', s.feeCents),
                  url: `${kernel.config.baseUrl}/antraege/zahlung/${s.reference}`,
                })
              : t('applications.mail.noFee'),
        site: t('site.name'),
      },
      { trx },
    );
  } catch (err) {
    // A database error has aborted the transaction: it undoes the submission, it is not ignored.
    if (err instanceof pg.DatabaseError) throw err;
    kernel.log.error({ err, reference: s.reference }, 'application stored, but the confirmation mail failed');
  }
}
