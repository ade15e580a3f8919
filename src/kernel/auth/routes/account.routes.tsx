import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kernel } from '../../kernel.ts';
import type { FieldErrors } from '../../views/components.tsx';
import { findAccountById, listRoleGrants } from '../accounts.ts';
import { changePassword } from '../commands/change-password.ts';
import { auditAccount } from '../commands/shared.ts';
import { clearSessionCookie } from '../cookie.ts';
import { anyStaff, authenticated, type PolicyFn } from '../policy.ts';
import { deleteAccountSessions, listSessions } from '../sessions.ts';
import { AccountPage } from '../views/account-page.tsx';
import { noticeKey } from '../views/parts.tsx';
import { authQuery, checkNewPassword, field, formBody, hasErrors, query } from './forms.ts';

/** "Mein Konto" for citizens (/konto) and staff (/verwaltung/konto): data, password, sessions. */
export async function accountRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const areas: { base: string; policy: PolicyFn; login: string }[] = [
    { base: '/konto', policy: authenticated, login: '/anmelden' },
    { base: '/verwaltung/konto', policy: anyStaff, login: '/verwaltung/anmelden' },
  ];

  async function render(
    req: FastifyRequest,
    reply: FastifyReply,
    base: string,
    status = 200,
    errors?: FieldErrors,
  ) {
    const p = req.principal!;
    const account = await findAccountById(kernel, p.accountId);
    if (!account) return reply.redirect('/anmelden', 303);
    const grants = account.kind === 'staff' ? await listRoleGrants(kernel, account.id) : [];
    const roles = await Promise.all(
      grants.map(async (g) => ({
        ...g,
        tenantName: g.tenantId ? ((await kernel.tenants.get(g.tenantId))?.name ?? g.tenantId) : null,
        orgUnitName: g.orgUnitId ? ((await kernel.tenants.orgUnit(g.orgUnitId))?.name ?? null) : null,
      })),
    );
    const sessions = (await listSessions(kernel, account.id)).map((s) => ({
      ...s,
      current: s.id === req.sessionId,
    }));
    return reply.html(
      <AccountPage
        ctx={reply.viewContext()}
        base={base}
        account={{
          displayName: account.displayName,
          email: account.email,
          kind: account.kind,
          hasPassword: !!account.passwordHash,
          totpEnabled: account.totpEnabled,
          roles,
        }}
        sessions={sessions}
        sections={
          account.kind === 'citizen'
            ? kernel.extensions.accountSections.map((s) => ({
                href: s.href,
                title: reply.viewContext().t(s.title),
                text: reply.viewContext().t(s.text),
              }))
            : undefined
        }
        errors={errors}
        notice={status === 200 ? noticeKey(query(req, 'hinweis')) : null}
      />,
      status,
    );
  }

  for (const { base, policy, login } of areas) {
    app.get(base, { config: { policy }, schema: { querystring: authQuery } }, async (req, reply) =>
      render(req, reply, base),
    );

    app.post(
      `${base}/passwort`,
      {
        config: { policy, rateLimit: { max: kernel.config.authRateLimitMax, timeWindow: 60_000 } },
        schema: { body: formBody('current', 'password', 'confirm') },
      },
      async (req, reply) => {
        const t = reply.viewContext().t;
        const current = field(req, 'current');
        const next = field(req, 'password');
        const errors: FieldErrors = {};
        if (!current) errors.current = t('auth.error.currentRequired');
        checkNewPassword(t, next, errors);
        if (!errors.password && next !== field(req, 'confirm'))
          errors.confirm = t('auth.error.confirmMismatch');
        if (!errors.password && !errors.current && next === current)
          errors.password = t('auth.error.passwordUnchanged');
        if (hasErrors(errors)) return render(req, reply, base, 422, errors);
        const result = await changePassword(kernel, {
          accountId: req.principal!.accountId,
          sessionId: req.sessionId,
          current,
          next,
          lang: req.lang,
        });
        if (!result.ok) return render(req, reply, base, 422, { current: t('auth.error.currentWrong') });
        return reply.redirect(`${base}?hinweis=passwort-geaendert`, 303);
      },
    );

    app.post(`${base}/ueberall-abmelden`, { config: { policy } }, async (req, reply) => {
      const accountId = req.principal!.accountId;
      const ended = await deleteAccountSessions(kernel, accountId);
      await auditAccount(kernel, 'auth.sessions_ended', accountId, { after: { count: ended } });
      clearSessionCookie(reply, kernel.config);
      return reply.redirect(`${login}?hinweis=ueberall-abgemeldet`, 303);
    });
  }
}
