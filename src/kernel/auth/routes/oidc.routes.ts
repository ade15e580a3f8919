import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kernel } from '../../kernel.ts';
import { citizenOidcLogin, staffOidcLogin } from '../commands/oidc-login.ts';
import { signIn } from '../commands/sign-in.ts';
import { OIDC_CALLBACK_PATHS, OidcClients, type OidcAudience, type OidcPending } from '../oidc.ts';
import { query, weiterOf } from './forms.ts';

const PENDING_COOKIE = 'ok_oidc';

/** /anmelden/bundid (citizens) and /verwaltung/anmelden/sso (staff): redirect and callback. */
export async function oidcRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const clients = new OidcClients(kernel);
  const secure = kernel.config.baseUrl.startsWith('https://');
  const cookieOpts = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure, signed: true };
  const audiences: { audience: OidcAudience; start: string; login: string }[] = [
    { audience: 'citizen', start: '/anmelden/bundid', login: '/anmelden' },
    { audience: 'staff', start: '/verwaltung/anmelden/sso', login: '/verwaltung/anmelden' },
  ];

  for (const { audience, start, login } of audiences) {
    if (!clients.settings(audience)) continue;
    const failed = (reply: FastifyReply, word = 'sso-fehlgeschlagen') =>
      reply.redirect(`${login}?hinweis=${word}`, 303);

    app.get(
      start,
      {
        config: { policy: 'public', rateLimit: { max: kernel.config.authRateLimitMax, timeWindow: 60_000 } },
      },
      async (req, reply) => {
        try {
          const { url, pending } = await clients.start(audience, weiterOf(query(req, 'weiter')));
          reply.setCookie(PENDING_COOKIE, JSON.stringify(pending), { ...cookieOpts, maxAge: 600 });
          return await reply.redirect(url.href, 303);
        } catch (err) {
          req.log.warn({ err, audience }, 'OpenID provider not reachable');
          return failed(reply);
        }
      },
    );

    // Top-level GET from the provider; no CSRF token possible, state + PKCE + nonce protect it.
    app.get(OIDC_CALLBACK_PATHS[audience], { config: { policy: 'public' } }, async (req, reply) => {
      const pending = readPending(req, audience);
      reply.clearCookie(PENDING_COOKIE, { path: '/' });
      if (!pending || query(req, 'error')) return failed(reply);
      let identity;
      try {
        identity = await clients.finish(pending, req.url);
      } catch (err) {
        req.log.warn({ err: (err as Error).message, audience }, 'OpenID callback refused');
        return failed(reply);
      }
      const result =
        audience === 'staff'
          ? await staffOidcLogin(kernel, identity)
          : await citizenOidcLogin(kernel, identity);
      if (!result.ok)
        return failed(reply, result.reason === 'unknown' ? 'sso-unbekannt' : 'sso-fehlgeschlagen');
      const { account } = result;
      const needsSecondFactor =
        audience === 'staff' && (account.totpEnabled || kernel.config.staffTotpRequired);
      await signIn(kernel, req, reply, account, { mfaPassed: !needsSecondFactor, method: 'oidc' });
      const weiter = weiterOf(pending.weiter);
      if (audience === 'citizen') return reply.redirect(weiter ?? '/konto', 303);
      if (account.totpEnabled)
        return reply.redirect(
          `/verwaltung/anmelden/zweiter-faktor${weiter ? `?weiter=${encodeURIComponent(weiter)}` : ''}`,
          303,
        );
      if (needsSecondFactor) return reply.redirect('/verwaltung/konto/zwei-faktor', 303);
      return reply.redirect(weiter ?? '/verwaltung', 303);
    });
  }
}

function readPending(req: FastifyRequest, audience: OidcAudience): OidcPending | null {
  const raw = req.cookies[PENDING_COOKIE];
  if (!raw) return null;
  const unsigned = req.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return null;
  try {
    const p = JSON.parse(unsigned.value) as Partial<OidcPending>;
    if (
      p.audience !== audience ||
      typeof p.state !== 'string' ||
      typeof p.nonce !== 'string' ||
      typeof p.verifier !== 'string'
    )
      return null;
    return {
      audience,
      state: p.state,
      nonce: p.nonce,
      verifier: p.verifier,
      ...(typeof p.weiter === 'string' ? { weiter: p.weiter } : {}),
    };
  } catch {
    return null;
  }
}
