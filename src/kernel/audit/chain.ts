import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** An escaped NUL (\u0000) in JSON text, not preceded by an escaped backslash. */
export const JSON_NUL = /(?<!\\)((?:\\\\)*)\\u0000/g;

/**
 * Deterministic JSON: object keys sorted, undefined dropped, no whitespace. The same value
 * gives the same text before it is stored and after it comes back from a jsonb column.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return 'null';
  return JSON.stringify(value);
}

/**
 * A JSON value as jsonb will give it back (Dates become strings, undefined disappears). NUL
 * characters, which jsonb cannot store, are dropped.
 */
export function jsonValue(value: unknown): unknown {
  const text = JSON.stringify(value) as string | undefined;
  return text === undefined ? null : (JSON.parse(text.replace(JSON_NUL, '$1')) as unknown);
}

/** The fields of an entry that the hash covers, as stored. */
export interface ChainedFields {
  createdAt: Date;
  actorId: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  tenantId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
}

export function entryCanonical(e: ChainedFields): string {
  return canonicalJson({
    action: e.action,
    actorId: e.actorId,
    after: e.after ?? null,
    before: e.before ?? null,
    objectId: e.objectId,
    objectType: e.objectType,
    requestId: e.requestId,
    tenantId: e.tenantId,
    time: e.createdAt.toISOString(),
  });
}

/** A stored audit row (snake_case columns) as it enters the hash. */
export interface StoredChainedRow {
  created_at: Date;
  actor_id: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  tenant_id: string | null;
  before: unknown;
  after: unknown;
  request_id: string | null;
}

export function rowCanonical(r: StoredChainedRow): string {
  return entryCanonical({
    createdAt: r.created_at,
    actorId: r.actor_id,
    action: r.action,
    objectType: r.object_type,
    objectId: r.object_id,
    tenantId: r.tenant_id,
    before: r.before,
    after: r.after,
    requestId: r.request_id,
  });
}

/** sha256(prev ":" seq ":" canonical) in hex; the database computes the same on append. */
export function chainHash(prevHash: string, seq: number, canonical: string): string {
  return createHash('sha256').update(`${prevHash}:${seq}:${canonical}`, 'utf8').digest('hex');
}
