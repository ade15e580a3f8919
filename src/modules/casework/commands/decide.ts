import { inTransaction } from '../../../kernel/db/database.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import {
  DECISION_WORDS,
  DEFAULT_TEMPLATE,
  LEGAL_REMEDY_HEADING,
  LEGAL_REMEDY_NRW,
} from '../data/notice-texts.ts';
import { findCaseById, insertDocument, type CaseRecord } from '../db/cases.ts';
import { findTemplate } from '../db/templates.ts';
import { canTransition, fillTemplate, isUuid, type Decision } from '../domain.ts';
import { CaseStatusChanged, NoticeIssued } from '../events.ts';
import { renderPdf, type PdfBlock } from '../../../kernel/pdf/render.ts';
import { formatDate, formatMoney } from '../presenters/format.ts';
import { scopeAllows } from '../policies.ts';
import { queueCaseMail, sendCaseMailNow } from './notify.ts';
import { lockVisibleCase, logStaffAction, type Fail, type StaffActor } from './shared.ts';

export const DECISION_REASON_MAX = 5000;

/** The notice's content for a case (template of the tenant and service, placeholders filled). */
export async function composeNotice(
  kernel: Kernel,
  c: CaseRecord,
  decision: Decision,
  reason: string,
  clerkName: string,
): Promise<{ title: string; blocks: PdfBlock[]; author: string }> {
  const tpl = (await findTemplate(kernel.db.pool, c.tenantId, c.serviceSlug)) ?? DEFAULT_TEMPLATE;
  const tenant = await kernel.tenants.get(c.tenantId);
  const unit = await kernel.tenants.orgUnit(c.orgUnitId);
  const now = kernel.clock.now();
  const authority = tenant?.name ?? c.tenantId;
  const values: Record<string, string> = {
    reference: c.reference,
    applicantName: c.applicantName ?? '',
    service: c.serviceTitle,
    authority,
    orgUnit: unit?.name ?? '',
    date: formatDate('de', now),
    submittedDate: formatDate('de', c.submittedAt),
    decision: DECISION_WORDS[decision] ?? decision,
    reason,
    amount: formatMoney('de', c.paymentAmountCents),
  };
  const title = fillTemplate(tpl.title, values);
  const address = unit?.address.street
    ? unit.address
    : (tenant?.address ?? { street: null, postalCode: null, city: null });
  const letterhead = [
    authority,
    unit?.name,
    address.street,
    [address.postalCode, address.city].filter(Boolean).join(' '),
  ]
    .filter(Boolean)
    .join(' · ');
  const blocks: PdfBlock[] = [
    { type: 'small', text: letterhead },
    { type: 'space' },
    { type: 'p', text: c.applicantName ?? '' },
    { type: 'space' },
    { type: 'p', text: `Datum: ${values.date}\nAktenzeichen: ${c.reference}` },
    { type: 'space' },
    { type: 'h1', text: title },
    { type: 'p', text: c.applicantName ? `Guten Tag ${c.applicantName},` : 'Guten Tag,' },
    ...fillTemplate(tpl.body, values)
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean)
      .map((text) => ({ type: 'p' as const, text })),
  ];
  if (reason) blocks.push({ type: 'h2', text: 'Begründung' }, { type: 'p', text: reason });
  blocks.push(
    { type: 'h2', text: LEGAL_REMEDY_HEADING },
    ...LEGAL_REMEDY_NRW.map((text) => ({ type: 'p' as const, text })),
    { type: 'space' },
    { type: 'p', text: `Mit freundlichen Grüßen\nIm Auftrag\n${clerkName}\n${unit?.name ?? authority}` },
    { type: 'small', text: 'Dieser Bescheid wurde elektronisch erstellt und ist ohne Unterschrift gültig.' },
  );
  return { title, blocks, author: authority };
}

/**
 * Decides a case: generates the notice PDF from the template, stores it, sets the decision,
 * files the notice, delivers it into the applicant's postbox and mails a notification (after
 * commit). When the transaction fails, the stored PDF is deleted again.
 */
export async function decideCase(
  kernel: Kernel,
  actor: StaffActor,
  input: { caseId: string; decision: Decision; reason: string },
): Promise<
  { ok: true; documentId: string } | Fail<'not_found' | 'invalid_transition' | 'reason_required' | 'too_long'>
> {
  const reason = input.reason.trim();
  if (reason.length > DECISION_REASON_MAX) return { ok: false, reason: 'too_long' };
  if (input.decision !== 'approved' && !reason) return { ok: false, reason: 'reason_required' };
  if (!isUuid(input.caseId)) return { ok: false, reason: 'not_found' };
  const before = await findCaseById(kernel.db.pool, input.caseId);
  if (!before || !scopeAllows(actor.scope, before)) return { ok: false, reason: 'not_found' };
  if (!canTransition(before.status, input.decision)) return { ok: false, reason: 'invalid_transition' };

  const notice = await composeNotice(kernel, before, input.decision, reason, actor.displayName);
  const now = kernel.clock.now();
  const pdf = await renderPdf({
    title: notice.title,
    author: notice.author,
    blocks: notice.blocks,
    createdAt: now,
  });
  const filename = `Bescheid-${before.reference.replace(/[^\w.-]/g, '_')}.pdf`;
  const file = await kernel.files.put(pdf, {
    declaredName: filename,
    allowedTypes: ['application/pdf'],
    tenantId: before.tenantId,
    ownerId: before.applicantAccountId,
  });
  let result: { ok: true; documentId: string; c: CaseRecord } | Fail<'not_found' | 'invalid_transition'>;
  try {
    result = await inTransaction(kernel.db.pool, async (client) => {
      const c = await lockVisibleCase(client, actor, input.caseId);
      if (!c) return { ok: false, reason: 'not_found' } as const;
      if (!canTransition(c.status, input.decision))
        return { ok: false, reason: 'invalid_transition' } as const;
      await client.query(
        'update casework.cases set status = $2, decision = $2, updated_at = $3 where id = $1',
        [c.id, input.decision, now],
      );
      await client.query(
        'update casework.rfis set answered_at = $2 where case_id = $1 and answered_at is null',
        [c.id, now],
      );
      const documentId = await insertDocument(client, {
        caseId: c.id,
        kind: 'notice',
        fileId: file.id,
        filename,
        mediaType: 'application/pdf',
        size: file.size,
        sha256: file.sha256,
        rfiId: null,
        createdAt: now,
      });
      if (c.applicantAccountId) {
        await client.query(
          `insert into casework.postbox (account_id, case_id, kind, subject, body, document_id, created_at)
           values ($1,$2,'notice',$3,$4,$5,$6)`,
          [
            c.applicantAccountId,
            c.id,
            notice.title,
            `Ihr Bescheid zum Antrag ${c.reference} (${c.serviceTitle}) liegt als PDF bei.`,
            documentId,
            now,
          ],
        );
      }
      await logStaffAction(kernel, client, actor, c, {
        kind: 'decided',
        visibility: 'citizen',
        data: { from: c.status, to: input.decision, decision: input.decision, reason },
      });
      await logStaffAction(kernel, client, actor, c, {
        kind: 'notice_issued',
        visibility: 'citizen',
        data: { documentId, filename, sha256: file.sha256, title: notice.title },
      });
      await kernel.events.publish(
        client,
        CaseStatusChanged.of(
          { caseId: c.id, reference: c.reference, from: c.status, to: input.decision },
          c.tenantId,
        ),
      );
      await kernel.events.publish(
        client,
        NoticeIssued.of(
          { caseId: c.id, reference: c.reference, decision: input.decision, documentId },
          c.tenantId,
        ),
      );
      if (c.applicantEmail) await queueCaseMail(kernel, client, { kind: 'notice', caseId: c.id, documentId });
      return { ok: true, documentId, c } as const;
    });
  } catch (err) {
    await kernel.files.delete(file.id).catch(() => undefined);
    throw err;
  }
  if (!result.ok) {
    await kernel.files.delete(file.id).catch(() => undefined);
    return result;
  }
  await sendCaseMailNow(kernel, { kind: 'notice', caseId: result.c.id, documentId: result.documentId });
  return { ok: true, documentId: result.documentId };
}
