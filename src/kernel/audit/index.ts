import type { KernelDeps } from '../deps.ts';
import type { Jobs } from '../jobs/index.ts';
import { prepared } from '../db/prepared.ts';
import { commitBuffer, type CommitBuffer } from '../db/database.ts';
import { toQueryable, type Executor, type Queryable } from '../events/queryable.ts';
import { entryCanonical, jsonValue } from './chain.ts';
import {
  lastCheck,
  listAudit,
  saveCheck,
  type AuditCheck,
  type AuditFilter,
  type AuditRecord,
} from './queries.ts';
import { verifyChain, type VerifyResult } from './verify.ts';

export type { Executor } from '../events/queryable.ts';
export type { AuditCheck, AuditFilter, AuditRecord } from './queries.ts';
export type { VerifyResult } from './verify.ts';

export interface AuditEntry {
  /** Account id of who did it; null for the system (jobs, imports). */
  actorId: string | null;
  /** Dotted verb, e.g. "case.closed", "account.role_granted". */
  action: string;
  objectType: string;
  objectId: string | null;
  tenantId?: string | null;
  /** State before and after, where it matters (never secrets or password hashes). */
  before?: unknown;
  after?: unknown;
  /** The HTTP request id (request.id), to find the matching log lines. */
  requestId?: string | null;
}

export interface AuditLog {
  /**
   * Appends an entry. Pass the transaction of the change (a Kysely transaction, or a pg client
   * inside BEGIN … COMMIT) so that both commit or roll back together. The entry is sealed into
   * the hash chain (sequence number and hash) when that transaction commits, by a deferred
   * trigger that takes the chain head only for the commit itself: the chain never forks, and
   * audited transactions do not wait for each other while they work. Without a transaction the
   * entry is sealed at once. Entries of one transaction keep the order they were recorded in.
   * In a transaction of `inTransaction` the entries are kept in memory and written together, in
   * one statement, just before COMMIT (nothing is written when it rolls back).
   */
  record(entry: AuditEntry, trx?: Executor): Promise<void>;
  list(filter: AuditFilter): Promise<{ items: AuditRecord[]; total: number }>;
  /**
   * Recomputes the whole chain. `anchor`: a head hash recorded earlier outside the database;
   * the chain must still contain it (detects a rewritten chain).
   */
  verify(opts?: { anchor?: string }): Promise<VerifyResult>;
  /** Verifies and stores the result for the staff page. */
  check(opts?: { anchor?: string }): Promise<VerifyResult>;
  lastCheck(): Promise<AuditCheck | null>;
}

const ACTION_RE = /^[a-z0-9_.:-]{1,100}$/;

/** The entries wait in audit_pending; kernel.audit_seal() chains them at COMMIT. */
const APPEND_SQL = prepared(`
insert into kernel.audit_pending (canonical, created_at, actor_id, action, object_type, object_id, tenant_id, before, after, request_id)
select canonical, created_at, actor_id, action, object_type, object_id, tenant_id, before, after, request_id
  from unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[], $9::jsonb[], $10::text[])
       with ordinality as e(canonical, created_at, actor_id, action, object_type, object_id, tenant_id, before, after, request_id, n)
 order by n`);

/** One row of APPEND_SQL, column by column. */
type PendingRow = [
  string,
  Date,
  string | null,
  string,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
];

/** APPEND_SQL's parameters: one array per column. */
const appendValues = (rows: PendingRow[]) => rows[0]!.map((_, col) => rows.map((r) => r[col]));

async function appendPending(q: { query: Queryable['query'] }, rows: PendingRow[]): Promise<void> {
  await q.query(APPEND_SQL, appendValues(rows));
}

/** Entries recorded in a transaction of inTransaction: written with its other buffers before COMMIT. */
class PendingEntries implements CommitBuffer {
  readonly rows: PendingRow[] = [];
  statement() {
    return this.rows.length ? { text: APPEND_SQL.text, values: appendValues(this.rows.splice(0)) } : null;
  }
}
const PENDING = Symbol('kernel.audit');

export function createAuditLog(deps: KernelDeps, jobs?: Jobs): AuditLog {
  const { db, clock, log } = deps;
  const audit: AuditLog = {
    async record(entry, trx) {
      if (!ACTION_RE.test(entry.action))
        throw new Error(`invalid audit action ${JSON.stringify(entry.action)}`);
      const fields = {
        createdAt: clock.now(),
        actorId: entry.actorId,
        action: entry.action,
        objectType: entry.objectType,
        objectId: entry.objectId,
        tenantId: entry.tenantId ?? null,
        before: jsonValue(entry.before),
        after: jsonValue(entry.after),
        requestId: entry.requestId ?? null,
      };
      const row: PendingRow = [
        entryCanonical(fields),
        fields.createdAt,
        fields.actorId,
        fields.action,
        fields.objectType,
        fields.objectId,
        fields.tenantId,
        fields.before === null ? null : JSON.stringify(fields.before),
        fields.after === null ? null : JSON.stringify(fields.after),
        fields.requestId,
      ];
      const buffer = commitBuffer(trx, PENDING, () => new PendingEntries());
      if (buffer) buffer.rows.push(row);
      else await appendPending(toQueryable(trx ?? db.pool), [row]);
    },
    list: (filter) => listAudit(db.pool, filter),
    verify: (opts) => verifyChain(db.pool, opts),
    async check(opts) {
      const result = await verifyChain(db.pool, opts);
      await saveCheck(db.pool, {
        ok: result.ok,
        entries: result.entries,
        brokenSeq: result.broken?.seq,
        reason: result.broken?.reason,
      });
      return result;
    },
    lastCheck: () => lastCheck(db.pool),
  };
  jobs?.define<Record<string, never>>({
    name: 'kernel.audit-verify',
    cron: '41 * * * *',
    retryLimit: 0,
    handler: async () => {
      const r = await audit.check();
      if (!r.ok) log.error({ broken: r.broken }, 'audit chain is broken');
    },
  });
  return audit;
}
