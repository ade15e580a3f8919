import type { KernelDeps } from '../deps.ts';
import type { Kysely } from 'kysely';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  tenantId?: string | null;
  before?: unknown;
  after?: unknown;
}

export interface AuditLog {
  /** Appends an entry; pass the transaction of the change so both commit together. */
  record(entry: AuditEntry, trx?: Kysely<any>): Promise<void>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

// Placeholder until the audit implementation lands.
export function createAuditLog(_deps: KernelDeps): AuditLog {
  return { record: async () => undefined };
}
