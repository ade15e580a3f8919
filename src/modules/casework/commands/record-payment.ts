import type pg from 'pg';
import type { Kernel } from '../../../kernel/kernel.ts';
import { appendFileEntry, findCaseByReference } from '../db/cases.ts';
import { CasePaymentRecorded } from '../events.ts';

export interface CasePaymentInput {
  reference: string;
  status: 'paid' | 'failed';
  amountCents: number;
  kassenzeichen: string;
  provider: string;
  providerTxId: string;
  at: Date;
}

export class CaseNotFoundError extends Error {
  override name = 'CaseNotFoundError';
}

/**
 * Records a payment on an existing case (pay later, or a late callback of the cashier). Runs in
 * the caller's transaction; idempotent per (reference, providerTxId). A 'paid' payment sets the
 * case's payment status and Kassenzeichen; a 'failed' one never downgrades a paid case.
 */
export async function recordCasePayment(
  kernel: Kernel,
  client: pg.PoolClient,
  p: CasePaymentInput,
): Promise<void> {
  const c = await findCaseByReference(client, p.reference, true);
  if (!c) throw new CaseNotFoundError(`recordCasePayment: no case ${p.reference}`);
  const { rows } = await client.query<{ id: string }>(
    `insert into casework.payments (case_id, reference, provider, provider_tx_id, status, amount_cents, kassenzeichen, at)
     values ($1,$2,$3,$4,$5,$6,$7,$8) on conflict (reference, provider_tx_id) do nothing returning id`,
    [c.id, p.reference, p.provider, p.providerTxId, p.status, p.amountCents, p.kassenzeichen, p.at],
  );
  if (!rows[0]) return; // seen before
  const now = kernel.clock.now();
  if (p.status === 'paid') {
    await client.query(
      `update casework.cases set payment_status = 'paid', payment_amount_cents = $2, kassenzeichen = $3,
         payment_provider = $4, updated_at = $5 where id = $1`,
      [c.id, p.amountCents, p.kassenzeichen, p.provider, now],
    );
  } else if (c.paymentStatus !== 'paid') {
    await client.query(
      `update casework.cases set payment_status = 'failed', kassenzeichen = coalesce(kassenzeichen, $2),
         updated_at = $3 where id = $1`,
      [c.id, p.kassenzeichen, now],
    );
  }
  await appendFileEntry(client, {
    caseId: c.id,
    at: p.at,
    kind: p.status === 'paid' ? 'payment_received' : 'payment_failed',
    actorId: null,
    actorLabel: p.provider,
    visibility: 'citizen',
    data: {
      amountCents: p.amountCents,
      kassenzeichen: p.kassenzeichen,
      provider: p.provider,
      providerTxId: p.providerTxId,
    },
  });
  await kernel.audit.record(
    {
      actorId: null,
      action: `casework.payment_${p.status}`,
      objectType: 'case',
      objectId: c.id,
      tenantId: c.tenantId,
      after: {
        reference: p.reference,
        amountCents: p.amountCents,
        kassenzeichen: p.kassenzeichen,
        providerTxId: p.providerTxId,
      },
    },
    client,
  );
  await kernel.events.publish(
    client,
    CasePaymentRecorded.of({ caseId: c.id, reference: c.reference, status: p.status }, c.tenantId),
  );
}
