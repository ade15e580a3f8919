import type { FieldErrors } from '../../views/components.tsx';
import { Form, SubmitButton, TextField } from '../../views/components.tsx';
import type { ViewContext } from '../../views/context.ts';
import { AuthPage, DemoCredentials, HiddenField } from './parts.tsx';

export interface LoginPageProps {
  ctx: ViewContext;
  variant: 'citizen' | 'staff';
  email?: string;
  weiter?: string;
  errors?: FieldErrors;
  notice?: string | null;
  noticeType?: 'info' | 'success' | 'warning';
  /** href of the single sign-on / BundID login, when configured. */
  ssoHref?: string | null;
  demoAccounts: { label: string; email: string; password: string }[];
}

export function LoginPage(p: LoginPageProps) {
  const { ctx } = p;
  const staff = p.variant === 'staff';
  const action = staff ? '/verwaltung/anmelden' : '/anmelden';
  const weiterQuery = p.weiter ? `?weiter=${encodeURIComponent(p.weiter)}` : '';
  return (
    <AuthPage
      ctx={ctx}
      title={ctx.t(staff ? 'auth.staffLogin.title' : 'auth.login.title')}
      errors={p.errors}
      notice={p.notice}
      noticeType={p.noticeType}
    >
      <p class="kern-body">{ctx.t(staff ? 'auth.staffLogin.lead' : 'auth.login.lead')}</p>
      <DemoCredentials ctx={ctx} accounts={p.demoAccounts} />
      <Form ctx={ctx} action={action}>
        <HiddenField name="weiter" value={p.weiter} />
        <TextField
          ctx={ctx}
          name="email"
          type="email"
          label={ctx.t('auth.field.email')}
          value={p.email}
          autocomplete="username"
          required
          error={p.errors?.email}
        />
        <TextField
          ctx={ctx}
          name="password"
          type="password"
          label={ctx.t('auth.field.password')}
          autocomplete="current-password"
          required
          error={p.errors?.password}
        />
        <SubmitButton label={ctx.t('auth.login.submit')} />
      </Form>
      {p.ssoHref && (
        <section aria-labelledby="sso-heading">
          <h2 class="kern-heading-small" id="sso-heading">
            {ctx.t(staff ? 'auth.sso.staffHeading' : 'auth.sso.citizenHeading')}
          </h2>
          <p class="kern-body">{ctx.t(staff ? 'auth.sso.staffText' : 'auth.sso.citizenText')}</p>
          <a class="kern-btn kern-btn--secondary" href={`${p.ssoHref}${weiterQuery}`}>
            <span class="kern-label">{ctx.t(staff ? 'auth.sso.staffButton' : 'auth.sso.citizenButton')}</span>
          </a>
        </section>
      )}
      {!staff && (
        <ul class="kern-list">
          <li>
            <a class="kern-link" href="/passwort-vergessen">
              {ctx.t('auth.login.forgot')}
            </a>
          </li>
          <li>
            <a class="kern-link" href="/registrieren">
              {ctx.t('auth.login.register')}
            </a>
          </li>
        </ul>
      )}
      {staff && (
        <p>
          <a class="kern-link" href="/passwort-vergessen">
            {ctx.t('auth.login.forgot')}
          </a>
        </p>
      )}
    </AuthPage>
  );
}
