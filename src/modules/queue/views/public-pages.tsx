import { formatDateTime } from '../../../kernel/i18n/format.ts';
import {
  Button,
  ErrorSummary,
  Form,
  Table,
  TextField,
  type FieldErrors,
} from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import { Layout } from '../../../kernel/views/layout.tsx';
import type { WaitingTime } from '../queries/waiting-time.ts';
import { estimateText, QUEUE_CSS, TrafficLight, UpdatedAt } from './parts.tsx';

function crumbs(ctx: ViewContext, last?: { href?: string; label: string }[]) {
  return [
    { href: '/', label: ctx.t('queue.crumb.home') },
    { href: '/wartezeiten', label: ctx.t('queue.overview.title') },
    ...(last ?? []),
  ];
}

/** /wartezeiten: every location with its traffic light. */
export function OverviewPage({ ctx, items }: { ctx: ViewContext; items: WaitingTime[] }) {
  const { t } = ctx;
  const updated = items.reduce<Date | null>((a, w) => (!a || w.updatedAt > a ? w.updatedAt : a), null);
  return (
    <Layout
      ctx={ctx}
      title={t('queue.overview.title')}
      breadcrumbs={crumbs(ctx)
        .slice(0, 1)
        .concat({ label: t('queue.overview.title') })}
      styles={[QUEUE_CSS]}
    >
      <h1 class="kern-heading-x-large">{t('queue.overview.title')}</h1>
      <p class="kern-body">{t('queue.overview.intro')}</p>
      {items.length === 0 ? (
        <p class="kern-body">{t('queue.overview.empty')}</p>
      ) : (
        <ul class="ok-queue-cards">
          {items.map((w) => (
            <li class="ok-queue-card" key={w.slug}>
              <h2 class="kern-heading-small">
                <a class="kern-link" href={`/wartezeiten/${w.slug}`}>
                  {w.name}
                </a>
              </h2>
              <TrafficLight ctx={ctx} light={w.light} />
              <p class="kern-body">
                {t('queue.waiting.count', { count: String(w.waiting) })}
                <br />
                {t('queue.estimate.label')}: {estimateText(ctx, w.optimisticMinutes, w.pessimisticMinutes)}
              </p>
            </li>
          ))}
        </ul>
      )}
      {updated && (
        <p class="kern-body kern-body--small">
          {t('queue.updatedAt')}: <UpdatedAt ctx={ctx} at={updated} />
        </p>
      )}
    </Layout>
  );
}

/** /wartezeiten/<slug>: the public waiting time of one location, live when JavaScript runs. */
export function WaitingTimePage({ ctx, w }: { ctx: ViewContext; w: WaitingTime }) {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t('queue.waiting.title', { name: w.name })}
      breadcrumbs={crumbs(ctx, [{ label: w.name }])}
      styles={[QUEUE_CSS]}
      scripts={['/assets/queue/waiting.js']}
    >
      <h1 class="kern-heading-x-large">{t('queue.waiting.title', { name: w.name })}</h1>
      <section
        class="ok-queue-status"
        aria-labelledby="status-heading"
        data-queue-waiting={`/api/v1/queue/locations/${w.slug}/events`}
        data-lang={ctx.lang}
        data-text-closed={t('queue.estimate.closed')}
        data-text-none={t('queue.estimate.none')}
        data-text-about={t('queue.estimate.about')}
        data-text-range={t('queue.estimate.range')}
        data-text-light-green={t('queue.light.green')}
        data-text-light-yellow={t('queue.light.yellow')}
        data-text-light-red={t('queue.light.red')}
        data-text-light-closed={t('queue.light.closed')}
      >
        <h2 class="kern-heading-medium" id="status-heading">
          {t('queue.waiting.now')}
        </h2>
        <TrafficLight ctx={ctx} light={w.light} large />
        <dl class="ok-queue-facts">
          <dt>{t('queue.waiting.people')}</dt>
          <dd data-queue-field="waiting">{w.waiting}</dd>
          <dt>{t('queue.estimate.label')}</dt>
          <dd data-queue-field="estimate">{estimateText(ctx, w.optimisticMinutes, w.pessimisticMinutes)}</dd>
          <dt>{t('queue.waiting.openCounters')}</dt>
          <dd data-queue-field="openCounters">{w.openCounters}</dd>
          <dt>{t('queue.updatedAt')}</dt>
          <dd>
            <UpdatedAt ctx={ctx} at={w.updatedAt} id="queue-updated" />
          </dd>
        </dl>
        <p class="kern-body kern-body--small">{t('queue.waiting.estimateHint')}</p>
      </section>
      <Table
        id="queue-groups"
        caption={t('queue.waiting.byGroup')}
        columns={[
          { key: 'name', label: t('queue.group') },
          { key: 'prefix', label: t('queue.prefix') },
          { key: 'waiting', label: t('queue.waiting.people'), numeric: true },
        ]}
        rowHeader="name"
        rows={w.groups.map((g) => ({
          name: ctx.lang === 'en' ? g.nameEn : g.nameDe,
          prefix: g.prefix,
          waiting: <span data-queue-group={g.key}>{g.waiting}</span>,
        }))}
      />
      <h2 class="kern-heading-medium">{t('queue.waiting.more')}</h2>
      <ul class="kern-list">
        <li>
          <a class="kern-link" href={`/wartezeiten/${w.slug}/einchecken`}>
            {t('queue.checkin.title')}
          </a>
        </li>
        <li>
          <a class="kern-link" href={`/wartezeiten/${w.slug}/anzeige`}>
            {t('queue.display.title')}
          </a>
        </li>
        <li>
          <a
            class="kern-link"
            href={`/api/v1/queue/locations/${w.slug}/waiting-time`}
            type="application/json"
          >
            {t('queue.waiting.api')}
          </a>
        </li>
      </ul>
    </Layout>
  );
}

export interface CheckInValues {
  code: string;
}

/** /wartezeiten/<slug>/einchecken: booking code (from the QR code or typed) and a confirm button. */
export function CheckInPage({
  ctx,
  name,
  slug,
  values,
  errors,
  kiosk,
}: {
  ctx: ViewContext;
  name: string;
  slug: string;
  values: CheckInValues;
  errors?: FieldErrors;
  kiosk?: boolean;
}) {
  const { t } = ctx;
  const action = `/wartezeiten/${slug}/einchecken${kiosk ? '?kiosk=1' : ''}`;
  return (
    <Layout
      ctx={ctx}
      title={t('queue.checkin.title')}
      hasErrors={!!errors}
      breadcrumbs={crumbs(ctx, [
        { href: `/wartezeiten/${slug}`, label: name },
        { label: t('queue.checkin.title') },
      ])}
      styles={[QUEUE_CSS]}
      noindex
    >
      {errors && <ErrorSummary ctx={ctx} errors={errors} />}
      <h1 class="kern-heading-x-large">{t('queue.checkin.title')}</h1>
      <p class="kern-body">{t('queue.checkin.intro', { name })}</p>
      <Form ctx={ctx} action={action}>
        <TextField
          ctx={ctx}
          name="code"
          label={t('queue.checkin.code')}
          hint={t('queue.checkin.codeHint')}
          value={values.code}
          error={errors?.code}
          required
          autocomplete="off"
          spellcheck={false}
          maxLength={40}
        />
        <Button label={t('queue.checkin.submit')} />
      </Form>
    </Layout>
  );
}

export function CheckInErrorText(ctx: ViewContext, reason: string, startsAt?: Date): string {
  return ctx.t(`queue.checkin.error.${reason}`, { time: startsAt ? formatDateTime(ctx.lang, startsAt) : '' });
}
