import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Kernel } from '../../../kernel/kernel.ts';
import { sendProblem } from '../../../kernel/http/problem.ts';
import { canAccess } from '../commands/applications.ts';
import { applyPaymentResult, paymentState, startPayment } from '../commands/payments.ts';
import { formVersion, submissionByReference } from '../db/queries.ts';
import type { PaymentProvider } from '../payment/provider.ts';
import {
  callbackBody,
  cashierDecide,
  cashierMarkCallbackSent,
  cashierTx,
  sign,
  SIGNATURE_HEADER,
  TEST_CASHIER,
} from '../payment/test-cashier.ts';
import { REFERENCE_RE } from '../reference.ts';
import { MessagePage, PaymentPage, TestCashierPage } from '../views/journey.tsx';
import { actorOf } from './common.ts';
import type { PaymentRegistry } from '../payment/registry.ts';

const refParams = Type.Object({ reference: Type.String({ maxLength: 20 }) });

/** Hands a provider's server callback to the module: verify, then apply once. */
export async function handleCallback(
  kernel: Kernel,
  provider: PaymentProvider,
  rawBody: string,
  headers: Record<string, string | string[] | undefined>,
) {
  const result = provider.parseCallback(rawBody, headers);
  if (!result) return { ok: false as const, reason: 'not_authentic' as const };
  return applyPaymentResult(kernel, provider.name, result);
}

/** The test cashier's server sends its signed callback (also used by the late-callback job). */
export async function deliverCashierCallback(
  kernel: Kernel,
  payments: PaymentRegistry,
  txId: string,
): Promise<void> {
  const provider = payments.get(TEST_CASHIER) as (PaymentProvider & { secret: string }) | undefined;
  const tx = await cashierTx(kernel.db.pool, txId);
  if (!provider || !tx || tx.status === 'open') return;
  const body = callbackBody(tx);
  await handleCallback(kernel, provider, body, { [SIGNATURE_HEADER]: sign(provider.secret, body) });
  await cashierMarkCallbackSent(kernel.db.pool, txId, kernel.clock.now());
}

export async function paymentRoutes(
  app: FastifyInstance,
  kernel: Kernel,
  payments: PaymentRegistry,
): Promise<void> {
  async function ownSubmission(req: { params: { reference: string } } & Parameters<typeof actorOf>[0]) {
    if (!REFERENCE_RE.test(req.params.reference)) return null;
    const s = await submissionByReference(kernel.db.pool, req.params.reference);
    return s && canAccess(s, actorOf(req)) ? s : null;
  }

  app.get<{ Params: { reference: string } }>(
    '/antraege/zahlung/:reference',
    { config: { policy: 'public' }, schema: { params: refParams } },
    async (req, reply) => {
      const s = await ownSubmission(req);
      if (!s || s.feeCents <= 0) return reply.callNotFound();
      const state = (await paymentState(kernel, s.reference))!;
      const form = await formVersion(kernel.db.pool, s.formSlug, s.formVersion);
      const latest = state.payments[0];
      const status =
        s.paymentStatus === 'paid'
          ? 'paid'
          : !latest
            ? 'due'
            : latest.status === 'paid'
              ? 'pending'
              : latest.status;
      return reply.html(
        <PaymentPage
          ctx={reply.viewContext()}
          def={form!.definition}
          reference={s.reference}
          feeCents={s.feeCents}
          lines={s.feeLines}
          state={status}
          kassenzeichen={s.kassenzeichen}
          action={`/antraege/zahlung/${s.reference}`}
          confirmationHref={`/antraege/${s.formSlug}/${s.draftId}/bestaetigung`}
        />,
      );
    },
  );

  app.post<{ Params: { reference: string } }>(
    '/antraege/zahlung/:reference',
    { config: { policy: 'public' }, schema: { params: refParams } },
    async (req, reply) => {
      const s = await ownSubmission(req);
      if (!s) return reply.callNotFound();
      const provider = payments.current();
      const ctx = reply.viewContext();
      if (!provider)
        return reply.html(
          <MessagePage
            ctx={ctx}
            title={ctx.t('applications.payment.unavailableTitle')}
            text={ctx.t('applications.payment.unavailable')}
          />,
          503,
        );
      const r = await startPayment(kernel, provider, s);
      if (!r.ok) return reply.redirect(`/antraege/zahlung/${s.reference}`, 303);
      return reply.redirect(r.redirectUrl, 303);
    },
  );

  // The provider sends the citizen back here; the result may still be on its way (pending).
  app.get<{ Params: { reference: string } }>(
    '/antraege/zahlung/:reference/zurueck',
    { config: { policy: 'public' }, schema: { params: refParams } },
    async (req, reply) => {
      const s = await ownSubmission(req);
      if (!s) return reply.callNotFound();
      if (s.paymentStatus === 'paid')
        return reply.redirect(`/antraege/${s.formSlug}/${s.draftId}/bestaetigung`, 303);
      return reply.redirect(`/antraege/zahlung/${s.reference}`, 303);
    },
  );

  // Server-to-server callback of a payment provider (HMAC-signed; no session, no CSRF token).
  await app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'string', bodyLimit: 65_536 },
      (_req, body, done) => done(null, body),
    );
    scope.post<{ Params: { provider: string } }>(
      '/api/v1/antraege/zahlung/callback/:provider',
      {
        config: { policy: 'public', csrf: false },
        schema: {
          tags: ['applications'],
          summary: 'Payment provider callback (server to server)',
          description:
            'A payment provider reports the result of a transaction. The body is the provider’s JSON, signed (test cashier: HMAC-SHA256 of the raw body, hex, in x-testkasse-signature). Idempotent per provider transaction: replays answer 200 and change nothing.',
          params: Type.Object({ provider: Type.String({ pattern: '^[a-z][a-z0-9-]{0,30}$' }) }),
          response: {
            200: Type.Object({ status: Type.String(), duplicate: Type.Boolean() }),
          },
        },
      },
      async (req, reply) => {
        const provider = payments.get(req.params.provider);
        if (!provider)
          return sendProblem(reply, { status: 404, title: 'Not Found', detail: 'Unknown payment provider.' });
        const raw = typeof req.body === 'string' ? req.body : '';
        const r = await handleCallback(kernel, provider, raw, req.headers);
        if (!r.ok) {
          if (r.reason === 'not_authentic')
            return sendProblem(reply, {
              status: 401,
              title: 'Unauthorized',
              detail: 'The callback signature is missing or wrong.',
            });
          if (r.reason === 'unknown_transaction')
            return sendProblem(reply, { status: 404, title: 'Not Found', detail: 'Unknown transaction.' });
          return sendProblem(reply, {
            status: 422,
            title: 'Unprocessable Content',
            detail: 'The amount does not match the payment.',
          });
        }
        return reply.send({ status: r.status, duplicate: r.duplicate });
      },
    );
  });

  // ---- the built-in test cashier (stands in for ePayBL / pmPayment) ---------------------------------
  if (!payments.get(TEST_CASHIER)) return;
  const txParams = Type.Object({ txId: Type.String({ pattern: '^tk_[0-9a-f]{24}$' }) });

  app.get<{ Params: { txId: string } }>(
    '/antraege/testkasse/:txId',
    { config: { policy: 'public' }, schema: { params: txParams } },
    async (req, reply) => {
      const tx = await cashierTx(kernel.db.pool, req.params.txId);
      if (!tx) return reply.callNotFound();
      return reply.html(
        <TestCashierPage ctx={reply.viewContext()} tx={{ ...tx, callbackSent: !!tx.callbackSentAt }} />,
      );
    },
  );

  app.post<{ Params: { txId: string }; Body: Record<string, unknown> | undefined }>(
    '/antraege/testkasse/:txId',
    { config: { policy: 'public' }, schema: { params: txParams } },
    async (req, reply) => {
      const raw = req.body?.ergebnis;
      const choice = typeof raw === 'string' ? raw : '';
      const status =
        choice === 'paid' || choice === 'paid-late'
          ? 'paid'
          : choice === 'failed'
            ? 'failed'
            : choice === 'cancelled'
              ? 'cancelled'
              : null;
      const tx = status
        ? await cashierDecide(kernel.db.pool, req.params.txId, status)
        : await cashierTx(kernel.db.pool, req.params.txId);
      if (!tx) return reply.callNotFound();
      if (!status) return reply.redirect(`/antraege/testkasse/${tx.txId}`, 303);
      if (choice === 'paid-late') {
        // The citizen is back first; the server callback follows later (job, or the button).
        await payments.scheduleLateCallback(tx.txId);
      } else await deliverCashierCallback(kernel, payments, tx.txId);
      return reply.redirect(tx.returnUrl, 303);
    },
  );

  app.post<{ Params: { txId: string } }>(
    '/antraege/testkasse/:txId/rueckruf',
    { config: { policy: 'public' }, schema: { params: txParams } },
    async (req, reply) => {
      const tx = await cashierTx(kernel.db.pool, req.params.txId);
      if (!tx) return reply.callNotFound();
      await deliverCashierCallback(kernel, payments, tx.txId);
      return reply.redirect(`/antraege/testkasse/${tx.txId}`, 303);
    },
  );
}
