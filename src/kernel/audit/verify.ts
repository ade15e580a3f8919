import type pg from 'pg';
import { chainHash, GENESIS_HASH, rowCanonical, type StoredChainedRow } from './chain.ts';

export interface VerifyResult {
  ok: boolean;
  /** Entries checked (all of them when ok). */
  entries: number;
  headHash: string;
  /** The first entry that does not fit the chain. */
  broken?: { seq: number; reason: string };
}

interface Row extends StoredChainedRow {
  seq: number | string;
  prev_hash: string;
  hash: string;
}

const BATCH = 1000;

/**
 * Walks the whole chain in sequence order and recomputes every hash. Finds changed entries,
 * removed entries (a gap or a wrong previous hash) and a cut-off tail (the head row disagrees).
 */
export async function verifyChain(pool: pg.Pool, opts: { anchor?: string } = {}): Promise<VerifyResult> {
  let anchorFound = !opts.anchor || opts.anchor === GENESIS_HASH;
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  let count = 0;
  for (;;) {
    const { rows } = await pool.query<Row>(
      'select * from kernel.audit_log where seq >= $1 order by seq limit $2',
      [expectedSeq, BATCH],
    );
    for (const r of rows) {
      const seq = Number(r.seq);
      const fail = (reason: string): VerifyResult => ({
        ok: false,
        entries: count,
        headHash: prev,
        broken: { seq, reason },
      });
      if (seq !== expectedSeq)
        return {
          ...fail(`entry ${expectedSeq} is missing`),
          broken: { seq: expectedSeq, reason: `entry ${expectedSeq} is missing` },
        };
      if (r.prev_hash !== prev) return fail('previous hash does not match the entry before it');
      const canonical = rowCanonical(r);
      if (chainHash(prev, seq, canonical) !== r.hash) return fail('content does not match its hash');
      prev = r.hash;
      if (r.hash === opts.anchor) anchorFound = true;
      expectedSeq++;
      count++;
    }
    if (rows.length < BATCH) break;
  }
  const { rows: head } = await pool.query<{ last_seq: number | string; last_hash: string }>(
    'select last_seq, last_hash from kernel.audit_chain where id = 1',
  );
  const h = head[0];
  if (!h)
    return {
      ok: false,
      entries: count,
      headHash: prev,
      broken: { seq: expectedSeq, reason: 'chain head is missing' },
    };
  if (Number(h.last_seq) !== count || h.last_hash !== prev) {
    return {
      ok: false,
      entries: count,
      headHash: prev,
      broken: { seq: expectedSeq, reason: `entries after ${count} are missing (head is at ${h.last_seq})` },
    };
  }
  if (!anchorFound) {
    return {
      ok: false,
      entries: count,
      headHash: prev,
      broken: { seq: expectedSeq, reason: `the recorded head ${opts.anchor!} is not part of the chain` },
    };
  }
  return { ok: true, entries: count, headHash: prev };
}
