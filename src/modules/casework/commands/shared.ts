import type pg from 'pg';
import type { Kernel } from '../../../kernel/kernel.ts';
import { appendFileEntry, findCaseById, type CaseRecord } from '../db/cases.ts';
import { isUuid } from '../domain.ts';
import { scopeAllows, type CaseScope } from '../policies.ts';

export interface StaffActor {
  accountId: string;
  displayName: string;
  scope: CaseScope;
  requestId?: string;
}

export type Fail<R extends string> = { ok: false; reason: R };

/** Locks a case the actor may see; null for unknown or foreign cases (both look the same: 404). */
export async function lockVisibleCase(
  client: pg.PoolClient,
  actor: StaffActor,
  caseId: string,
): Promise<CaseRecord | null> {
  if (!isUuid(caseId)) return null;
  const c = await findCaseById(client, caseId, true);
  return c && scopeAllows(actor.scope, c) ? c : null;
}

const TEXT_KEYS = new Set(['text', 'question', 'reason', 'answer']);
function withoutText(data: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data ?? {}).filter(([k]) => !TEXT_KEYS.has(k)));
}

/** One file entry plus its audit record, in the transaction of the change. */
export async function logStaffAction(
  kernel: Kernel,
  client: pg.PoolClient,
  actor: StaffActor,
  c: CaseRecord,
  entry: { kind: string; visibility: 'internal' | 'citizen'; data?: Record<string, unknown> },
): Promise<void> {
  const at = kernel.clock.now();
  await appendFileEntry(client, {
    caseId: c.id,
    at,
    kind: entry.kind,
    actorId: actor.accountId,
    actorLabel: actor.displayName,
    visibility: entry.visibility,
    data: entry.data,
  });
  await kernel.audit.record(
    {
      actorId: actor.accountId,
      action: `casework.${entry.kind}`,
      objectType: 'case',
      objectId: c.id,
      tenantId: c.tenantId,
      // The audit log is kept forever: free text (notes, questions, reasons) stays in the case
      // file only, which the retention job can anonymise.
      after: { reference: c.reference, ...withoutText(entry.data) },
      requestId: actor.requestId ?? null,
    },
    client,
  );
}
