import type { FieldErrors } from '../../views/components.tsx';
import { Form, SubmitButton, TextField } from '../../views/components.tsx';
import type { ViewContext } from '../../views/context.ts';
import { AuthPage, NewPasswordField } from './parts.tsx';

export function ForgotPasswordPage({
  ctx,
  email,
  errors,
}: {
  ctx: ViewContext;
  email?: string;
  errors?: FieldErrors;
}) {
  return (
    <AuthPage ctx={ctx} title={ctx.t('auth.forgot.title')} errors={errors}>
      <p class="kern-body">{ctx.t('auth.forgot.lead')}</p>
      <Form ctx={ctx} action="/passwort-vergessen">
        <TextField
          ctx={ctx}
          name="email"
          type="email"
          label={ctx.t('auth.field.email')}
          value={email}
          autocomplete="email"
          required
          error={errors?.email}
        />
        <SubmitButton label={ctx.t('auth.forgot.submit')} />
      </Form>
    </AuthPage>
  );
}

export function ResetPasswordPage({
  ctx,
  token,
  errors,
}: {
  ctx: ViewContext;
  token: string;
  errors?: FieldErrors;
}) {
  return (
    <AuthPage ctx={ctx} title={ctx.t('auth.reset.title')} errors={errors}>
      <p class="kern-body">{ctx.t('auth.reset.lead')}</p>
      <Form ctx={ctx} action="/passwort-zuruecksetzen">
        <input type="hidden" name="token" value={token} />
        <NewPasswordField ctx={ctx} error={errors?.password} />
        <TextField
          ctx={ctx}
          name="confirm"
          type="password"
          label={ctx.t('auth.field.confirmPassword')}
          autocomplete="new-password"
          required
          error={errors?.confirm}
        />
        <SubmitButton label={ctx.t('auth.reset.submit')} />
      </Form>
    </AuthPage>
  );
}

export function LogoutPage({ ctx }: { ctx: ViewContext }) {
  return (
    <AuthPage ctx={ctx} title={ctx.t('auth.logout.title')}>
      <p class="kern-body">{ctx.t('auth.logout.lead')}</p>
      <Form ctx={ctx} action="/abmelden">
        <SubmitButton label={ctx.t('auth.logout.submit')} />
      </Form>
    </AuthPage>
  );
}
