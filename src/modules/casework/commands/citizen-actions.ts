import { inTransaction } from '../../../kernel/db/database.ts';
import type { StoredFile } from '../../../kernel/files/index.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { appendFileEntry, findCaseById, insertDocument, type CaseRecord } from '../db/cases.ts';
import { canTransition, isUuid } from '../domain.ts';
import { CaseStatusChanged, InformationProvided } from '../events.ts';
import type { Fail } from './shared.ts';

export const ANSWER_MAX = 10_000;

async function lockOwnCase(
  client: Parameters<typeof findCaseById>[0],
  accountId: string,
  caseId: string,
): Promise<CaseRecord | null> {
  if (!isUuid(caseId)) return null;
  const c = await findCaseById(client, caseId, true);
  return c && c.applicantAccountId === accountId ? c : null;
}

/**
 * The applicant answers the open request for information with text and/or files; the case goes
 * back to "in progress". The files were stored before (upload); on failure the caller deletes them.
 */
export async function answerInformation(
  kernel: Kernel,
  input: { accountId: string; displayName: string; caseId: string; text: string; files: StoredFile[] },
): Promise<{ ok: true } | Fail<'not_found' | 'no_open_request' | 'empty' | 'too_long'>> {
  const text = input.text.trim();
  if (!text && !input.files.length) return { ok: false, reason: 'empty' };
  if (text.length > ANSWER_MAX) return { ok: false, reason: 'too_long' };
  return inTransaction(kernel.db.pool, async (client) => {
    const c = await lockOwnCase(client, input.accountId, input.caseId);
    if (!c) return { ok: false, reason: 'not_found' } as const;
    const { rows } = await client.query<{ id: string }>(
      'select id from casework.rfis where case_id = $1 and answered_at is null for update',
      [c.id],
    );
    const rfi = rows[0];
    if (!rfi || c.status !== 'waiting') return { ok: false, reason: 'no_open_request' } as const;
    const now = kernel.clock.now();
    await client.query('update casework.rfis set answer = $2, answered_at = $3 where id = $1', [
      rfi.id,
      text,
      now,
    ]);
    for (const f of input.files) {
      await insertDocument(client, {
        caseId: c.id,
        kind: 'rfi_answer',
        fileId: f.id,
        filename: f.originalName ?? 'datei',
        mediaType: f.mediaType,
        size: f.size,
        sha256: f.sha256,
        rfiId: rfi.id,
        createdAt: now,
      });
    }
    const to = canTransition(c.status, 'in_progress') ? 'in_progress' : c.status;
    await client.query('update casework.cases set status = $2, updated_at = $3 where id = $1', [
      c.id,
      to,
      now,
    ]);
    await appendFileEntry(client, {
      caseId: c.id,
      at: now,
      kind: 'information_provided',
      actorId: input.accountId,
      actorLabel: input.displayName,
      visibility: 'citizen',
      data: {
        rfiId: rfi.id,
        text,
        files: input.files.map((f) => ({ filename: f.originalName, sha256: f.sha256 })),
      },
    });
    await kernel.audit.record(
      {
        actorId: input.accountId,
        action: 'casework.information_provided',
        objectType: 'case',
        objectId: c.id,
        tenantId: c.tenantId,
        after: { reference: c.reference, rfiId: rfi.id, files: input.files.length },
      },
      client,
    );
    await kernel.events.publish(client, InformationProvided.of({ caseId: c.id, rfiId: rfi.id }, c.tenantId));
    await kernel.events.publish(
      client,
      CaseStatusChanged.of({ caseId: c.id, reference: c.reference, from: c.status, to }, c.tenantId),
    );
    return { ok: true } as const;
  });
}

/** The applicant withdraws an open case. */
export async function withdrawCase(
  kernel: Kernel,
  input: { accountId: string; displayName: string; caseId: string },
): Promise<{ ok: true } | Fail<'not_found' | 'invalid_transition'>> {
  return inTransaction(kernel.db.pool, async (client) => {
    const c = await lockOwnCase(client, input.accountId, input.caseId);
    if (!c) return { ok: false, reason: 'not_found' } as const;
    if (!canTransition(c.status, 'withdrawn')) return { ok: false, reason: 'invalid_transition' } as const;
    const now = kernel.clock.now();
    await client.query(
      `update casework.cases set status = 'withdrawn', closed_at = $2, updated_at = $2 where id = $1`,
      [c.id, now],
    );
    await client.query(
      'update casework.rfis set answered_at = $2 where case_id = $1 and answered_at is null',
      [c.id, now],
    );
    await appendFileEntry(client, {
      caseId: c.id,
      at: now,
      kind: 'status_changed',
      actorId: input.accountId,
      actorLabel: input.displayName,
      visibility: 'citizen',
      data: { from: c.status, to: 'withdrawn', reason: 'Vom Antragsteller zurückgezogen' },
    });
    await kernel.audit.record(
      {
        actorId: input.accountId,
        action: 'casework.withdrawn',
        objectType: 'case',
        objectId: c.id,
        tenantId: c.tenantId,
        after: { reference: c.reference },
      },
      client,
    );
    await kernel.events.publish(
      client,
      CaseStatusChanged.of(
        { caseId: c.id, reference: c.reference, from: c.status, to: 'withdrawn' },
        c.tenantId,
      ),
    );
    return { ok: true } as const;
  });
}

export async function markPostboxRead(
  kernel: Kernel,
  accountId: string,
  messageId: string,
): Promise<boolean> {
  if (!isUuid(messageId)) return false;
  const res = await kernel.db.pool.query(
    'update casework.postbox set read_at = coalesce(read_at, $3) where id = $1 and account_id = $2',
    [messageId, accountId, kernel.clock.now()],
  );
  return (res.rowCount ?? 0) > 0;
}
