import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kernel } from '../../kernel.ts';
import type { FieldErrors } from '../../views/components.tsx';
import { findAccountById } from '../accounts.ts';
import { authenticate } from '../commands/authenticate.ts';
import { signIn } from '../commands/sign-in.ts';
import { disableTotp, enableTotp, pendingTotpSecret, verifySecondFactor } from '../commands/totp.ts';
import { clearSessionCookie, setSessionCookie } from '../cookie.ts';
import { anyStaff, type PolicyFn } from '../policy.ts';
import { staffDemoAccounts } from '../seed.ts';
import { deleteSession, rotateSession } from '../sessions.ts';
import { LOCK_MINUTES } from '../throttle.ts';
import { formatManualKey, otpauthUri } from '../totp.ts';
import { LoginPage } from '../views/login-page.tsx';
import { noticeKey } from '../views/parts.tsx';
import { SecondFactorPage, TotpSetupPage } from '../views/staff-pages.tsx';
import { authQuery, field, formBody, query, weiterOf } from './forms.ts';

/** A staff session, with or without its second factor (for the second step and the TOTP setup). */
const staffSession: PolicyFn = (p) => p?.kind === 'staff';

const STAFF_HOME = '/verwaltung';

/** Staff login with optional TOTP second factor, and the TOTP setup page. */
export async function staffRoutes(
  app: FastifyInstance,
  kernel: Kernel,
  opts: { staffSso: boolean },
): Promise<void> {
  const limited = { max: kernel.config.authRateLimitMax, timeWindow: 60_000 };
  const ssoHref = opts.staffSso ? '/verwaltung/anmelden/sso' : null;
  const issuer = kernel.i18n.translator('de')('site.short');

  function loginPage(
    req: FastifyRequest,
    reply: FastifyReply,
    props: { email?: string; weiter?: string; errors?: FieldErrors; notice?: string | null },
    status = 200,
  ) {
    return reply.html(
      <LoginPage
        ctx={reply.viewContext()}
        variant="staff"
        ssoHref={ssoHref}
        demoAccounts={staffDemoAccounts()}
        noticeType={props.notice?.startsWith('auth.notice.sso') ? 'warning' : 'success'}
        {...props}
      />,
      status,
    );
  }

  app.get(
    '/verwaltung/anmelden',
    { config: { policy: 'public' }, schema: { querystring: authQuery } },
    async (req, reply) => {
      const weiter = weiterOf(query(req, 'weiter'));
      const p = req.principal;
      if (p?.kind === 'staff') {
        if (p.mfaSatisfied) return reply.redirect(weiter ?? STAFF_HOME, 303);
        return reply.redirect(
          `/verwaltung/anmelden/zweiter-faktor${weiter ? `?weiter=${encodeURIComponent(weiter)}` : ''}`,
          303,
        );
      }
      return loginPage(req, reply, { weiter, notice: noticeKey(query(req, 'hinweis')) });
    },
  );

  app.post(
    '/verwaltung/anmelden',
    {
      config: { policy: 'public', rateLimit: limited },
      schema: { body: formBody('email', 'password', 'weiter') },
    },
    async (req, reply) => {
      const t = reply.viewContext().t;
      const email = field(req, 'email').trim();
      const password = field(req, 'password');
      const weiter = weiterOf(field(req, 'weiter'));
      const errors: FieldErrors = {};
      if (!email) errors.email = t('auth.error.emailRequired');
      if (!password) errors.password = t('auth.error.passwordRequired');
      if (errors.email || errors.password) return loginPage(req, reply, { email, weiter, errors }, 422);
      const result = await authenticate(kernel, 'staff', email, password);
      if (!result.ok) {
        const message =
          result.reason === 'locked'
            ? t('auth.error.locked', { minutes: LOCK_MINUTES })
            : t('auth.error.invalidCredentials');
        return loginPage(req, reply, { email, weiter, errors: { email: message } }, 422);
      }
      const { account } = result;
      const needsSecondFactor = account.totpEnabled || kernel.config.staffTotpRequired;
      await signIn(kernel, req, reply, account, { mfaPassed: !needsSecondFactor, method: 'password' });
      const w = weiter ? `?weiter=${encodeURIComponent(weiter)}` : '';
      if (account.totpEnabled) return reply.redirect(`/verwaltung/anmelden/zweiter-faktor${w}`, 303);
      if (needsSecondFactor) return reply.redirect('/verwaltung/konto/zwei-faktor', 303);
      return reply.redirect(weiter ?? STAFF_HOME, 303);
    },
  );

  app.get(
    '/verwaltung/anmelden/zweiter-faktor',
    { config: { policy: staffSession }, schema: { querystring: authQuery } },
    async (req, reply) => {
      const weiter = weiterOf(query(req, 'weiter'));
      if (req.principal!.mfaSatisfied) return reply.redirect(weiter ?? STAFF_HOME, 303);
      const account = await findAccountById(kernel, req.principal!.accountId);
      if (!account?.totpEnabled) return reply.redirect('/verwaltung/konto/zwei-faktor', 303);
      return reply.html(<SecondFactorPage ctx={reply.viewContext()} weiter={weiter} />);
    },
  );

  app.post(
    '/verwaltung/anmelden/zweiter-faktor',
    { config: { policy: staffSession, rateLimit: limited }, schema: { body: formBody('code', 'weiter') } },
    async (req, reply) => {
      const ctx = reply.viewContext();
      const weiter = weiterOf(field(req, 'weiter'));
      if (req.principal!.mfaSatisfied) return reply.redirect(weiter ?? STAFF_HOME, 303);
      const code = field(req, 'code').trim();
      if (!code)
        return reply.html(
          <SecondFactorPage ctx={ctx} weiter={weiter} errors={{ code: ctx.t('auth.error.codeRequired') }} />,
          422,
        );
      const result = await verifySecondFactor(kernel, req.principal!.accountId, code);
      if (result.ok) {
        const token = await rotateSession(kernel, req.sessionId!, true);
        if (!token) return reply.redirect('/verwaltung/anmelden', 303);
        setSessionCookie(reply, kernel.config, token);
        return reply.redirect(weiter ?? STAFF_HOME, 303);
      }
      if (result.reason === 'locked') {
        await deleteSession(kernel, req.sessionId!);
        clearSessionCookie(reply, kernel.config);
        req.principal = null;
        return loginPage(
          req,
          reply,
          { weiter, errors: { email: ctx.t('auth.error.locked', { minutes: LOCK_MINUTES }) } },
          422,
        );
      }
      return reply.html(
        <SecondFactorPage ctx={ctx} weiter={weiter} errors={{ code: ctx.t('auth.error.codeWrong') }} />,
        422,
      );
    },
  );

  /** Without the second factor passed, only an account that has none yet may set one up. */
  async function guardSetup(req: FastifyRequest, reply: FastifyReply) {
    const account = await findAccountById(kernel, req.principal!.accountId);
    if (!account) return { account: null, redirect: reply.redirect('/verwaltung/anmelden', 303) };
    if (!req.principal!.mfaSatisfied && account.totpEnabled)
      return { account: null, redirect: reply.redirect('/verwaltung/anmelden/zweiter-faktor', 303) };
    return { account, redirect: null };
  }

  async function setupPage(req: FastifyRequest, reply: FastifyReply, errors?: FieldErrors, status = 200) {
    const p = req.principal!;
    const ctx = reply.viewContext();
    const secret = await pendingTotpSecret(kernel, p.accountId);
    if (!secret)
      return reply.html(
        <TotpSetupPage ctx={ctx} enabled required={kernel.config.staffTotpRequired} errors={errors} />,
        status,
      );
    return reply.html(
      <TotpSetupPage
        ctx={ctx}
        enabled={false}
        required={kernel.config.staffTotpRequired}
        manualKey={formatManualKey(secret)}
        uri={otpauthUri(secret, issuer, p.email)}
        errors={errors}
      />,
      status,
    );
  }

  app.get('/verwaltung/konto/zwei-faktor', { config: { policy: staffSession } }, async (req, reply) => {
    const g = await guardSetup(req, reply);
    if (g.redirect) return g.redirect;
    return setupPage(req, reply);
  });

  app.post(
    '/verwaltung/konto/zwei-faktor',
    { config: { policy: staffSession, rateLimit: limited }, schema: { body: formBody('code') } },
    async (req, reply) => {
      const g = await guardSetup(req, reply);
      if (g.redirect) return g.redirect;
      const t = reply.viewContext().t;
      if (g.account.totpEnabled) return reply.redirect('/verwaltung/konto/zwei-faktor', 303);
      const code = field(req, 'code').trim();
      if (!code) return setupPage(req, reply, { code: t('auth.error.codeRequired') }, 422);
      if (!(await enableTotp(kernel, g.account.id, code)))
        return setupPage(req, reply, { code: t('auth.error.codeWrong') }, 422);
      const token = await rotateSession(kernel, req.sessionId!, true);
      if (token) setSessionCookie(reply, kernel.config, token);
      return reply.redirect('/verwaltung/konto?hinweis=zwei-faktor-aktiv', 303);
    },
  );

  app.post(
    '/verwaltung/konto/zwei-faktor/deaktivieren',
    { config: { policy: anyStaff, rateLimit: limited }, schema: { body: formBody('code') } },
    async (req, reply) => {
      const t = reply.viewContext().t;
      if (kernel.config.staffTotpRequired)
        return setupPage(req, reply, { code: t('auth.totp.requiredCannotDisable') }, 422);
      const code = field(req, 'code').trim();
      if (!code) return setupPage(req, reply, { code: t('auth.error.codeRequired') }, 422);
      if (!(await disableTotp(kernel, req.principal!.accountId, code)))
        return setupPage(req, reply, { code: t('auth.error.codeWrong') }, 422);
      return reply.redirect('/verwaltung/konto?hinweis=zwei-faktor-aus', 303);
    },
  );
}
