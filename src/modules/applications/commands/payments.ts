import type { Kernel } from '../../../kernel/kernel.ts';
import { inTransaction } from '../../../kernel/db/database.ts';
import {
  formVersion,
  insertPayment,
  paymentByTx,
  paymentsOfSubmission,
  setPaymentStatus,
  setSubmissionCase,
  setSubmissionPaid,
  submissionById,
  submissionByReference,
  type Payment,
  type Submission,
} from '../db/queries.ts';
import { tx } from '../engine/definition.ts';
import { attachmentsForCase, openCase, recordCasePayment } from '../integration.ts';
import type { PaymentProvider, PaymentResult } from '../payment/provider.ts';

export type StartPaymentResult =
  { ok: true; redirectUrl: string } | { ok: false; reason: 'not_found' | 'nothing_due' | 'already_paid' };

/** Starts a payment for a submission's fee at the configured provider. */
export async function startPayment(
  kernel: Kernel,
  provider: PaymentProvider,
  submission: Submission,
): Promise<StartPaymentResult> {
  if (submission.paymentStatus === 'paid') return { ok: false, reason: 'already_paid' };
  if (submission.feeCents <= 0 || submission.paymentStatus !== 'due')
    return { ok: false, reason: 'nothing_due' };
  const form = await formVersion(kernel.db.pool, submission.formSlug, submission.formVersion);
  const base = kernel.config.baseUrl;
  const started = await provider.start({
    reference: submission.reference,
    amountCents: submission.feeCents,
    description: `${tx(form?.definition.title, 'de')} ${submission.reference}`,
    returnUrl: `/antraege/zahlung/${submission.reference}/zurueck`,
    callbackUrl: `${base}/api/v1/antraege/zahlung/callback/${provider.name}`,
  });
  await insertPayment(kernel.db.pool, {
    submissionId: submission.id,
    provider: provider.name,
    providerTxId: started.providerTxId,
    amountCents: submission.feeCents,
    kassenzeichen: started.kassenzeichen,
    at: kernel.clock.now(),
  });
  return { ok: true, redirectUrl: started.redirectUrl };
}

export type ApplyResult =
  | { ok: true; duplicate: boolean; status: Payment['status']; reference: string }
  | { ok: false; reason: 'unknown_transaction' | 'amount_mismatch' };

/**
 * Applies a provider's result exactly once. The payment row is locked; a payment that is no
 * longer pending is left alone (a replayed or doubled callback changes nothing). A successful
 * payment of an "awaiting payment" submission opens the case; for a case that already exists
 * (pay later) the payment is recorded on it.
 */
export async function applyPaymentResult(
  kernel: Kernel,
  providerName: string,
  result: PaymentResult,
): Promise<ApplyResult> {
  return inTransaction(kernel.db.pool, async (client, rollback) => {
    const payment = await paymentByTx(client, providerName, result.providerTxId, true);
    if (!payment) return rollback({ ok: false as const, reason: 'unknown_transaction' as const });
    const submission = (await submissionById(client, payment.submissionId, true))!;
    if (payment.status !== 'pending')
      return { ok: true as const, duplicate: true, status: payment.status, reference: submission.reference };
    if (result.status === 'paid' && result.amountCents !== payment.amountCents) {
      kernel.log.error(
        { tx: result.providerTxId, got: result.amountCents, want: payment.amountCents },
        'payment amount mismatch',
      );
      return rollback({ ok: false as const, reason: 'amount_mismatch' as const });
    }
    const now = kernel.clock.now();
    await setPaymentStatus(client, payment.id, result.status, result.kassenzeichen, now);
    if (result.status === 'paid') {
      if (submission.paymentStatus === 'paid') {
        kernel.log.warn(
          { reference: submission.reference, tx: result.providerTxId },
          'second successful payment: refund needed',
        );
      } else if (submission.status === 'awaiting_payment') {
        const form = await formVersion(client, submission.formSlug, submission.formVersion);
        const opened = await openCase(kernel, client, {
          reference: submission.reference,
          serviceSlug: submission.serviceSlug,
          tenantId: submission.tenantId,
          orgUnitId: submission.orgUnitId,
          applicantAccountId: submission.accountId,
          applicantEmail: submission.applicantEmail,
          applicantName: submission.applicantName,
          formSlug: submission.formSlug,
          formVersion: form?.version ?? submission.formVersion,
          data: submission.answers,
          summary: submission.summary,
          attachments: attachmentsForCase(submission.attachments),
          payment: {
            status: 'paid',
            amountCents: payment.amountCents,
            kassenzeichen: result.kassenzeichen,
            provider: providerName,
          },
          submittedAt: submission.submittedAt,
        });
        await setSubmissionCase(client, submission.id, {
          caseId: opened.caseId,
          paymentStatus: 'paid',
          kassenzeichen: result.kassenzeichen,
          at: now,
        });
      } else {
        await recordCasePayment(kernel, client, {
          reference: submission.reference,
          status: 'paid',
          amountCents: payment.amountCents,
          kassenzeichen: result.kassenzeichen,
          provider: providerName,
          providerTxId: result.providerTxId,
          at: now,
        });
        await setSubmissionPaid(client, submission.id, result.kassenzeichen);
      }
    } else if (result.status === 'failed' && submission.status === 'submitted') {
      await recordCasePayment(kernel, client, {
        reference: submission.reference,
        status: 'failed',
        amountCents: payment.amountCents,
        kassenzeichen: result.kassenzeichen,
        provider: providerName,
        providerTxId: result.providerTxId,
        at: now,
      });
    }
    await kernel.audit.record(
      {
        actorId: null,
        action: `application.payment_${result.status}`,
        objectType: 'application',
        objectId: submission.id,
        tenantId: submission.tenantId,
        after: {
          reference: submission.reference,
          provider: providerName,
          tx: result.providerTxId,
          kassenzeichen: result.kassenzeichen,
        },
      },
      client,
    );
    return { ok: true as const, duplicate: false, status: result.status, reference: submission.reference };
  });
}

export async function paymentState(
  kernel: Kernel,
  reference: string,
): Promise<{ submission: Submission; payments: Payment[] } | null> {
  const submission = await submissionByReference(kernel.db.pool, reference);
  if (!submission) return null;
  return { submission, payments: await paymentsOfSubmission(kernel.db.pool, submission.id) };
}
