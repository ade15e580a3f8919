import type { ComponentChildren } from 'preact';
import type { ViewContext } from '../../../kernel/views/context.ts';
import {
  Alert,
  ButtonGroup,
  ButtonLink,
  EmailField,
  ErrorSummary,
  Form,
  Select,
  SubmitButton,
  Table,
  TextField,
  type FieldErrors,
} from '../../../kernel/views/components.tsx';
import { Layout } from '../../../kernel/views/layout.tsx';
import type { AppointmentView } from '../presenters/appointment.ts';
import type { DayStats } from '../queries/stats.ts';
import { StatusBadge } from './parts.tsx';

export function Frame({
  ctx,
  title,
  errors,
  children,
  trail,
}: {
  ctx: ViewContext;
  title: string;
  errors?: FieldErrors;
  children: ComponentChildren;
  trail?: { href: string; label: string };
}) {
  const crumbs = [
    { href: '/verwaltung', label: ctx.t('staff.title') },
    { href: '/verwaltung/termine', label: ctx.t('appointments.staff.title') },
  ];
  if (trail) crumbs.push(trail);
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[...crumbs, { label: title }]}
      noindex
      hasErrors={!!errors && Object.keys(errors).length > 0}
    >
      {errors && <ErrorSummary ctx={ctx} errors={errors} />}
      <h1 class="kern-heading-large">{title}</h1>
      {children}
    </Layout>
  );
}

export function StaffIndexPage({
  ctx,
  locations,
}: {
  ctx: ViewContext;
  locations: { slug: string; name: string; city: string | null }[];
}) {
  const { t } = ctx;
  return (
    <Frame ctx={ctx} title={t('appointments.staff.title')}>
      <h2 class="kern-heading-medium">{t('appointments.staff.locations')}</h2>
      {!locations.length ? (
        <p class="kern-body">{t('appointments.staff.noLocations')}</p>
      ) : (
        <ul class="kern-list">
          {locations.map((l) => (
            <li key={l.slug}>
              <a class="kern-link" href={`/verwaltung/termine/${l.slug}`}>
                {l.name}
              </a>
            </li>
          ))}
        </ul>
      )}
    </Frame>
  );
}

export interface StaffDay {
  date: string;
  label: string;
  appointments: AppointmentView[];
}

export interface StaffForms {
  book?: Record<string, string>;
  block?: Record<string, string>;
  closure?: Record<string, string>;
  capacity?: Record<string, string>;
}

export function LocationDayPage({
  ctx,
  slug,
  name,
  title,
  days,
  nav,
  services,
  workstations,
  feedUrl,
  notice,
  errors,
  values,
}: {
  ctx: ViewContext;
  slug: string;
  name: string;
  title: string;
  days: StaffDay[];
  nav: {
    prev: string;
    next: string;
    prevLabel: string;
    nextLabel: string;
    day: string;
    week: string;
    view: 'tag' | 'woche';
  };
  services: { value: string; label: string }[];
  workstations: { public: number; internal: number };
  feedUrl: string;
  notice?: string;
  errors?: FieldErrors;
  values: StaffForms;
}) {
  const { t } = ctx;
  const base = `/verwaltung/termine/${slug}`;
  const trail = { href: base, label: name };
  return (
    <Frame ctx={ctx} title={title} errors={errors} trail={nav.view === 'tag' ? undefined : trail}>
      {notice && <Alert type="success" title={notice} live />}
      <nav aria-label={t('appointments.calendar.viewNav')}>
        <ul class="kern-list ok-inline-list">
          <li>
            <a class="kern-link" href={nav.prev}>
              {nav.prevLabel}
            </a>
          </li>
          <li>
            <a class="kern-link" href={nav.next}>
              {nav.nextLabel}
            </a>
          </li>
          <li>
            <a class="kern-link" href={nav.day} aria-current={nav.view === 'tag' ? 'page' : undefined}>
              {t('appointments.staff.day')}
            </a>
          </li>
          <li>
            <a class="kern-link" href={nav.week} aria-current={nav.view === 'woche' ? 'page' : undefined}>
              {t('appointments.staff.week')}
            </a>
          </li>
          <li>
            <a class="kern-link" href={`${base}/regeln`}>
              {t('appointments.rules.link')}
            </a>
          </li>
        </ul>
      </nav>
      {days.map((d) => (
        <section key={d.date} aria-labelledby={`day-${d.date}`}>
          <h2 class="kern-heading-medium" id={`day-${d.date}`}>
            {d.label}
          </h2>
          {!d.appointments.length ? (
            <p class="kern-body">{t('appointments.staff.none')}</p>
          ) : (
            <Table
              id={`table-${d.date}`}
              caption={d.label}
              captionHidden
              small
              columns={[
                { key: 'time', label: t('appointments.staff.col.time') },
                { key: 'code', label: t('appointments.staff.col.code') },
                { key: 'name', label: t('appointments.staff.col.name') },
                { key: 'services', label: t('appointments.staff.col.services') },
                { key: 'status', label: t('appointments.staff.col.status') },
                { key: 'actions', label: t('appointments.staff.col.actions') },
              ]}
              rowHeader="time"
              rows={d.appointments.map((a) => ({
                time: `${a.time}–${a.endTime}`,
                code: a.code,
                name: a.anonymous
                  ? t('appointments.staff.anonymous')
                  : [a.name, a.phone].filter(Boolean).join(', '),
                services: a.services.map((s) => `${s.quantity} × ${s.name}`).join(', '),
                status: <StatusBadge ctx={ctx} status={a.status} />,
                actions:
                  a.status === 'booked' || a.status === 'arrived' || a.status === 'no_show' ? (
                    <Form
                      ctx={ctx}
                      action={`${base}/termin/${a.id}`}
                      label={t('appointments.staff.col.actions')}
                    >
                      <ButtonGroup>
                        {a.status !== 'arrived' && (
                          <button
                            class="kern-btn kern-btn--secondary kern-btn--small"
                            type="submit"
                            name="aktion"
                            value="arrived"
                          >
                            <span class="kern-label">
                              {t('appointments.staff.markArrived', { code: a.code })}
                            </span>
                          </button>
                        )}
                        {a.status !== 'no_show' && (
                          <button
                            class="kern-btn kern-btn--secondary kern-btn--small"
                            type="submit"
                            name="aktion"
                            value="no_show"
                          >
                            <span class="kern-label">
                              {t('appointments.staff.markNoShow', { code: a.code })}
                            </span>
                          </button>
                        )}
                        {a.status === 'booked' && (
                          <button
                            class="kern-btn kern-btn--tertiary kern-btn--small"
                            type="submit"
                            name="aktion"
                            value="cancel"
                          >
                            <span class="kern-label">{t('appointments.staff.cancel', { code: a.code })}</span>
                          </button>
                        )}
                      </ButtonGroup>
                    </Form>
                  ) : null,
              }))}
            />
          )}
        </section>
      ))}
      <ButtonGroup>
        <ButtonLink href={`${base}/export.csv`} label={t('appointments.staff.export')} variant="secondary" />
        <ButtonLink href={`${base}/statistik`} label={t('appointments.staff.stats')} variant="secondary" />
      </ButtonGroup>
      <p class="kern-body">
        {t('appointments.staff.feed')}: <code>{feedUrl}</code>
      </p>

      <section aria-labelledby="book-heading">
        <h2 class="kern-heading-medium" id="book-heading">
          {t('appointments.staff.book.title')}
        </h2>
        <Form ctx={ctx} action={`${base}/buchen`} label={t('appointments.staff.book.title')}>
          <Select
            ctx={ctx}
            name="service"
            label={t('appointments.staff.book.service')}
            required
            options={services}
            value={values.book?.service}
            error={errors?.service}
          />
          <TextField
            ctx={ctx}
            name="quantity"
            label={t('appointments.staff.book.quantity')}
            required
            inputmode="numeric"
            width={2}
            value={values.book?.quantity ?? '1'}
            error={errors?.quantity}
          />
          <TextField
            ctx={ctx}
            name="date"
            label={t('appointments.staff.book.date')}
            required
            value={values.book?.date}
            error={errors?.date}
          />
          <TextField
            ctx={ctx}
            name="time"
            label={t('appointments.staff.book.time')}
            required
            width={4}
            value={values.book?.time}
            error={errors?.time}
          />
          <TextField
            ctx={ctx}
            name="name"
            label={t('appointments.contact.name')}
            required
            value={values.book?.name}
            error={errors?.name}
            maxLength={200}
          />
          <TextField
            ctx={ctx}
            name="phone"
            type="tel"
            label={t('appointments.staff.book.phone')}
            value={values.book?.phone}
            error={errors?.phone}
            maxLength={50}
          />
          <EmailField
            ctx={ctx}
            name="email"
            label={t('appointments.staff.book.email')}
            value={values.book?.email}
            error={errors?.email}
            maxLength={254}
          />
          <SubmitButton label={t('appointments.staff.book.submit')} />
        </Form>
      </section>

      <section aria-labelledby="block-heading">
        <h2 class="kern-heading-medium" id="block-heading">
          {t('appointments.staff.block.title')}
        </h2>
        <Form ctx={ctx} action={`${base}/sperren`} label={t('appointments.staff.block.title')}>
          <TextField
            ctx={ctx}
            name="block_date"
            label={t('appointments.staff.book.date')}
            required
            value={values.block?.block_date}
            error={errors?.block_date}
          />
          <TextField
            ctx={ctx}
            name="block_from"
            label={t('appointments.staff.block.from')}
            required
            width={4}
            value={values.block?.block_from}
            error={errors?.block_from}
          />
          <TextField
            ctx={ctx}
            name="block_to"
            label={t('appointments.staff.block.to')}
            required
            width={4}
            value={values.block?.block_to}
            error={errors?.block_to}
          />
          <TextField
            ctx={ctx}
            name="block_workstations"
            label={t('appointments.staff.block.workstations')}
            inputmode="numeric"
            width={2}
            value={values.block?.block_workstations}
            error={errors?.block_workstations}
          />
          <TextField
            ctx={ctx}
            name="block_reason"
            label={t('appointments.staff.block.reason')}
            value={values.block?.block_reason}
            error={errors?.block_reason}
            maxLength={200}
          />
          <SubmitButton label={t('appointments.staff.block.submit')} />
        </Form>
      </section>

      <section aria-labelledby="closure-heading">
        <h2 class="kern-heading-medium" id="closure-heading">
          {t('appointments.staff.closure.title')}
        </h2>
        <Form ctx={ctx} action={`${base}/schliessen`} label={t('appointments.staff.closure.title')}>
          <TextField
            ctx={ctx}
            name="closure_from"
            label={t('appointments.staff.closure.from')}
            required
            value={values.closure?.closure_from}
            error={errors?.closure_from}
          />
          <TextField
            ctx={ctx}
            name="closure_to"
            label={t('appointments.staff.closure.to')}
            required
            value={values.closure?.closure_to}
            error={errors?.closure_to}
          />
          <TextField
            ctx={ctx}
            name="closure_reason"
            label={t('appointments.staff.block.reason')}
            value={values.closure?.closure_reason}
            error={errors?.closure_reason}
            maxLength={200}
          />
          <SubmitButton label={t('appointments.staff.closure.submit')} />
        </Form>
      </section>

      <section aria-labelledby="capacity-heading">
        <h2 class="kern-heading-medium" id="capacity-heading">
          {t('appointments.staff.capacity.title')}
        </h2>
        <Form ctx={ctx} action={`${base}/kapazitaet`} label={t('appointments.staff.capacity.title')}>
          <TextField
            ctx={ctx}
            name="public"
            label={t('appointments.staff.capacity.public')}
            required
            inputmode="numeric"
            width={2}
            value={values.capacity?.public ?? String(workstations.public)}
            error={errors?.public}
          />
          <TextField
            ctx={ctx}
            name="internal"
            label={t('appointments.staff.capacity.internal')}
            required
            inputmode="numeric"
            width={2}
            value={values.capacity?.internal ?? String(workstations.internal)}
            error={errors?.internal}
          />
          <SubmitButton label={t('appointments.staff.capacity.submit')} />
        </Form>
      </section>
    </Frame>
  );
}

/** The warning before a change that takes capacity away: how many and which booked appointments. */
export function AffectedWarning({
  ctx,
  affected,
  text,
}: {
  ctx: ViewContext;
  affected: AppointmentView[];
  text: string;
}) {
  const { t } = ctx;
  if (!affected.length) return <p class="kern-body">{t('appointments.rules.deleteNoneAffected')}</p>;
  return (
    <>
      <Alert
        type="warning"
        title={t('appointments.staff.capacity.warningTitle', { count: affected.length })}
        headingLevel={2}
      >
        <p class="kern-body">{text}</p>
      </Alert>
      <ul class="kern-list">
        {affected.map((a) => (
          <li key={a.id}>
            {a.when} · {a.code} · {a.anonymous ? t('appointments.staff.anonymous') : a.name}
          </li>
        ))}
      </ul>
    </>
  );
}

export function CapacityWarningPage({
  ctx,
  slug,
  name,
  affected,
  values,
}: {
  ctx: ViewContext;
  slug: string;
  name: string;
  affected: AppointmentView[];
  values: { public: string; internal: string };
}) {
  const { t } = ctx;
  const base = `/verwaltung/termine/${slug}`;
  return (
    <Frame ctx={ctx} title={t('appointments.staff.capacity.title')} trail={{ href: base, label: name }}>
      <AffectedWarning ctx={ctx} affected={affected} text={t('appointments.staff.capacity.warning')} />
      <Form ctx={ctx} action={`${base}/kapazitaet`}>
        <input type="hidden" name="public" value={values.public} />
        <input type="hidden" name="internal" value={values.internal} />
        <input type="hidden" name="bestaetigt" value="1" />
        <ButtonGroup>
          <SubmitButton label={t('appointments.staff.capacity.confirm')} />
          <ButtonLink href={base} label={t('appointments.back')} variant="secondary" />
        </ButtonGroup>
      </Form>
    </Frame>
  );
}

export function StatsPage({
  ctx,
  slug,
  name,
  rows,
}: {
  ctx: ViewContext;
  slug: string;
  name: string;
  rows: (DayStats & { label: string })[];
}) {
  const { t } = ctx;
  const pct = (n: number, d: number) => (d ? `${Math.round((n / d) * 1000) / 10} %` : '–');
  return (
    <Frame
      ctx={ctx}
      title={t('appointments.staff.stats.title', { name })}
      trail={{ href: `/verwaltung/termine/${slug}`, label: name }}
    >
      <Table
        id="stats"
        caption={t('appointments.staff.stats.caption')}
        small
        rowHeader="date"
        columns={[
          { key: 'date', label: t('appointments.staff.col.date') },
          { key: 'capacity', label: t('appointments.staff.col.capacity'), numeric: true },
          { key: 'booked', label: t('appointments.staff.col.booked'), numeric: true },
          { key: 'count', label: t('appointments.staff.col.count'), numeric: true },
          { key: 'noShow', label: t('appointments.staff.col.noShow'), numeric: true },
          { key: 'rate', label: t('appointments.staff.col.rate'), numeric: true },
        ]}
        rows={rows.map((r) => ({
          date: r.label,
          capacity: r.capacity,
          booked: `${r.booked} (${pct(r.booked, r.capacity)})`,
          count: r.appointments,
          noShow: r.noShows,
          rate: pct(r.noShows, r.appointments),
        }))}
      />
    </Frame>
  );
}
