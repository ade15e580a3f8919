import type { ComponentChildren } from 'preact';
import { Layout, type Crumb } from '../../../kernel/views/layout.tsx';
import {
  Alert,
  Badge,
  Button,
  ButtonGroup,
  ButtonLink,
  Checkbox,
  EmailField,
  ErrorSummary,
  Form,
  SummaryCard,
  SummaryList,
  Table,
  type FieldErrors,
} from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import { formatDateTime } from '../../../kernel/i18n/format.ts';
import type { FeeLine } from '../engine/conditions.ts';
import { tx, type FormDefinition, type StepDef } from '../engine/definition.ts';
import { formatEuro, type StepSummary } from '../presenters/summary.ts';
import { StepFields, type StepViewData } from './form-fields.tsx';

function crumbs(ctx: ViewContext, def: FormDefinition, last?: string): Crumb[] {
  const c: Crumb[] = [
    { href: '/', label: ctx.t('applications.crumb.home') },
    { href: `/antraege/${def.slug}`, label: tx(def.title, ctx.lang) },
  ];
  if (last) c.push({ label: last });
  return c;
}

function Page(p: {
  ctx: ViewContext;
  title: string;
  def?: FormDefinition;
  crumb?: string;
  errors?: FieldErrors;
  children: ComponentChildren;
  noindex?: boolean;
}) {
  return (
    <Layout
      ctx={p.ctx}
      title={p.title}
      breadcrumbs={p.def ? crumbs(p.ctx, p.def, p.crumb) : undefined}
      hasErrors={!!p.errors && Object.keys(p.errors).length > 0}
      noindex={p.noindex ?? true}
      styles={['/assets/applications/applications.css']}
    >
      {p.errors && <ErrorSummary ctx={p.ctx} errors={p.errors} />}
      {p.children}
    </Layout>
  );
}

export function FeeTable({ ctx, lines, total }: { ctx: ViewContext; lines: FeeLine[]; total: number }) {
  return (
    <Table
      id="fees"
      caption={ctx.t('applications.fee.caption')}
      columns={[
        { key: 'item', label: ctx.t('applications.fee.item') },
        { key: 'amount', label: ctx.t('applications.fee.amount'), numeric: true },
      ]}
      rowHeader="item"
      rows={[
        ...lines.map((l) => ({ item: tx(l.label, ctx.lang), amount: formatEuro(ctx.lang, l.amountCents) })),
        { item: ctx.t('applications.fee.total'), amount: formatEuro(ctx.lang, total) },
      ]}
    />
  );
}

export function StartPage(p: {
  ctx: ViewContext;
  def: FormDefinition;
  version: number;
  drafts: { id: string; updatedAt: Date; href: string }[];
  serviceHref: string | null;
}) {
  const { ctx, def } = p;
  const title = tx(def.title, ctx.lang);
  const hasFees = (def.fees ?? []).length > 0;
  return (
    <Page ctx={ctx} title={title} def={def} noindex={false}>
      <h1 class="kern-heading-x-large">{title}</h1>
      {def.description && <p class="kern-body kern-body--large">{tx(def.description, ctx.lang)}</p>}
      {def.youNeed && def.youNeed.length > 0 && (
        <>
          <h2 class="kern-heading-medium">{ctx.t('applications.start.youNeed')}</h2>
          <ul class="kern-list">
            {def.youNeed.map((n, i) => (
              <li key={i}>{tx(n, ctx.lang)}</li>
            ))}
          </ul>
        </>
      )}
      {hasFees && (
        <>
          <h2 class="kern-heading-medium">{ctx.t('applications.start.fees')}</h2>
          <ul class="kern-list">
            {(def.fees ?? []).map((f) => (
              <li key={f.id}>
                {tx(f.label, ctx.lang)}
                {f.byValue
                  ? `: ${Object.values(f.byValue.amounts)
                      .map((a) => formatEuro(ctx.lang, a))
                      .join(' / ')}`
                  : f.amountCents
                    ? `: ${formatEuro(ctx.lang, f.amountCents)}`
                    : ''}
              </li>
            ))}
          </ul>
          <p class="kern-body">
            {ctx.t(
              def.payment?.mode === 'later' ? 'applications.start.payLater' : 'applications.start.payBefore',
            )}
          </p>
        </>
      )}
      {def.processingNote && <p class="kern-body">{tx(def.processingNote, ctx.lang)}</p>}
      {def.legalBasis && (
        <>
          <h2 class="kern-heading-medium">{ctx.t('applications.start.legalBasis')}</h2>
          <p class="kern-body">{tx(def.legalBasis, ctx.lang)}</p>
        </>
      )}
      <p class="kern-body">{ctx.t('applications.start.saveHint')}</p>
      {p.drafts.length > 0 && (
        <Alert type="info" title={ctx.t('applications.start.draftsTitle')} headingLevel={2}>
          <ul class="kern-list">
            {p.drafts.map((d) => (
              <li key={d.id}>
                <a class="kern-link" href={d.href}>
                  {ctx.t('applications.start.continueDraft', { date: formatDateTime(ctx.lang, d.updatedAt) })}
                </a>
              </li>
            ))}
          </ul>
        </Alert>
      )}
      <Form ctx={ctx} action={`/antraege/${def.slug}/starten`}>
        <Button label={ctx.t('applications.start.button')} icon="arrow-forward" />
      </Form>
      {p.serviceHref && (
        <p class="kern-body">
          <a class="kern-link" href={p.serviceHref}>
            {ctx.t('applications.start.serviceLink')}
          </a>
        </p>
      )}
    </Page>
  );
}

export function StepPage(p: {
  ctx: ViewContext;
  def: FormDefinition;
  step: StepDef;
  stepNo: number;
  stepCount: number;
  action: string;
  backHref: string;
  data: StepViewData;
  multipart: boolean;
  fromCheck: boolean;
}) {
  const { ctx, def, step } = p;
  const title = tx(step.title, ctx.lang);
  return (
    <Page
      ctx={ctx}
      title={`${title} – ${tx(def.title, ctx.lang)}`}
      def={def}
      crumb={title}
      errors={p.data.errors}
    >
      <p class="kern-body">
        <a class="kern-link" href={p.backHref}>
          {ctx.t('applications.back')}
        </a>
      </p>
      <p class="kern-body kern-body--small ok-app-progress">
        {ctx.t('applications.step.progress', { n: p.stepNo, of: p.stepCount })}
      </p>
      <h1 class="kern-heading-large">{title}</h1>
      {step.hint && <p class="kern-body">{tx(step.hint, ctx.lang)}</p>}
      <Form ctx={ctx} action={p.action} multipart={p.multipart}>
        {p.fromCheck && <input type="hidden" name="zurueck" value="pruefen" />}
        <StepFields ctx={ctx} step={step} data={p.data} />
        <ButtonGroup>
          <Button
            name="aktion"
            value="weiter"
            label={ctx.t(p.fromCheck ? 'applications.step.saveAndCheck' : 'applications.step.continue')}
            icon="arrow-forward"
          />
          <Button
            name="aktion"
            value="speichern"
            variant="secondary"
            label={ctx.t('applications.step.saveForLater')}
          />
        </ButtonGroup>
      </Form>
    </Page>
  );
}

export function CheckPage(p: {
  ctx: ViewContext;
  def: FormDefinition;
  steps: StepSummary[];
  changeHref: (stepId: string) => string;
  fees: { lines: FeeLine[]; totalCents: number };
  nextHref: string;
  backHref: string;
}) {
  const { ctx, def } = p;
  return (
    <Page
      ctx={ctx}
      title={`${ctx.t('applications.check.title')} – ${tx(def.title, ctx.lang)}`}
      def={def}
      crumb={ctx.t('applications.check.title')}
    >
      <p class="kern-body">
        <a class="kern-link" href={p.backHref}>
          {ctx.t('applications.back')}
        </a>
      </p>
      <h1 class="kern-heading-large">{ctx.t('applications.check.title')}</h1>
      {p.steps.map((s) => (
        <SummaryCard key={s.step.id} title={s.title}>
          <SummaryList
            ctx={ctx}
            rows={s.rows.map((r) => ({ key: r.label, value: r.value, changeHref: p.changeHref(s.step.id) }))}
          />
        </SummaryCard>
      ))}
      {p.fees.totalCents > 0 && <FeeTable ctx={ctx} lines={p.fees.lines} total={p.fees.totalCents} />}
      <ButtonLink href={p.nextHref} label={ctx.t('applications.check.continue')} icon="arrow-forward" />
    </Page>
  );
}

export function DeclarationPage(p: {
  ctx: ViewContext;
  def: FormDefinition;
  action: string;
  checked: string[];
  errors?: FieldErrors;
  feeCents: number;
  backHref: string;
}) {
  const { ctx, def } = p;
  const payFirst = p.feeCents > 0 && def.payment?.mode !== 'later';
  return (
    <Page
      ctx={ctx}
      title={`${ctx.t('applications.declaration.title')} – ${tx(def.title, ctx.lang)}`}
      def={def}
      crumb={ctx.t('applications.declaration.title')}
      errors={p.errors}
    >
      <p class="kern-body">
        <a class="kern-link" href={p.backHref}>
          {ctx.t('applications.back')}
        </a>
      </p>
      <h1 class="kern-heading-large">{ctx.t('applications.declaration.title')}</h1>
      <Form ctx={ctx} action={p.action}>
        {def.declarations.map((d) => (
          <Checkbox
            key={d.id}
            ctx={ctx}
            name={`erklaerung-${d.id}`}
            value="ja"
            label={tx(d.text, ctx.lang)}
            checked={p.checked.includes(d.id)}
            error={p.errors?.[`erklaerung-${d.id}`]}
          />
        ))}
        {p.feeCents > 0 && (
          <p class="kern-body">
            {ctx.t(payFirst ? 'applications.declaration.payFirst' : 'applications.declaration.payLater', {
              amount: formatEuro(ctx.lang, p.feeCents),
            })}
          </p>
        )}
        <Button
          label={ctx.t(
            payFirst ? 'applications.declaration.submitAndPay' : 'applications.declaration.submit',
          )}
          icon="arrow-forward"
        />
      </Form>
    </Page>
  );
}

export function ConfirmationPage(p: {
  ctx: ViewContext;
  def: FormDefinition;
  reference: string;
  email: string;
  paymentStatus: 'none' | 'due' | 'paid';
  awaitingPayment: boolean;
  feeCents: number;
  kassenzeichen: string | null;
  receiptHref: string;
  paymentHref: string;
  loggedIn: boolean;
}) {
  const { ctx, def } = p;
  return (
    <Page
      ctx={ctx}
      title={ctx.t('applications.confirmation.title')}
      def={def}
      crumb={ctx.t('applications.confirmation.title')}
    >
      <div class="kern-alert kern-alert--success ok-app-panel">
        <div class="kern-alert__header">
          <span class="kern-icon kern-icon--success" aria-hidden="true" />
          <h1 class="kern-title kern-heading-large">
            {ctx.t(
              p.awaitingPayment
                ? 'applications.confirmation.titleAwaiting'
                : 'applications.confirmation.title',
            )}
          </h1>
        </div>
        <div class="kern-alert__body">
          <p class="kern-body">{ctx.t('applications.confirmation.reference')}</p>
          <p class="kern-heading-medium ok-app-reference" id="reference">
            {p.reference}
          </p>
        </div>
      </div>
      {p.awaitingPayment && (
        <Alert type="warning" title={ctx.t('applications.confirmation.payNowTitle')} headingLevel={2}>
          <p class="kern-body">
            {ctx.t('applications.confirmation.payNowText', { amount: formatEuro(ctx.lang, p.feeCents) })}
          </p>
          <ButtonLink href={p.paymentHref} label={ctx.t('applications.confirmation.payNow')} />
        </Alert>
      )}
      {!p.awaitingPayment && p.paymentStatus === 'due' && (
        <Alert type="info" title={ctx.t('applications.confirmation.dueTitle')} headingLevel={2}>
          <p class="kern-body">
            {ctx.t('applications.confirmation.dueText', { amount: formatEuro(ctx.lang, p.feeCents) })}
          </p>
          <ButtonLink
            href={p.paymentHref}
            label={ctx.t('applications.confirmation.payNow')}
            variant="secondary"
          />
        </Alert>
      )}
      {p.paymentStatus === 'paid' && (
        <p class="kern-body">
          {ctx.t('applications.confirmation.paid', {
            amount: formatEuro(ctx.lang, p.feeCents),
            kassenzeichen: p.kassenzeichen ?? '',
          })}
        </p>
      )}
      <h2 class="kern-heading-medium">{ctx.t('applications.confirmation.nextTitle')}</h2>
      <p class="kern-body">{ctx.t('applications.confirmation.mail', { email: p.email })}</p>
      {p.loggedIn && (
        <p class="kern-body">
          <a class="kern-link" href="/konto/antraege">
            {ctx.t('applications.confirmation.account')}
          </a>
        </p>
      )}
      <p class="kern-body">
        <a class="kern-link" href={p.receiptHref} download>
          {ctx.t('applications.confirmation.receipt')}
        </a>
      </p>
    </Page>
  );
}

export function PaymentPage(p: {
  ctx: ViewContext;
  def: FormDefinition;
  reference: string;
  feeCents: number;
  lines: FeeLine[];
  state: 'due' | 'pending' | 'paid' | 'failed' | 'cancelled';
  kassenzeichen: string | null;
  action: string;
  confirmationHref: string;
}) {
  const { ctx, def } = p;
  const tone =
    p.state === 'paid'
      ? 'success'
      : p.state === 'pending'
        ? 'info'
        : p.state === 'due'
          ? 'warning'
          : 'danger';
  return (
    <Page
      ctx={ctx}
      title={ctx.t('applications.payment.title')}
      def={def}
      crumb={ctx.t('applications.payment.title')}
    >
      <h1 class="kern-heading-large">{ctx.t('applications.payment.title')}</h1>
      <p class="kern-body">{ctx.t('applications.payment.reference', { reference: p.reference })}</p>
      <p class="kern-body">
        {ctx.t('applications.payment.status')}{' '}
        <Badge tone={tone} label={ctx.t(`applications.payment.state.${p.state}`)} />
      </p>
      <p class="kern-body" id="payment-explanation">
        {ctx.t(`applications.payment.explain.${p.state}`, { kassenzeichen: p.kassenzeichen ?? '' })}
      </p>
      <FeeTable ctx={ctx} lines={p.lines} total={p.feeCents} />
      {p.state === 'pending' && (
        <p class="kern-body">
          <a class="kern-link" href={`/antraege/zahlung/${p.reference}`}>
            {ctx.t('applications.payment.refresh')}
          </a>
        </p>
      )}
      {(p.state === 'due' || p.state === 'failed' || p.state === 'cancelled') && (
        <Form ctx={ctx} action={p.action}>
          <Button
            label={ctx.t(p.state === 'due' ? 'applications.payment.pay' : 'applications.payment.retry')}
            icon="arrow-forward"
          />
        </Form>
      )}
      {p.state === 'paid' && (
        <ButtonLink href={p.confirmationHref} label={ctx.t('applications.payment.toConfirmation')} />
      )}
    </Page>
  );
}

export function SaveForLaterPage(p: {
  ctx: ViewContext;
  def: FormDefinition;
  action: string;
  continueHref: string;
  loggedIn: boolean;
  email: string;
  sentTo?: string;
  errors?: FieldErrors;
  days: number;
}) {
  const { ctx, def } = p;
  return (
    <Page
      ctx={ctx}
      title={ctx.t('applications.save.title')}
      def={def}
      crumb={ctx.t('applications.save.title')}
      errors={p.errors}
    >
      <h1 class="kern-heading-large">{ctx.t('applications.save.title')}</h1>
      {p.loggedIn ? (
        <p class="kern-body">{ctx.t('applications.save.loggedIn')}</p>
      ) : p.sentTo ? (
        <Alert type="success" title={ctx.t('applications.save.sentTitle')} headingLevel={2}>
          <p class="kern-body">{ctx.t('applications.save.sent', { email: p.sentTo, days: p.days })}</p>
        </Alert>
      ) : (
        <>
          <p class="kern-body">{ctx.t('applications.save.anonymous', { days: p.days })}</p>
          <Form ctx={ctx} action={p.action}>
            <EmailField
              ctx={ctx}
              name="email"
              label={ctx.t('applications.save.email')}
              required
              value={p.email}
              error={p.errors?.email}
            />
            <Button label={ctx.t('applications.save.send')} />
          </Form>
        </>
      )}
      <p class="kern-body">
        <a class="kern-link" href={p.continueHref}>
          {ctx.t('applications.save.continue')}
        </a>
      </p>
    </Page>
  );
}

export function ResumePage(p: { ctx: ViewContext; valid: boolean; action: string }) {
  const { ctx } = p;
  return (
    <Page ctx={ctx} title={ctx.t('applications.resume.title')}>
      <h1 class="kern-heading-large">{ctx.t('applications.resume.title')}</h1>
      {p.valid ? (
        <Form ctx={ctx} action={p.action}>
          <p class="kern-body">{ctx.t('applications.resume.text')}</p>
          <Button label={ctx.t('applications.resume.button')} icon="arrow-forward" />
        </Form>
      ) : (
        <Alert type="warning" title={ctx.t('applications.resume.invalidTitle')} headingLevel={2}>
          <p class="kern-body">{ctx.t('applications.resume.invalid')}</p>
        </Alert>
      )}
    </Page>
  );
}

export function MessagePage(p: { ctx: ViewContext; title: string; text: string; def?: FormDefinition }) {
  return (
    <Page ctx={p.ctx} title={p.title} def={p.def}>
      <h1 class="kern-heading-large">{p.title}</h1>
      <p class="kern-body">{p.text}</p>
    </Page>
  );
}

export function DraftsPage(p: {
  ctx: ViewContext;
  drafts: { id: string; title: string; updatedAt: Date; href: string; deleteAction: string }[];
}) {
  const { ctx } = p;
  return (
    <Layout
      ctx={ctx}
      title={ctx.t('applications.drafts.title')}
      noindex
      breadcrumbs={[
        { href: '/konto', label: ctx.t('applications.drafts.account') },
        { label: ctx.t('applications.drafts.title') },
      ]}
    >
      <h1 class="kern-heading-large">{ctx.t('applications.drafts.title')}</h1>
      {p.drafts.length === 0 ? (
        <p class="kern-body">{ctx.t('applications.drafts.none')}</p>
      ) : (
        <ul class="kern-list ok-app-drafts">
          {p.drafts.map((d) => (
            <li key={d.id}>
              <a class="kern-link" href={d.href}>
                {d.title}
              </a>{' '}
              – {ctx.t('applications.drafts.updated', { date: formatDateTime(ctx.lang, d.updatedAt) })}
              <Form
                ctx={ctx}
                action={d.deleteAction}
                label={ctx.t('applications.drafts.deleteLabel', { title: d.title })}
              >
                <Button variant="tertiary" label={ctx.t('applications.drafts.delete', { title: d.title })} />
              </Form>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export function TestCashierPage(p: {
  ctx: ViewContext;
  tx: {
    txId: string;
    reference: string;
    amountCents: number;
    description: string;
    kassenzeichen: string;
    status: string;
    callbackSent: boolean;
  };
}) {
  const { ctx, tx: t } = p;
  const action = `/antraege/testkasse/${t.txId}`;
  return (
    <Layout ctx={ctx} title={ctx.t('applications.cashier.title')} noindex>
      <h1 class="kern-heading-large">{ctx.t('applications.cashier.title')}</h1>
      <Alert type="info" title={ctx.t('applications.cashier.noticeTitle')}>
        <p class="kern-body">{ctx.t('applications.cashier.notice')}</p>
      </Alert>
      <SummaryList
        ctx={ctx}
        rows={[
          { key: ctx.t('applications.cashier.purpose'), value: t.description },
          { key: ctx.t('applications.cashier.amount'), value: formatEuro(ctx.lang, t.amountCents) },
          { key: ctx.t('applications.cashier.kassenzeichen'), value: t.kassenzeichen },
          { key: ctx.t('applications.cashier.status'), value: t.status },
        ]}
      />
      {t.status === 'open' ? (
        <Form ctx={ctx} action={action}>
          <ButtonGroup>
            <Button name="ergebnis" value="paid" label={ctx.t('applications.cashier.pay')} />
            <Button
              name="ergebnis"
              value="paid-late"
              variant="secondary"
              label={ctx.t('applications.cashier.payLate')}
            />
            <Button
              name="ergebnis"
              value="failed"
              variant="secondary"
              label={ctx.t('applications.cashier.fail')}
            />
            <Button
              name="ergebnis"
              value="cancelled"
              variant="tertiary"
              label={ctx.t('applications.cashier.cancel')}
            />
          </ButtonGroup>
        </Form>
      ) : !t.callbackSent ? (
        <Form ctx={ctx} action={`${action}/rueckruf`}>
          <p class="kern-body">{ctx.t('applications.cashier.lateText')}</p>
          <Button label={ctx.t('applications.cashier.sendCallback')} />
        </Form>
      ) : (
        <p class="kern-body">{ctx.t('applications.cashier.done')}</p>
      )}
    </Layout>
  );
}
