import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import type { Clock } from '../../../kernel/clock.ts';
import type { PaymentProvider, PaymentResult, PaymentStart, PaymentStarted } from './provider.ts';

export const TEST_CASHIER = 'testkasse';
export const SIGNATURE_HEADER = 'x-testkasse-signature';

export function sign(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/**
 * The built-in test cashier. It behaves like an external provider: its own pages under
 * /antraege/testkasse/<tx>, its own table, and a server callback signed with HMAC-SHA256 over
 * the raw JSON body (header x-testkasse-signature). The Kassenzeichen is deterministic:
 * "TK-<year>-<6-digit sequence>".
 */
export function createTestCashier(deps: {
  pool: pg.Pool;
  clock: Clock;
  secret: string;
  baseUrl: string;
}): PaymentProvider & {
  secret: string;
} {
  return {
    name: TEST_CASHIER,
    secret: deps.secret,
    async start(p: PaymentStart): Promise<PaymentStarted> {
      const txId = `tk_${randomBytes(12).toString('hex')}`;
      const now = deps.clock.now();
      const { rows } = await deps.pool.query<{ n: string }>(
        `select nextval('applications.testkasse_seq')::text as n`,
      );
      const kassenzeichen = `TK-${now.getUTCFullYear()}-${rows[0]!.n.padStart(6, '0')}`;
      await deps.pool.query(
        `insert into applications.testkasse_tx (tx_id, reference, amount_cents, description, kassenzeichen, return_url, created_at)
         values ($1, $2, $3, $4, $5, $6, $7)`,
        [txId, p.reference, p.amountCents, p.description.slice(0, 300), kassenzeichen, p.returnUrl, now],
      );
      return { providerTxId: txId, kassenzeichen, redirectUrl: `/antraege/testkasse/${txId}` };
    },
    parseCallback(rawBody, headers): PaymentResult | null {
      const sig = headers[SIGNATURE_HEADER];
      if (typeof sig !== 'string' || !/^[0-9a-f]{64}$/.test(sig)) return null;
      const want = Buffer.from(sign(deps.secret, rawBody), 'hex');
      if (!timingSafeEqual(want, Buffer.from(sig, 'hex'))) return null;
      let body: unknown;
      try {
        body = JSON.parse(rawBody);
      } catch {
        return null;
      }
      if (!body || typeof body !== 'object') return null;
      const b = body as Record<string, unknown>;
      if (
        typeof b.txId !== 'string' ||
        !['paid', 'failed', 'cancelled'].includes(b.status as string) ||
        typeof b.amountCents !== 'number' ||
        !Number.isInteger(b.amountCents) ||
        typeof b.kassenzeichen !== 'string'
      )
        return null;
      return {
        providerTxId: b.txId,
        status: b.status as PaymentResult['status'],
        amountCents: b.amountCents,
        kassenzeichen: b.kassenzeichen,
      };
    },
  };
}

export interface CashierTx {
  txId: string;
  reference: string;
  amountCents: number;
  description: string;
  kassenzeichen: string;
  returnUrl: string;
  status: 'open' | 'paid' | 'failed' | 'cancelled';
  callbackSentAt: Date | null;
}

export async function cashierTx(pool: pg.Pool, txId: string): Promise<CashierTx | null> {
  if (!/^tk_[0-9a-f]{24}$/.test(txId)) return null;
  const { rows } = await pool.query<{
    tx_id: string;
    reference: string;
    amount_cents: number;
    description: string;
    kassenzeichen: string;
    return_url: string;
    status: CashierTx['status'];
    callback_sent_at: Date | null;
  }>('select * from applications.testkasse_tx where tx_id = $1', [txId]);
  const r = rows[0];
  return r
    ? {
        txId: r.tx_id,
        reference: r.reference,
        amountCents: r.amount_cents,
        description: r.description,
        kassenzeichen: r.kassenzeichen,
        returnUrl: r.return_url,
        status: r.status,
        callbackSentAt: r.callback_sent_at,
      }
    : null;
}

/** The cashier decides (once): the first decision sticks. Returns the tx after the decision. */
export async function cashierDecide(
  pool: pg.Pool,
  txId: string,
  status: 'paid' | 'failed' | 'cancelled',
): Promise<CashierTx | null> {
  await pool.query(`update applications.testkasse_tx set status = $2 where tx_id = $1 and status = 'open'`, [
    txId,
    status,
  ]);
  return cashierTx(pool, txId);
}

export async function cashierMarkCallbackSent(pool: pg.Pool, txId: string, at: Date): Promise<void> {
  await pool.query('update applications.testkasse_tx set callback_sent_at = $2 where tx_id = $1', [txId, at]);
}

/** The signed callback body the cashier's server sends. */
export function callbackBody(tx: CashierTx): string {
  return JSON.stringify({
    txId: tx.txId,
    status: tx.status,
    amountCents: tx.amountCents,
    kassenzeichen: tx.kassenzeichen,
    reference: tx.reference,
  });
}
