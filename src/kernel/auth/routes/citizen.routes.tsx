import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Kernel } from '../../kernel.ts';
import type { FieldErrors } from '../../views/components.tsx';
import { authenticate } from '../commands/authenticate.ts';
import { resetPassword, requestPasswordReset } from '../commands/password-reset.ts';
import { registerCitizen, resendVerification } from '../commands/register.ts';
import { signIn, signOut } from '../commands/sign-in.ts';
import { verifyEmail } from '../commands/verify-email.ts';
import { clearSessionCookie } from '../cookie.ts';
import { findAccountById } from '../accounts.ts';
import { peekToken } from '../one-time-tokens.ts';
import { LOCK_MINUTES } from '../throttle.ts';
import { citizenDemoAccounts } from '../seed.ts';
import { LoginPage } from '../views/login-page.tsx';
import { MessagePage } from '../views/message-page.tsx';
import { noticeKey } from '../views/parts.tsx';
import { ForgotPasswordPage, LogoutPage, ResetPasswordPage } from '../views/password-pages.tsx';
import { RegisterPage, VerifyPage } from '../views/register-pages.tsx';
import {
  authQuery,
  checkEmail,
  checkNewPassword,
  field,
  formBody,
  hasErrors,
  query,
  weiterOf,
} from './forms.ts';

/** Citizen journeys: register → verify → log in → log out, and the forgotten password. */
export async function citizenRoutes(
  app: FastifyInstance,
  kernel: Kernel,
  opts: { citizenSso: boolean },
): Promise<void> {
  const limited = { max: kernel.config.authRateLimitMax, timeWindow: 60_000 };
  const ssoHref = opts.citizenSso ? '/anmelden/bundid' : null;

  app.get(
    '/anmelden',
    { config: { policy: 'public' }, schema: { querystring: authQuery } },
    async (req, reply) => {
      const weiter = weiterOf(query(req, 'weiter'));
      if (req.principal?.kind === 'citizen') return reply.redirect(weiter ?? '/konto', 303);
      const notice = noticeKey(query(req, 'hinweis'));
      return reply.html(
        <LoginPage
          ctx={reply.viewContext()}
          variant="citizen"
          weiter={weiter}
          notice={notice}
          noticeType={notice?.startsWith('auth.notice.sso') ? 'warning' : 'success'}
          ssoHref={ssoHref}
          demoAccounts={citizenDemoAccounts()}
        />,
      );
    },
  );

  app.post(
    '/anmelden',
    {
      config: { policy: 'public', rateLimit: limited },
      schema: { body: formBody('email', 'password', 'weiter') },
    },
    async (req, reply) => {
      const ctx = reply.viewContext();
      const t = ctx.t;
      const email = field(req, 'email').trim();
      const password = field(req, 'password');
      const weiter = weiterOf(field(req, 'weiter'));
      const errors: FieldErrors = {};
      if (!email) errors.email = t('auth.error.emailRequired');
      if (!password) errors.password = t('auth.error.passwordRequired');
      const page = (e: FieldErrors) => (
        <LoginPage
          ctx={ctx}
          variant="citizen"
          email={email}
          weiter={weiter}
          errors={e}
          ssoHref={ssoHref}
          demoAccounts={citizenDemoAccounts()}
        />
      );
      if (hasErrors(errors)) return reply.html(page(errors), 422);
      const result = await authenticate(kernel, 'citizen', email, password);
      if (!result.ok) {
        if (result.reason === 'unverified') {
          await resendVerification(
            kernel,
            result.account.id,
            result.account.email,
            result.account.displayName,
            req.lang,
          );
          return reply.html(page({ email: t('auth.error.unverified') }), 422);
        }
        const message =
          result.reason === 'locked'
            ? t('auth.error.locked', { minutes: LOCK_MINUTES })
            : t('auth.error.invalidCredentials');
        return reply.html(page({ email: message }), 422);
      }
      await signIn(kernel, req, reply, result.account, { mfaPassed: true, method: 'password' });
      return reply.redirect(weiter ?? '/konto', 303);
    },
  );

  app.get('/abmelden', { config: { policy: 'public' } }, async (req, reply) => {
    if (!req.principal) return reply.redirect('/', 303);
    return reply.html(<LogoutPage ctx={reply.viewContext()} />);
  });

  app.post('/abmelden', { config: { policy: 'public' } }, async (req, reply) => {
    const staff = req.principal?.kind === 'staff';
    await signOut(kernel, req);
    clearSessionCookie(reply, kernel.config);
    return reply.redirect(
      staff ? '/verwaltung/anmelden?hinweis=abgemeldet' : '/anmelden?hinweis=abgemeldet',
      303,
    );
  });

  app.get('/registrieren', { config: { policy: 'public' } }, async (req, reply) => {
    if (req.principal)
      return reply.redirect(req.principal.kind === 'staff' ? '/verwaltung/konto' : '/konto', 303);
    return reply.html(<RegisterPage ctx={reply.viewContext()} values={{}} />);
  });

  app.post(
    '/registrieren',
    {
      config: { policy: 'public', rateLimit: limited },
      schema: { body: formBody('email', 'name', 'password', 'consent') },
    },
    async (req, reply) => {
      const ctx = reply.viewContext();
      const t = ctx.t;
      const email = field(req, 'email').trim();
      const name = field(req, 'name').trim().replace(/\s+/g, ' ');
      const password = field(req, 'password');
      const consent = field(req, 'consent') === 'ja';
      const errors: FieldErrors = {};
      if (!name) errors.name = t('auth.error.nameRequired');
      else if (name.length > 200) errors.name = t('auth.error.nameTooLong', { max: 200 });
      checkEmail(t, email, errors);
      checkNewPassword(t, password, errors);
      if (!errors.password && email && password.toLowerCase() === email.toLowerCase())
        errors.password = t('auth.error.passwordIsEmail');
      if (!consent) errors.consent = t('auth.error.consentRequired');
      if (hasErrors(errors))
        return reply.html(<RegisterPage ctx={ctx} values={{ email, name, consent }} errors={errors} />, 422);
      await registerCitizen(kernel, { email, displayName: name, password, lang: req.lang });
      return reply.redirect('/registrieren/gesendet', 303);
    },
  );

  app.get('/registrieren/gesendet', { config: { policy: 'public' } }, async (_req, reply) => {
    const ctx = reply.viewContext();
    return reply.html(
      <MessagePage ctx={ctx} title={ctx.t('auth.registered.title')} text={ctx.t('auth.registered.text')} />,
    );
  });

  const invalidLink = (reply: FastifyReply) => {
    const ctx = reply.viewContext();
    return reply.html(
      <MessagePage
        ctx={ctx}
        title={ctx.t('auth.invalidLink.title')}
        text={ctx.t('auth.invalidLink.text')}
        link={{ href: '/passwort-vergessen', label: ctx.t('auth.invalidLink.newLink') }}
      />,
      400,
    );
  };

  app.get(
    '/registrieren/bestaetigen',
    { config: { policy: 'public' }, schema: { querystring: authQuery } },
    async (req, reply) => {
      const token = query(req, 'token');
      if (!token || !(await peekToken(kernel, token, 'verify_email'))) return invalidLink(reply);
      return reply.html(<VerifyPage ctx={reply.viewContext()} token={token} />);
    },
  );

  app.post(
    '/registrieren/bestaetigen',
    { config: { policy: 'public', rateLimit: limited }, schema: { body: formBody('token') } },
    async (req, reply) => {
      const result = await verifyEmail(kernel, field(req, 'token'));
      if (!result.ok) return invalidLink(reply);
      return reply.redirect('/anmelden?hinweis=bestaetigt', 303);
    },
  );

  app.get('/passwort-vergessen', { config: { policy: 'public' } }, async (_req, reply) => {
    return reply.html(<ForgotPasswordPage ctx={reply.viewContext()} />);
  });

  app.post(
    '/passwort-vergessen',
    { config: { policy: 'public', rateLimit: limited }, schema: { body: formBody('email') } },
    async (req, reply) => {
      const ctx = reply.viewContext();
      const email = field(req, 'email').trim();
      const errors: FieldErrors = {};
      checkEmail(ctx.t, email, errors);
      if (hasErrors(errors))
        return reply.html(<ForgotPasswordPage ctx={ctx} email={email} errors={errors} />, 422);
      await requestPasswordReset(kernel, email, req.lang);
      return reply.redirect('/passwort-vergessen/gesendet', 303);
    },
  );

  app.get('/passwort-vergessen/gesendet', { config: { policy: 'public' } }, async (_req, reply) => {
    const ctx = reply.viewContext();
    return reply.html(
      <MessagePage ctx={ctx} title={ctx.t('auth.forgotSent.title')} text={ctx.t('auth.forgotSent.text')} />,
    );
  });

  app.get(
    '/passwort-zuruecksetzen',
    { config: { policy: 'public' }, schema: { querystring: authQuery } },
    async (req, reply) => {
      const token = query(req, 'token');
      if (!token || !(await peekToken(kernel, token, 'reset_password'))) return invalidLink(reply);
      return reply.html(<ResetPasswordPage ctx={reply.viewContext()} token={token} />);
    },
  );

  app.post(
    '/passwort-zuruecksetzen',
    {
      config: { policy: 'public', rateLimit: limited },
      schema: { body: formBody('token', 'password', 'confirm') },
    },
    async (req, reply) => {
      const ctx = reply.viewContext();
      const t = ctx.t;
      const token = field(req, 'token');
      const password = field(req, 'password');
      const errors: FieldErrors = {};
      checkNewPassword(t, password, errors);
      if (!errors.password && password !== field(req, 'confirm'))
        errors.confirm = t('auth.error.confirmMismatch');
      if (hasErrors(errors)) {
        if (!(await peekToken(kernel, token, 'reset_password'))) return invalidLink(reply);
        return reply.html(<ResetPasswordPage ctx={ctx} token={token} errors={errors} />, 422);
      }
      const result = await resetPassword(kernel, token, password, req.lang);
      if (!result.ok) return invalidLink(reply);
      if (req.sessionId) clearSessionCookie(reply, kernel.config);
      const account = await findAccountById(kernel, result.accountId);
      return reply.redirect(
        account?.kind === 'staff'
          ? '/verwaltung/anmelden?hinweis=passwort-neu'
          : '/anmelden?hinweis=passwort-neu',
        303,
      );
    },
  );
}
