import type { FieldErrors } from '../../views/components.tsx';
import { Form, SubmitButton, TextField } from '../../views/components.tsx';
import type { ViewContext } from '../../views/context.ts';
import { AuthPage, HiddenField } from './parts.tsx';

export function SecondFactorPage({
  ctx,
  weiter,
  errors,
}: {
  ctx: ViewContext;
  weiter?: string;
  errors?: FieldErrors;
}) {
  return (
    <AuthPage ctx={ctx} title={ctx.t('auth.mfa.title')} errors={errors}>
      <p class="kern-body">{ctx.t('auth.mfa.lead')}</p>
      <Form ctx={ctx} action="/verwaltung/anmelden/zweiter-faktor">
        <HiddenField name="weiter" value={weiter} />
        <TextField
          ctx={ctx}
          name="code"
          label={ctx.t('auth.field.code')}
          hint={ctx.t('auth.field.codeHint')}
          autocomplete="one-time-code"
          inputmode="numeric"
          required
          error={errors?.code}
        />
        <SubmitButton label={ctx.t('auth.mfa.submit')} />
      </Form>
      <Form ctx={ctx} action="/abmelden">
        <SubmitButton label={ctx.t('auth.mfa.cancel')} secondary />
      </Form>
    </AuthPage>
  );
}

export interface TotpSetupProps {
  ctx: ViewContext;
  enabled: boolean;
  required: boolean;
  /** Set up only: the new secret. */
  manualKey?: string;
  uri?: string;
  qrSvg?: string | null;
  errors?: FieldErrors;
}

export function TotpSetupPage(p: TotpSetupProps) {
  const { ctx } = p;
  const t = ctx.t;
  if (p.enabled) {
    return (
      <AuthPage ctx={ctx} title={t('auth.totp.title')} errors={p.errors}>
        <p class="kern-body">{t('auth.totp.statusOn')}</p>
        {p.required ? (
          <p class="kern-body">{t('auth.totp.requiredCannotDisable')}</p>
        ) : (
          <Form ctx={ctx} action="/verwaltung/konto/zwei-faktor/deaktivieren">
            <TextField
              ctx={ctx}
              name="code"
              label={t('auth.field.code')}
              hint={t('auth.totp.disableHint')}
              autocomplete="one-time-code"
              inputmode="numeric"
              required
              error={p.errors?.code}
            />
            <SubmitButton label={t('auth.totp.disable')} secondary />
          </Form>
        )}
        <p>
          <a class="kern-link" href="/verwaltung/konto">
            {t('auth.totp.back')}
          </a>
        </p>
      </AuthPage>
    );
  }
  return (
    <AuthPage
      ctx={ctx}
      title={t('auth.totp.title')}
      errors={p.errors}
      notice={p.required ? 'auth.totp.requiredNotice' : null}
      noticeType="warning"
    >
      <p class="kern-body">{t('auth.totp.lead')}</p>
      <ol class="kern-list">
        <li>{t('auth.totp.step1')}</li>
        <li>{t('auth.totp.step2')}</li>
        <li>{t('auth.totp.step3')}</li>
      </ol>
      {p.qrSvg && (
        <div
          class="ok-qr"
          role="img"
          aria-label={t('auth.totp.qrLabel')}
          dangerouslySetInnerHTML={{ __html: p.qrSvg }}
        />
      )}
      <dl class="kern-description-list">
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t('auth.totp.manualKey')}</dt>
          <dd class="kern-description-list-item__value">
            <code id="totp-key">{p.manualKey}</code>
          </dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t('auth.totp.uri')}</dt>
          <dd class="kern-description-list-item__value">
            <a class="kern-link" href={p.uri}>
              {t('auth.totp.openInApp')}
            </a>
          </dd>
        </div>
      </dl>
      <Form ctx={ctx} action="/verwaltung/konto/zwei-faktor">
        <TextField
          ctx={ctx}
          name="code"
          label={t('auth.field.code')}
          hint={t('auth.field.codeHint')}
          autocomplete="one-time-code"
          inputmode="numeric"
          required
          error={p.errors?.code}
        />
        <SubmitButton label={t('auth.totp.enable')} />
      </Form>
    </AuthPage>
  );
}
