import type { FieldErrors } from '../../views/components.tsx';
import { Form, SubmitButton, TextField } from '../../views/components.tsx';
import type { ViewContext } from '../../views/context.ts';
import { AuthPage, Checkbox, NewPasswordField } from './parts.tsx';

export interface RegisterValues {
  email?: string;
  name?: string;
  consent?: boolean;
}

export function RegisterPage({
  ctx,
  values,
  errors,
}: {
  ctx: ViewContext;
  values: RegisterValues;
  errors?: FieldErrors;
}) {
  return (
    <AuthPage ctx={ctx} title={ctx.t('auth.register.title')} errors={errors}>
      <p class="kern-body">{ctx.t('auth.register.lead')}</p>
      <Form ctx={ctx} action="/registrieren">
        <TextField
          ctx={ctx}
          name="name"
          label={ctx.t('auth.field.name')}
          value={values.name}
          autocomplete="name"
          required
          error={errors?.name}
        />
        <TextField
          ctx={ctx}
          name="email"
          type="email"
          label={ctx.t('auth.field.email')}
          hint={ctx.t('auth.register.emailHint')}
          value={values.email}
          autocomplete="email"
          required
          error={errors?.email}
        />
        <NewPasswordField ctx={ctx} error={errors?.password} />
        <Checkbox
          ctx={ctx}
          name="consent"
          checked={values.consent}
          error={errors?.consent}
          label={
            <>
              {ctx.t('auth.register.consentBefore')}{' '}
              <a class="kern-link" href="/datenschutz" target="_blank" rel="noopener">
                {ctx.t('auth.register.consentLink')}
              </a>{' '}
              {ctx.t('auth.register.consentAfter')}
            </>
          }
        />
        <SubmitButton label={ctx.t('auth.register.submit')} />
      </Form>
      <p>
        <a class="kern-link" href="/anmelden">
          {ctx.t('auth.register.haveAccount')}
        </a>
      </p>
    </AuthPage>
  );
}

/** The landing page of the mailed link: one button, so link scanners in mail systems use nothing. */
export function VerifyPage({ ctx, token }: { ctx: ViewContext; token: string }) {
  return (
    <AuthPage ctx={ctx} title={ctx.t('auth.verify.title')}>
      <p class="kern-body">{ctx.t('auth.verify.lead')}</p>
      <Form ctx={ctx} action="/registrieren/bestaetigen">
        <input type="hidden" name="token" value={token} />
        <SubmitButton label={ctx.t('auth.verify.submit')} />
      </Form>
    </AuthPage>
  );
}
