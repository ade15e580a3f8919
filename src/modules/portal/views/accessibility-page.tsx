import type { OrgUnit, Tenant } from '../../../kernel/tenants/index.ts';
import {
  Alert,
  Button,
  EmailField,
  ErrorSummary,
  Form,
  TextArea,
  TextField,
  formatIsoDate,
  type FieldErrors,
} from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import { Layout } from '../../../kernel/views/layout.tsx';
import { FEEDBACK_MAX } from '../feedback-form.ts';
import { Address, ContactList, unitName } from './parts.tsx';

export interface FeedbackValues {
  name?: string;
  email?: string;
  page?: string;
  message?: string;
}

export interface AccessibilityPageProps {
  ctx: ViewContext;
  kreis?: Tenant;
  unit?: OrgUnit;
  /** The address feedback goes to (shown as the contact e-mail). */
  recipient: string | null;
  statementDate: string;
  signLanguageVideo: boolean;
  values?: FeedbackValues;
  errors?: FieldErrors;
}

/** Barriers known today; each is a key under portal.a11y.barrier.* */
const BARRIERS = ['pdf', 'maps', 'easyLanguage', 'thirdParty'];

export function AccessibilityPage(p: AccessibilityPageProps) {
  const { ctx } = p;
  const { t } = ctx;
  const errors = p.errors ?? {};
  const v = p.values ?? {};
  const kreisName = p.kreis?.name ?? t('site.owner');
  const date = formatIsoDate(t, p.statementDate);
  const barriers = p.signLanguageVideo ? BARRIERS : ['signLanguage', ...BARRIERS];
  return (
    <Layout
      ctx={ctx}
      title={t('portal.a11y.title')}
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={[{ href: '/', label: t('portal.home.title') }, { label: t('portal.a11y.title') }]}
    >
      <ErrorSummary ctx={ctx} errors={errors} />
      <h1 class="kern-heading-x-large">{t('portal.a11y.title')}</h1>
      <div class="ok-prose">
        <p class="kern-body">{t('portal.a11y.intro', { kreis: kreisName })}</p>
        <p class="kern-body">{t('portal.a11y.scope')}</p>

        <h2 class="kern-heading-medium">{t('portal.a11y.status.title')}</h2>
        <p class="kern-body">{t('portal.a11y.status.requirements')}</p>
        <Alert type="warning" title={t('portal.a11y.status.partial')}>
          <p class="kern-body">{t('portal.a11y.status.partialText')}</p>
        </Alert>

        <h2 class="kern-heading-medium">{t('portal.a11y.barriers.title')}</h2>
        <p class="kern-body">{t('portal.a11y.barriers.intro')}</p>
        <ul class="kern-list kern-list--bullet">
          {barriers.map((b) => (
            <li key={b} class="kern-body">
              <strong>{t(`portal.a11y.barrier.${b}.title`)}</strong> {t(`portal.a11y.barrier.${b}.text`)}
            </li>
          ))}
        </ul>
        <p class="kern-body">{t('portal.a11y.barriers.alternative')}</p>

        <h2 class="kern-heading-medium">{t('portal.a11y.creation.title')}</h2>
        <p class="kern-body">{t('portal.a11y.creation.date', { date })}</p>
        <p class="kern-body">{t('portal.a11y.creation.method')}</p>
        <ul class="kern-list kern-list--bullet">
          <li class="kern-body">{t('portal.a11y.creation.self')}</li>
          <li class="kern-body">{t('portal.a11y.creation.axe')}</li>
          <li class="kern-body">{t('portal.a11y.creation.keyboard')}</li>
        </ul>

        <h2 class="kern-heading-medium" id="feedback">
          {t('portal.a11y.feedback.title')}
        </h2>
        <p class="kern-body">{t('portal.a11y.feedback.intro')}</p>
        <p class="kern-body">{t('portal.a11y.feedback.contactIntro')}</p>
        <Address
          name={p.unit ? unitName(ctx, p.unit) : kreisName}
          address={p.unit?.address ?? p.kreis?.address ?? { street: null, postalCode: null, city: null }}
        />
        <ContactList ctx={ctx} phone={p.unit?.phone ?? p.kreis?.phone} email={p.recipient} />
      </div>

      <Form ctx={ctx} action="/barrierefreiheit" id="feedback-form" label={t('portal.a11y.form.title')}>
        <h3 class="kern-heading-small">{t('portal.a11y.form.title')}</h3>
        <p class="kern-body">
          {t('portal.a11y.form.privacy')}{' '}
          <a class="kern-link" href="/datenschutz#feedback-data">
            {t('portal.a11y.form.privacyLink')}
          </a>
        </p>
        <TextArea
          ctx={ctx}
          name="message"
          label={t('portal.a11y.form.message')}
          hint={t('portal.a11y.form.message.hint', { max: FEEDBACK_MAX.message })}
          value={v.message}
          error={errors.message}
          rows={8}
          required
        />
        <TextField
          ctx={ctx}
          name="page"
          label={t('portal.a11y.form.page')}
          hint={t('portal.a11y.form.page.hint')}
          value={v.page}
          error={errors.page}
          maxLength={FEEDBACK_MAX.page}
        />
        <TextField
          ctx={ctx}
          name="name"
          label={t('portal.a11y.form.name')}
          value={v.name}
          error={errors.name}
          autocomplete="name"
          maxLength={FEEDBACK_MAX.name}
        />
        <EmailField
          ctx={ctx}
          name="email"
          label={t('portal.a11y.form.email')}
          hint={t('portal.a11y.form.email.hint')}
          value={v.email}
          error={errors.email}
        />
        <Button label={t('portal.a11y.form.submit')} />
      </Form>

      <div class="ok-prose">
        <h2 class="kern-heading-medium">{t('portal.a11y.enforcement.title')}</h2>
        <p class="kern-body">{t('portal.a11y.enforcement.text')}</p>
        <p class="kern-body">{t('portal.a11y.enforcement.body')}</p>
        <ul class="kern-list">
          <li class="kern-body">
            {t('portal.contact.email')}:{' '}
            <a class="kern-link" href="mailto:ombudsstelle-barrierefreie-it@mags.nrw.de">
              ombudsstelle-barrierefreie-it@mags.nrw.de
            </a>
          </li>
          <li class="kern-body">
            {t('portal.contact.website')}:{' '}
            <a class="kern-link" href="https://www.lbbp.nrw.de/ombudsstelle">
              www.lbbp.nrw.de/ombudsstelle
            </a>
          </li>
        </ul>
        <p class="kern-body">{t('portal.a11y.enforcement.federal')}</p>
      </div>
    </Layout>
  );
}

export function FeedbackThanksPage({ ctx, reference }: { ctx: ViewContext; reference?: string }) {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t('portal.a11y.thanks.title')}
      breadcrumbs={[
        { href: '/', label: t('portal.home.title') },
        { href: '/barrierefreiheit', label: t('portal.a11y.title') },
        { label: t('portal.a11y.thanks.title') },
      ]}
    >
      <h1 class="kern-heading-x-large">{t('portal.a11y.thanks.title')}</h1>
      <Alert type="success" title={t('portal.a11y.thanks.received')}>
        {reference && (
          <p class="kern-body">
            {t('portal.a11y.thanks.reference')} <strong class="ok-number">{reference}</strong>
          </p>
        )}
      </Alert>
      <div class="ok-prose">
        <h2 class="kern-heading-medium">{t('portal.a11y.thanks.nextTitle')}</h2>
        <p class="kern-body">{t('portal.a11y.thanks.next')}</p>
        <p class="kern-body">
          <a class="kern-link" href="/barrierefreiheit">
            {t('portal.a11y.thanks.back')}
          </a>
        </p>
      </div>
    </Layout>
  );
}
