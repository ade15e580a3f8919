import type pg from 'pg';

export interface AuditRecord {
  seq: number;
  createdAt: Date;
  actorId: string | null;
  /** Display name of the actor's account, when it still exists. */
  actorName: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  tenantId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  hash: string;
}

export interface AuditFilter {
  /** Tenants the reader may see; 'all' also shows entries without a tenant. */
  tenantIds: 'all' | string[];
  action?: string;
  /** Account id or e-mail address of the actor. */
  actor?: string;
  /** Calendar days (YYYY-MM-DD, Europe/Berlin), both inclusive. */
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

export interface AuditCheck {
  checkedAt: Date;
  ok: boolean;
  entries: number;
  brokenSeq: number | null;
  reason: string | null;
}

function where(f: AuditFilter): { sql: string; values: unknown[] } {
  const values: unknown[] = [];
  const conds: string[] = [];
  const p = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  if (f.tenantIds !== 'all') conds.push(`l.tenant_id = any(${p(f.tenantIds)}::text[])`);
  if (f.action) conds.push(`l.action like ${p(`${f.action.replace(/[\\%_]/g, '\\$&')}%`)}`);
  if (f.actor) {
    const a = p(f.actor);
    conds.push(
      `(l.actor_id = ${a} or l.actor_id in (select id::text from kernel.accounts where lower(email) = lower(${a})))`,
    );
  }
  if (f.from) conds.push(`l.created_at >= (${p(f.from)}::date)::timestamp at time zone 'Europe/Berlin'`);
  if (f.to) conds.push(`l.created_at < ((${p(f.to)}::date) + 1)::timestamp at time zone 'Europe/Berlin'`);
  return { sql: conds.length ? `where ${conds.join(' and ')}` : '', values };
}

export async function listAudit(
  pool: pg.Pool,
  f: AuditFilter,
): Promise<{ items: AuditRecord[]; total: number }> {
  const w = where(f);
  const n = w.values.length;
  const [list, count] = await Promise.all([
    pool.query<Record<string, unknown>>(
      `select l.*, a.display_name as actor_name from kernel.audit_log l
       left join kernel.accounts a on a.id::text = l.actor_id
       ${w.sql} order by l.seq desc limit $${n + 1} offset $${n + 2}`,
      [...w.values, f.limit, f.offset],
    ),
    pool.query<{ n: number }>(`select count(*)::int as n from kernel.audit_log l ${w.sql}`, w.values),
  ]);
  return {
    total: count.rows[0]!.n,
    items: list.rows.map((r) => ({
      seq: Number(r.seq),
      createdAt: r.created_at as Date,
      actorId: r.actor_id as string | null,
      actorName: r.actor_name as string | null,
      action: r.action as string,
      objectType: r.object_type as string,
      objectId: r.object_id as string | null,
      tenantId: r.tenant_id as string | null,
      before: r.before,
      after: r.after,
      requestId: r.request_id as string | null,
      hash: r.hash as string,
    })),
  };
}

export async function saveCheck(
  pool: pg.Pool,
  c: { ok: boolean; entries: number; brokenSeq?: number; reason?: string },
): Promise<void> {
  await pool.query(
    'insert into kernel.audit_checks (ok, entries, broken_seq, reason) values ($1, $2, $3, $4)',
    [c.ok, c.entries, c.brokenSeq ?? null, c.reason ?? null],
  );
}

export async function lastCheck(pool: pg.Pool): Promise<AuditCheck | null> {
  const { rows } = await pool.query<{
    checked_at: Date;
    ok: boolean;
    entries: number | string;
    broken_seq: number | string | null;
    reason: string | null;
  }>('select * from kernel.audit_checks order by id desc limit 1');
  const r = rows[0];
  return r
    ? {
        checkedAt: r.checked_at,
        ok: r.ok,
        entries: Number(r.entries),
        brokenSeq: r.broken_seq === null ? null : Number(r.broken_seq),
        reason: r.reason,
      }
    : null;
}
