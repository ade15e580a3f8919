import type { ComponentChildren } from 'preact';
import { formatDateTime as formatLocalDateTime } from '../../i18n/format.ts';
import { Alert, ErrorSummary, fieldId, TextField, type FieldErrors } from '../../views/components.tsx';
import { MIN_PASSWORD_LENGTH } from '../passwords.ts';
import type { ViewContext } from '../../views/context.ts';
import { Layout, type Crumb } from '../../views/layout.tsx';

/** Notices shown after a redirect (?hinweis=…): URL word → i18n key. Nothing else is shown. */
export const NOTICES = {
  abgemeldet: 'auth.notice.loggedOut',
  'ueberall-abgemeldet': 'auth.notice.loggedOutEverywhere',
  bestaetigt: 'auth.notice.verified',
  'passwort-neu': 'auth.notice.passwordReset',
  'passwort-geaendert': 'auth.notice.passwordChanged',
  'zwei-faktor-aktiv': 'auth.notice.totpEnabled',
  'zwei-faktor-aus': 'auth.notice.totpDisabled',
  'sso-fehlgeschlagen': 'auth.notice.ssoFailed',
  'sso-unbekannt': 'auth.notice.ssoUnknown',
} as const;
export type NoticeWord = keyof typeof NOTICES;

export function noticeKey(word: unknown): string | null {
  return typeof word === 'string' && Object.hasOwn(NOTICES, word) ? NOTICES[word as NoticeWord] : null;
}

/** The frame of every auth page: layout (noindex), heading, error summary, optional notice. */
export function AuthPage(props: {
  ctx: ViewContext;
  title: string;
  errors?: FieldErrors;
  notice?: string | null;
  noticeType?: 'info' | 'success' | 'warning';
  breadcrumbs?: Crumb[];
  children: ComponentChildren;
}) {
  const { ctx } = props;
  const errors = props.errors ?? {};
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Layout
      ctx={ctx}
      title={hasErrors ? `${ctx.t('auth.titleErrorPrefix')} ${props.title}` : props.title}
      noindex
      breadcrumbs={props.breadcrumbs}
    >
      <div class="ok-stack ok-auth">
        <ErrorSummary ctx={ctx} errors={errors} />
        {props.notice && <Alert type={props.noticeType ?? 'success'} title={ctx.t(props.notice)} />}
        <h1 class="kern-heading-large">{props.title}</h1>
        {props.children}
      </div>
    </Layout>
  );
}

export function Checkbox(p: {
  ctx: ViewContext;
  name: string;
  label: ComponentChildren;
  checked?: boolean;
  error?: string;
  value?: string;
}) {
  const id = fieldId(p.name);
  return (
    <div class={`kern-form-check${p.error ? ' kern-form-check--error' : ''}`}>
      {p.error && (
        <p class="kern-error" id={`${id}-error`} role="status">
          <span class="kern-icon kern-icon--danger kern-icon--md" aria-hidden="true" />
          <span class="kern-body">{p.error}</span>
        </p>
      )}
      <input
        class={`kern-form-check__checkbox${p.error ? ' kern-form-check__checkbox--error' : ''}`}
        type="checkbox"
        id={id}
        name={p.name}
        value={p.value ?? 'ja'}
        checked={p.checked}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={p.error ? `${id}-error` : undefined}
      />
      <label class="kern-label" for={id}>
        {p.label}
      </label>
    </div>
  );
}

export function HiddenField({ name, value }: { name: string; value: string | undefined }) {
  return value ? <input type="hidden" name={name} value={value} /> : null;
}

/** Published demo credentials (DEMO_MODE only). */
export function DemoCredentials({
  ctx,
  accounts,
}: {
  ctx: ViewContext;
  accounts: { label: string; email: string; password: string }[];
}) {
  if (!ctx.demoMode || accounts.length === 0) return null;
  return (
    <Alert type="info" title={ctx.t('auth.demo.title')}>
      <p class="kern-body">{ctx.t('auth.demo.text')}</p>
      <dl class="kern-description-list">
        {accounts.map((a) => (
          <div class="kern-description-list-item" key={a.email}>
            <dt class="kern-description-list-item__key">{ctx.t(a.label)}</dt>
            <dd class="kern-description-list-item__value">
              <code>{a.email}</code> / <code>{a.password}</code>
            </dd>
          </div>
        ))}
      </dl>
    </Alert>
  );
}

export function formatDateTime(ctx: ViewContext, d: Date): string {
  return formatLocalDateTime(ctx.lang, d);
}

/** The "new password" field of registration, reset and password change (same rules everywhere). */
export function NewPasswordField({ ctx, error }: { ctx: ViewContext; error: string | undefined }) {
  return (
    <TextField
      ctx={ctx}
      name="password"
      type="password"
      label={ctx.t('auth.field.newPassword')}
      hint={ctx.t('auth.password.hint', { min: MIN_PASSWORD_LENGTH })}
      autocomplete="new-password"
      required
      error={error}
    />
  );
}
