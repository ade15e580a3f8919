import type { FieldErrors } from '../../views/components.tsx';
import { Form, SubmitButton, TextField } from '../../views/components.tsx';
import type { ViewContext } from '../../views/context.ts';
import type { RoleGrant } from '../principal.ts';
import { AuthPage, formatDateTime, NewPasswordField } from './parts.tsx';

export interface AccountView {
  displayName: string;
  email: string;
  kind: 'citizen' | 'staff';
  hasPassword: boolean;
  totpEnabled: boolean;
  roles: (RoleGrant & { tenantName: string | null; orgUnitName: string | null })[];
}

export interface SessionView {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  userAgent: string | null;
  current: boolean;
}

export interface AccountPageProps {
  ctx: ViewContext;
  /** '/konto' or '/verwaltung/konto': the forms post below it. */
  base: string;
  account: AccountView;
  sessions: SessionView[];
  /** Sections other modules add to a citizen's account (applications, postbox, appointments …). */
  sections?: { href: string; title: string; text: string }[];
  errors?: FieldErrors;
  notice?: string | null;
}

export function AccountPage(p: AccountPageProps) {
  const { ctx, account, base } = p;
  const t = ctx.t;
  return (
    <AuthPage ctx={ctx} title={t('auth.account.title')} errors={p.errors} notice={p.notice}>
      {p.sections && p.sections.length > 0 && (
        <nav aria-labelledby="sections-heading">
          <h2 class="kern-heading-medium" id="sections-heading">
            {t('auth.account.sections')}
          </h2>
          <ul class="kern-list">
            {p.sections.map((s) => (
              <li key={s.href}>
                <a class="kern-link" href={s.href}>
                  {s.title}
                </a>
                <span class="kern-body"> – {s.text}</span>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <section aria-labelledby="data-heading">
        <h2 class="kern-heading-medium" id="data-heading">
          {t('auth.account.data')}
        </h2>
        <dl class="kern-description-list">
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{t('auth.field.name')}</dt>
            <dd class="kern-description-list-item__value">{account.displayName}</dd>
          </div>
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{t('auth.field.email')}</dt>
            <dd class="kern-description-list-item__value">{account.email}</dd>
          </div>
          {account.kind === 'staff' && (
            <div class="kern-description-list-item">
              <dt class="kern-description-list-item__key">{t('auth.account.roles')}</dt>
              <dd class="kern-description-list-item__value">
                {account.roles.length === 0 ? (
                  t('auth.account.noRoles')
                ) : (
                  <ul class="kern-list">
                    {account.roles.map((r, i) => (
                      <li key={i}>
                        {t(`auth.role.${r.role}`)}
                        {r.tenantName && ` – ${r.tenantName}`}
                        {r.orgUnitName && `, ${r.orgUnitName}`}
                      </li>
                    ))}
                  </ul>
                )}
              </dd>
            </div>
          )}
        </dl>
      </section>

      {account.kind === 'staff' && (
        <section aria-labelledby="mfa-heading">
          <h2 class="kern-heading-medium" id="mfa-heading">
            {t('auth.totp.heading')}
          </h2>
          <p class="kern-body">{t(account.totpEnabled ? 'auth.totp.statusOn' : 'auth.totp.statusOff')}</p>
          <a class="kern-link" href="/verwaltung/konto/zwei-faktor">
            {t(account.totpEnabled ? 'auth.totp.manage' : 'auth.totp.setUp')}
          </a>
        </section>
      )}

      <section aria-labelledby="password-heading">
        <h2 class="kern-heading-medium" id="password-heading">
          {t('auth.account.changePassword')}
        </h2>
        {account.hasPassword ? (
          <Form ctx={ctx} action={`${base}/passwort`}>
            <TextField
              ctx={ctx}
              name="current"
              type="password"
              label={t('auth.field.currentPassword')}
              autocomplete="current-password"
              required
              error={p.errors?.current}
            />
            <NewPasswordField ctx={ctx} error={p.errors?.password} />
            <TextField
              ctx={ctx}
              name="confirm"
              type="password"
              label={t('auth.field.confirmPassword')}
              autocomplete="new-password"
              required
              error={p.errors?.confirm}
            />
            <SubmitButton label={t('auth.account.changePasswordSubmit')} />
          </Form>
        ) : (
          <p class="kern-body">{t('auth.account.noPassword')}</p>
        )}
      </section>

      <section aria-labelledby="sessions-heading">
        <h2 class="kern-heading-medium" id="sessions-heading">
          {t('auth.account.sessions')}
        </h2>
        <div class="ok-table-wrap">
          <table class="kern-table">
            <caption class="ok-visually-hidden">{t('auth.account.sessions')}</caption>
            <thead class="kern-table__header">
              <tr class="kern-table__row">
                <th class="kern-table__header" scope="col">
                  {t('auth.account.sessionDevice')}
                </th>
                <th class="kern-table__header" scope="col">
                  {t('auth.account.sessionStarted')}
                </th>
                <th class="kern-table__header" scope="col">
                  {t('auth.account.sessionLastSeen')}
                </th>
              </tr>
            </thead>
            <tbody class="kern-table__body">
              {p.sessions.map((s) => (
                <tr class="kern-table__row" key={s.id}>
                  <td class="kern-table__cell">
                    {s.userAgent ?? t('auth.account.sessionUnknownDevice')}
                    {s.current && <strong> ({t('auth.account.sessionCurrent')})</strong>}
                  </td>
                  <td class="kern-table__cell">{formatDateTime(ctx, s.createdAt)}</td>
                  <td class="kern-table__cell">{formatDateTime(ctx, s.lastSeenAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p class="kern-body">{t('auth.account.logoutEverywhereHint')}</p>
        <Form ctx={ctx} action={`${base}/ueberall-abmelden`}>
          <SubmitButton label={t('auth.account.logoutEverywhere')} secondary />
        </Form>
      </section>
    </AuthPage>
  );
}
