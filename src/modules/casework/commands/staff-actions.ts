import { inTransaction } from '../../../kernel/db/database.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { canTransition, isFinal, isPriority, MANUAL_TARGETS, type CaseStatus } from '../domain.ts';
import { CaseAssigned, CaseStatusChanged, InformationRequested } from '../events.ts';
import { queueCaseMail, sendCaseMailNow } from './notify.ts';
import { lockVisibleCase, logStaffAction, type Fail, type StaffActor } from './shared.ts';

export const REASON_MAX = 2000;
export const NOTE_MAX = 5000;
export const QUESTION_MAX = 5000;

export async function changeStatus(
  kernel: Kernel,
  actor: StaffActor,
  input: { caseId: string; to: CaseStatus; reason: string },
): Promise<{ ok: true } | Fail<'not_found' | 'invalid_transition' | 'reason_required'>> {
  if (!MANUAL_TARGETS.includes(input.to)) return { ok: false, reason: 'invalid_transition' };
  const reason = input.reason.trim();
  if ((input.to === 'withdrawn' || input.to === 'waiting') && !reason)
    return { ok: false, reason: 'reason_required' };
  return inTransaction(kernel.db.pool, async (client) => {
    const c = await lockVisibleCase(client, actor, input.caseId);
    if (!c) return { ok: false, reason: 'not_found' } as const;
    if (!canTransition(c.status, input.to)) return { ok: false, reason: 'invalid_transition' } as const;
    const now = kernel.clock.now();
    await client.query(
      `update casework.cases set status = $2, updated_at = $3,
         closed_at = case when $4 then $3 else closed_at end where id = $1`,
      [c.id, input.to, now, isFinal(input.to)],
    );
    await logStaffAction(kernel, client, actor, c, {
      kind: 'status_changed',
      visibility: 'citizen',
      data: { from: c.status, to: input.to, reason: reason.slice(0, REASON_MAX) },
    });
    await kernel.events.publish(
      client,
      CaseStatusChanged.of(
        { caseId: c.id, reference: c.reference, from: c.status, to: input.to },
        c.tenantId,
      ),
    );
    return { ok: true } as const;
  });
}

/**
 * Assigns cases to a colleague (or removes the assignment). All or nothing: when one case is not
 * visible to the actor, or the assignee may not work on it, nothing changes.
 */
export async function assignCases(
  kernel: Kernel,
  actor: StaffActor,
  input: {
    caseIds: string[];
    assignee: {
      id: string;
      name: string;
      canSee: (c: { tenantId: string; orgUnitId: string }) => boolean;
    } | null;
  },
): Promise<{ ok: true; count: number } | Fail<'not_found' | 'none_selected' | 'assignee_not_allowed'>> {
  const ids = [...new Set(input.caseIds)];
  if (!ids.length) return { ok: false, reason: 'none_selected' };
  return inTransaction(kernel.db.pool, async (client, rollback) => {
    const now = kernel.clock.now();
    // Lock in a fixed order so that concurrent bulk assignments cannot deadlock.
    for (const id of ids.sort()) {
      const c = await lockVisibleCase(client, actor, id);
      if (!c) return rollback({ ok: false, reason: 'not_found' } as const);
      if (input.assignee && !input.assignee.canSee(c))
        return rollback({ ok: false, reason: 'assignee_not_allowed' } as const);
      if (c.assigneeId === (input.assignee?.id ?? null)) continue;
      await client.query(
        'update casework.cases set assignee_id = $2, assignee_name = $3, updated_at = $4 where id = $1',
        [c.id, input.assignee?.id ?? null, input.assignee?.name ?? null, now],
      );
      await logStaffAction(kernel, client, actor, c, {
        kind: 'assigned',
        visibility: 'internal',
        data: { assigneeId: input.assignee?.id ?? null, assigneeName: input.assignee?.name ?? null },
      });
      await kernel.events.publish(
        client,
        CaseAssigned.of({ caseId: c.id, assigneeId: input.assignee?.id ?? null }, c.tenantId),
      );
    }
    return { ok: true, count: ids.length } as const;
  });
}

export async function addNote(
  kernel: Kernel,
  actor: StaffActor,
  input: { caseId: string; text: string },
): Promise<{ ok: true } | Fail<'not_found' | 'empty' | 'too_long'>> {
  const text = input.text.trim();
  if (!text) return { ok: false, reason: 'empty' };
  if (text.length > NOTE_MAX) return { ok: false, reason: 'too_long' };
  return inTransaction(kernel.db.pool, async (client) => {
    const c = await lockVisibleCase(client, actor, input.caseId);
    if (!c) return { ok: false, reason: 'not_found' } as const;
    await logStaffAction(kernel, client, actor, c, { kind: 'note', visibility: 'internal', data: { text } });
    return { ok: true } as const;
  });
}

export async function setPriority(
  kernel: Kernel,
  actor: StaffActor,
  input: { caseId: string; priority: string },
): Promise<{ ok: true } | Fail<'not_found' | 'invalid'>> {
  if (!isPriority(input.priority)) return { ok: false, reason: 'invalid' };
  const priority = input.priority;
  return inTransaction(kernel.db.pool, async (client) => {
    const c = await lockVisibleCase(client, actor, input.caseId);
    if (!c) return { ok: false, reason: 'not_found' } as const;
    if (c.priority === priority) return { ok: true } as const;
    await client.query('update casework.cases set priority = $2, updated_at = $3 where id = $1', [
      c.id,
      priority,
      kernel.clock.now(),
    ]);
    await logStaffAction(kernel, client, actor, c, {
      kind: 'priority_changed',
      visibility: 'internal',
      data: { from: c.priority, to: priority },
    });
    return { ok: true } as const;
  });
}

/**
 * Asks the applicant for more information: the case waits for the applicant, the question goes
 * into the file and the citizen's postbox, and the applicant gets a mail (queued with the change,
 * sent right after the commit; see notify.ts).
 */
export async function requestInformation(
  kernel: Kernel,
  actor: StaffActor,
  input: { caseId: string; question: string },
): Promise<
  | { ok: true; rfiId: string }
  | Fail<'not_found' | 'empty' | 'too_long' | 'invalid_transition' | 'open_request'>
> {
  const question = input.question.trim();
  if (!question) return { ok: false, reason: 'empty' };
  if (question.length > QUESTION_MAX) return { ok: false, reason: 'too_long' };
  const result = await inTransaction(kernel.db.pool, async (client) => {
    const c = await lockVisibleCase(client, actor, input.caseId);
    if (!c) return { ok: false, reason: 'not_found' } as const;
    if (c.status !== 'waiting' && !canTransition(c.status, 'waiting'))
      return { ok: false, reason: 'invalid_transition' } as const;
    const open = await client.query(
      'select 1 from casework.rfis where case_id = $1 and answered_at is null',
      [c.id],
    );
    if (open.rowCount) return { ok: false, reason: 'open_request' } as const;
    const now = kernel.clock.now();
    const { rows } = await client.query<{ id: string }>(
      'insert into casework.rfis (case_id, question, asked_by, asked_at) values ($1,$2,$3,$4) returning id',
      [c.id, question, actor.accountId, now],
    );
    const rfiId = rows[0]!.id;
    await client.query(`update casework.cases set status = 'waiting', updated_at = $2 where id = $1`, [
      c.id,
      now,
    ]);
    await logStaffAction(kernel, client, actor, c, {
      kind: 'information_requested',
      visibility: 'citizen',
      data: { rfiId, question, from: c.status },
    });
    if (c.applicantAccountId) {
      await client.query(
        `insert into casework.postbox (account_id, case_id, kind, subject, body, created_at)
         values ($1,$2,'message',$3,$4,$5)`,
        [c.applicantAccountId, c.id, `Rückfrage zu Ihrem Antrag ${c.reference}`, question, now],
      );
    }
    await kernel.events.publish(client, InformationRequested.of({ caseId: c.id, rfiId }, c.tenantId));
    if (c.applicantEmail) await queueCaseMail(kernel, client, { kind: 'rfi', caseId: c.id, rfiId });
    if (c.status !== 'waiting')
      await kernel.events.publish(
        client,
        CaseStatusChanged.of(
          { caseId: c.id, reference: c.reference, from: c.status, to: 'waiting' },
          c.tenantId,
        ),
      );
    return { ok: true, rfiId, c } as const;
  });
  if (!result.ok) return result;
  await sendCaseMailNow(kernel, { kind: 'rfi', caseId: result.c.id, rfiId: result.rfiId });
  return { ok: true, rfiId: result.rfiId };
}
