import { AltchaField } from '../../../kernel/altcha/index.ts';
import type { ViewContext } from '../../../kernel/views/context.ts';
import {
  Alert,
  ButtonGroup,
  ButtonLink,
  EmailField,
  ErrorSummary,
  Fieldset,
  Form,
  Select,
  SubmitButton,
  SummaryList,
  TextField,
  type FieldErrors,
} from '../../../kernel/views/components.tsx';
import { ErrorMessage } from '../../../kernel/views/fields.tsx';
import { fieldId } from '../../../kernel/views/ids.ts';
import { Layout, type Crumb } from '../../../kernel/views/layout.tsx';
import type { AddressView, AppointmentView, ServiceView } from '../presenters/appointment.ts';
import { fullDateTime, fullIsoDate } from '../presenters/format.ts';
import { Address, DayList, MonthCalendar, monthLabel, ServicesList, StatusBadge } from './parts.tsx';

const crumbs = (ctx: ViewContext, last?: string): Crumb[] => [
  { href: '/', label: ctx.t('portal.home.title') },
  ...(last
    ? [{ href: '/termine', label: ctx.t('appointments.title') }, { label: last }]
    : [{ label: ctx.t('appointments.title') }]),
];

export interface ServiceGroupView {
  title: string;
  services: (ServiceView & { maxQuantity: number })[];
}

/** Step 1: which services, how many. */
export function StartPage({
  ctx,
  groups,
  values,
  location,
  errors,
}: {
  ctx: ViewContext;
  groups: ServiceGroupView[];
  values: Record<string, number>;
  location?: { slug: string; name: string };
  errors?: FieldErrors;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('appointments.start.title')} breadcrumbs={crumbs(ctx)} hasErrors={!!errors}>
      {errors && <ErrorSummary ctx={ctx} errors={errors} />}
      <h1 class="kern-heading-x-large">{t('appointments.start.title')}</h1>
      <p class="kern-body kern-body--large ok-prose">{t('appointments.start.lead')}</p>
      {location && <p class="kern-body">{t('appointments.start.atLocation', { name: location.name })}</p>}
      <form method="get" action="/termine/auswahl" class="ok-form" noValidate>
        {location && <input type="hidden" name="ort" value={location.slug} />}
        {errors?.services && <ErrorMessage ctx={ctx} name="services" error={errors.services} />}
        <div id={fieldId('services')} tabIndex={-1}>
          {groups.map((g, gi) => (
            <Fieldset ctx={ctx} name={`group-${gi}`} legend={g.title} key={g.title} required>
              {g.services.map((s) => (
                <div key={s.key}>
                  <Select
                    ctx={ctx}
                    name={`n.${s.key}`}
                    label={s.name}
                    hint={[
                      s.description,
                      s.anonymous ? t('appointments.start.anonymousHint') : null,
                      s.groupSession ? t('appointments.start.groupHint') : null,
                    ]
                      .filter(Boolean)
                      .join(' ')}
                    required
                    placeholder={t('appointments.start.none')}
                    value={values[s.key] ? String(values[s.key]) : ''}
                    options={Array.from({ length: s.maxQuantity }, (_, i) => ({
                      value: String(i + 1),
                      label: t(s.groupSession ? 'appointments.start.persons' : 'appointments.start.times', {
                        count: i + 1,
                      }),
                    }))}
                  />
                </div>
              ))}
            </Fieldset>
          ))}
        </div>
        <SubmitButton label={t('appointments.start.next')} />
      </form>
    </Layout>
  );
}

export interface LocationOptionView {
  slug: string;
  address: AddressView;
  earliest: string | null;
  earliestDay: string | null;
}

/** Step 2: where (or the earliest time anywhere). */
export function LocationsPage({
  ctx,
  services,
  options,
  calendarHref,
  timesHref,
}: {
  ctx: ViewContext;
  services: { name: string; quantity: number }[];
  options: LocationOptionView[];
  calendarHref: (slug: string) => string;
  timesHref: (slug: string, day: string) => string;
}) {
  const { t } = ctx;
  const best = options.find((o) => o.earliest);
  return (
    <Layout
      ctx={ctx}
      title={t('appointments.locations.title')}
      breadcrumbs={crumbs(ctx, t('appointments.locations.title'))}
    >
      <h1 class="kern-heading-x-large">{t('appointments.locations.title')}</h1>
      <h2 class="kern-heading-small">{t('appointments.yourServices')}</h2>
      <ServicesList ctx={ctx} a={{ services }} />
      <p class="kern-body">
        <a class="kern-link" href="/termine">
          {t('appointments.changeServices')}
        </a>
      </p>
      {!options.length && (
        <Alert type="info" title={t('appointments.locations.noneTitle')}>
          <p class="kern-body">{t('appointments.locations.none')}</p>
        </Alert>
      )}
      {best && (
        <section aria-labelledby="earliest-heading" class="ok-card">
          <h2 class="kern-heading-medium" id="earliest-heading">
            {t('appointments.locations.earliestAnywhere')}
          </h2>
          <p class="kern-body">
            {t('appointments.locations.earliestAt', { when: best.earliest!, name: best.address.name })}
          </p>
          <ButtonLink
            href={timesHref(best.slug, best.earliestDay!)}
            label={t('appointments.locations.earliestChoose', { name: best.address.name })}
          />
        </section>
      )}
      {options.length > 0 && (
        <section aria-labelledby="all-heading">
          <h2 class="kern-heading-medium" id="all-heading">
            {t('appointments.locations.all')}
          </h2>
          <ul class="kern-list ok-plain-list">
            {options.map((o) => (
              <li key={o.slug} class="ok-card">
                <h3 class="kern-heading-small">{o.address.name}</h3>
                <Address address={o.address} />
                <p class="kern-body">
                  {o.earliest
                    ? t('appointments.locations.earliest', { when: o.earliest })
                    : t('appointments.locations.noneFree')}
                </p>
                {o.earliest && (
                  <a class="kern-link" href={calendarHref(o.slug)}>
                    {t('appointments.locations.showCalendar', { name: o.address.name })}
                  </a>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </Layout>
  );
}

/** Step 3: a day, in the month calendar and the list view. */
export function CalendarPage({
  ctx,
  title,
  address,
  month,
  prevHref,
  nextHref,
  days,
  dayHref,
  view,
  viewHref,
  backHref,
}: {
  ctx: ViewContext;
  title: string;
  address: AddressView;
  month: string;
  prevHref: string | null;
  nextHref: string | null;
  days: { date: string; count: number }[];
  dayHref: (date: string) => string;
  view: 'kalender' | 'liste';
  viewHref: (view: 'kalender' | 'liste') => string;
  backHref: string;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={crumbs(ctx, title)}>
      <h1 class="kern-heading-x-large">{title}</h1>
      <Address address={address} />
      <nav aria-label={t('appointments.calendar.viewNav')} class="ok-view-switch">
        <ul class="kern-list ok-inline-list">
          <li>
            <a
              class="kern-link"
              href={viewHref('kalender')}
              aria-current={view === 'kalender' ? 'page' : undefined}
            >
              {t('appointments.calendar.viewCalendar')}
            </a>
          </li>
          <li>
            <a
              class="kern-link"
              href={viewHref('liste')}
              aria-current={view === 'liste' ? 'page' : undefined}
            >
              {t('appointments.calendar.viewList')}
            </a>
          </li>
        </ul>
      </nav>
      <h2 class="kern-heading-medium">{monthLabel(ctx, month)}</h2>
      {view === 'kalender' ? (
        <MonthCalendar
          ctx={ctx}
          month={month}
          freeCounts={new Map(days.map((d) => [d.date, d.count]))}
          dayHref={dayHref}
        />
      ) : (
        <DayList ctx={ctx} days={days} dayHref={dayHref} />
      )}
      <nav aria-label={t('appointments.calendar.monthNav')}>
        <ul class="kern-list ok-inline-list">
          {prevHref && (
            <li>
              <a class="kern-link" href={prevHref}>
                {t('appointments.calendar.prev')}
              </a>
            </li>
          )}
          {nextHref && (
            <li>
              <a class="kern-link" href={nextHref}>
                {t('appointments.calendar.next')}
              </a>
            </li>
          )}
        </ul>
      </nav>
      <p class="kern-body">
        <a class="kern-link" href={backHref}>
          {t('appointments.back')}
        </a>
      </p>
    </Layout>
  );
}

export interface TimeOption {
  value: string;
  time: string;
  fullLabel: string;
  free: number;
}

/** Step 4: the time, then the hold (with ALTCHA). */
export function TimesPage({
  ctx,
  title,
  date,
  address,
  times,
  action,
  hidden,
  altcha,
  errors,
  calendarHref,
  submitLabel,
  selected,
}: {
  ctx: ViewContext;
  title: string;
  date: string;
  address: AddressView;
  times: TimeOption[];
  action: string;
  hidden: Record<string, string>;
  altcha: string | null;
  errors?: FieldErrors;
  calendarHref: string;
  submitLabel: string;
  selected?: string;
}) {
  const { t } = ctx;
  const heading = t('appointments.times.title', { date: fullIsoDate(ctx.lang, date) });
  return (
    <Layout ctx={ctx} title={heading} breadcrumbs={crumbs(ctx, title)} hasErrors={!!errors}>
      {errors && <ErrorSummary ctx={ctx} errors={errors} />}
      <h1 class="kern-heading-x-large">{heading}</h1>
      <Address address={address} />
      {!times.length ? (
        <Alert type="info" title={t('appointments.times.noneTitle')}>
          <p class="kern-body">{t('appointments.times.none')}</p>
        </Alert>
      ) : (
        <Form ctx={ctx} action={action}>
          {Object.entries(hidden).map(([k, v]) => (
            <input type="hidden" name={k} value={v} key={k} />
          ))}
          <Fieldset
            ctx={ctx}
            name="start"
            legend={t('appointments.times.legend')}
            error={errors?.start}
            required
          >
            <div class="ok-times">
              {times.map((o, i) => {
                const id = i === 0 ? fieldId('start') : `${fieldId('start')}-${i}`;
                return (
                  <div class="kern-form-check" key={o.value}>
                    <input
                      class={`kern-form-check__radio${errors?.start ? ' kern-form-check__radio--error' : ''}`}
                      type="radio"
                      id={id}
                      name="start"
                      value={o.value}
                      checked={selected === o.value}
                    />
                    <label class="kern-label" for={id}>
                      <span class="kern-sr-only">{o.fullLabel}</span>
                      <span aria-hidden="true">{t('appointments.times.time', { time: o.time })}</span>
                    </label>
                  </div>
                );
              })}
            </div>
          </Fieldset>
          {altcha && (
            <AltchaField
              challenge={altcha}
              scriptSrc="/assets/appointments/altcha.js"
              label={t('appointments.altcha.label')}
              working={t('appointments.altcha.working')}
              done={t('appointments.altcha.done')}
              failed={t('appointments.altcha.failed')}
            />
          )}
          {errors?.altcha && <ErrorMessage ctx={ctx} name="altcha" error={errors.altcha} />}
          <SubmitButton label={submitLabel} />
        </Form>
      )}
      <p class="kern-body">
        <a class="kern-link" href={calendarHref}>
          {t('appointments.times.otherDay')}
        </a>
      </p>
    </Layout>
  );
}

export interface ContactValues {
  name?: string;
  email?: string;
  phone?: string;
}

/** Step 5: contact data (only what the services need), while the time is held. */
export function ContactPage({
  ctx,
  a,
  address,
  askPhone,
  values,
  errors,
  action,
  confirmByMail,
}: {
  ctx: ViewContext;
  a: AppointmentView;
  address: AddressView;
  askPhone: boolean;
  values: ContactValues;
  errors?: FieldErrors;
  action: string;
  confirmByMail: boolean;
}) {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t('appointments.contact.title')}
      breadcrumbs={crumbs(ctx, t('appointments.contact.title'))}
      hasErrors={!!errors}
      noindex
    >
      {errors && <ErrorSummary ctx={ctx} errors={errors} />}
      <h1 class="kern-heading-x-large">{t('appointments.contact.title')}</h1>
      <Alert type="info" title={t('appointments.contact.heldTitle')}>
        <p class="kern-body">{t('appointments.contact.held', { time: a.holdExpiresTime ?? '' })}</p>
      </Alert>
      <SummaryList
        ctx={ctx}
        rows={[
          { key: t('appointments.when'), value: a.when },
          { key: t('appointments.where'), value: <Address address={address} /> },
          { key: t('appointments.services'), value: <ServicesList ctx={ctx} a={a} /> },
        ]}
      />
      <Form ctx={ctx} action={action}>
        {a.anonymous ? (
          <p class="kern-body ok-prose">{t('appointments.contact.anonymous')}</p>
        ) : (
          <>
            <p class="kern-body ok-prose">{t('appointments.contact.lead')}</p>
            <TextField
              ctx={ctx}
              name="name"
              label={t('appointments.contact.name')}
              autocomplete="name"
              required
              value={values.name}
              error={errors?.name}
              maxLength={200}
            />
            <EmailField
              ctx={ctx}
              name="email"
              label={t('appointments.contact.email')}
              hint={
                confirmByMail
                  ? t('appointments.contact.emailConfirmHint')
                  : t('appointments.contact.emailHint')
              }
              required
              value={values.email}
              error={errors?.email}
              maxLength={254}
            />
            {askPhone && (
              <TextField
                ctx={ctx}
                name="phone"
                type="tel"
                inputmode="tel"
                label={t('appointments.contact.phone')}
                autocomplete="tel"
                value={values.phone}
                error={errors?.phone}
                maxLength={50}
              />
            )}
          </>
        )}
        <SubmitButton label={t('appointments.contact.submit')} />
      </Form>
    </Layout>
  );
}

/** The personal page of an appointment: confirmation, QR code, calendar file, reschedule, cancel. */
export function ManagePage({
  ctx,
  a,
  address,
  base,
  qrSvg,
  checkInUrl,
  fresh,
  canChange,
  notice,
}: {
  ctx: ViewContext;
  a: AppointmentView;
  address: AddressView;
  base: string;
  qrSvg: string | null;
  checkInUrl: string;
  fresh: boolean;
  canChange: boolean;
  notice?: string;
}) {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t('appointments.manage.title')}
      breadcrumbs={crumbs(ctx, t('appointments.manage.title'))}
      noindex
    >
      <h1 class="kern-heading-x-large">{t('appointments.manage.title')}</h1>
      {notice && <Alert type="success" title={notice} />}
      {a.status === 'booked' && fresh && (
        <Alert type="success" title={t('appointments.manage.bookedTitle')}>
          <p class="kern-body">
            {a.anonymous ? t('appointments.manage.bookedAnonymous') : t('appointments.manage.booked')}
          </p>
        </Alert>
      )}
      {a.status === 'unconfirmed' && (
        <Alert type="warning" title={t('appointments.manage.unconfirmedTitle')}>
          <p class="kern-body">{t('appointments.manage.unconfirmed', { time: a.holdExpiresTime ?? '' })}</p>
        </Alert>
      )}
      {a.status === 'cancelled' && <Alert type="info" title={t('appointments.manage.cancelledTitle')} />}
      {a.status === 'expired' && (
        <Alert type="danger" title={t('appointments.manage.expiredTitle')}>
          <p class="kern-body">{t('appointments.manage.expired')}</p>
        </Alert>
      )}
      <p class="kern-body kern-body--large">
        {t('appointments.bookingCode')}: <strong class="ok-booking-code">{a.code}</strong>
      </p>
      <SummaryList
        ctx={ctx}
        rows={[
          { key: t('appointments.status'), value: <StatusBadge ctx={ctx} status={a.status} /> },
          {
            key: t('appointments.when'),
            value: `${a.when} – ${t('appointments.times.time', { time: a.endTime })}`,
          },
          { key: t('appointments.where'), value: <Address address={address} /> },
          { key: t('appointments.services'), value: <ServicesList ctx={ctx} a={a} /> },
          ...(a.name ? [{ key: t('appointments.contact.name'), value: a.name }] : []),
        ]}
      />
      {(a.status === 'booked' || a.status === 'arrived') && (
        <section aria-labelledby="checkin-heading">
          <h2 class="kern-heading-medium" id="checkin-heading">
            {t('appointments.manage.checkIn')}
          </h2>
          <p class="kern-body ok-prose">{t('appointments.manage.checkInText', { code: a.code })}</p>
          {qrSvg && (
            <div
              class="ok-qr"
              role="img"
              aria-label={t('appointments.manage.qrAlt', { code: a.code, url: checkInUrl })}
              dangerouslySetInnerHTML={{ __html: qrSvg }}
            />
          )}
          <p class="kern-body">
            <a class="kern-link" href={`${base}/termin.ics`} download="termin.ics">
              {t('appointments.manage.ics')}
            </a>
          </p>
        </section>
      )}
      {canChange && (
        <section aria-labelledby="change-heading">
          <h2 class="kern-heading-medium" id="change-heading">
            {t('appointments.manage.change')}
          </h2>
          <p class="kern-body ok-prose">{t('appointments.manage.changeText')}</p>
          <ButtonGroup>
            {a.status === 'booked' && (
              <ButtonLink
                href={`${base}/verschieben`}
                label={t('appointments.manage.reschedule')}
                variant="secondary"
              />
            )}
            <ButtonLink
              href={`${base}/absagen`}
              label={t('appointments.manage.cancel')}
              variant="secondary"
            />
          </ButtonGroup>
        </section>
      )}
      <p class="kern-body ok-prose">{t('appointments.manage.keepLink')}</p>
    </Layout>
  );
}

export function CancelPage({
  ctx,
  a,
  action,
  backHref,
}: {
  ctx: ViewContext;
  a: AppointmentView;
  action: string;
  backHref: string;
}) {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t('appointments.cancel.title')}
      breadcrumbs={crumbs(ctx, t('appointments.cancel.title'))}
      noindex
    >
      <h1 class="kern-heading-x-large">{t('appointments.cancel.title')}</h1>
      <p class="kern-body ok-prose">{t('appointments.cancel.question', { when: a.when, code: a.code })}</p>
      <Form ctx={ctx} action={action}>
        <ButtonGroup>
          <SubmitButton label={t('appointments.cancel.submit')} />
          <ButtonLink href={backHref} label={t('appointments.cancel.keep')} variant="secondary" />
        </ButtonGroup>
      </Form>
    </Layout>
  );
}

export function ConfirmPage({ ctx, action, valid }: { ctx: ViewContext; action: string; valid: boolean }) {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t('appointments.confirm.title')}
      breadcrumbs={crumbs(ctx, t('appointments.confirm.title'))}
      noindex
    >
      <h1 class="kern-heading-x-large">{t('appointments.confirm.title')}</h1>
      {valid ? (
        <>
          <p class="kern-body ok-prose">{t('appointments.confirm.text')}</p>
          <Form ctx={ctx} action={action}>
            <SubmitButton label={t('appointments.confirm.submit')} />
          </Form>
        </>
      ) : (
        <Alert type="danger" title={t('appointments.confirm.invalidTitle')}>
          <p class="kern-body">{t('appointments.confirm.invalid')}</p>
        </Alert>
      )}
    </Layout>
  );
}

/** A clear German (or English) message for a refusal, with a way on. */
export function RefusalPage({
  ctx,
  title,
  text,
  href,
  linkLabel,
}: {
  ctx: ViewContext;
  title: string;
  text: string;
  href: string;
  linkLabel: string;
}) {
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={crumbs(ctx, title)} noindex>
      <h1 class="kern-heading-x-large">{title}</h1>
      <Alert type="danger" title={title}>
        <p class="kern-body">{text}</p>
      </Alert>
      <p class="kern-body">
        <a class="kern-link" href={href}>
          {linkLabel}
        </a>
      </p>
    </Layout>
  );
}

export function MyAppointmentsPage({
  ctx,
  items,
}: {
  ctx: ViewContext;
  items: (AppointmentView & { location: string; href: string | null })[];
}) {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t('appointments.account.title')}
      breadcrumbs={[
        { href: '/konto', label: t('appointments.account.konto') },
        { label: t('appointments.account.title') },
      ]}
      noindex
    >
      <h1 class="kern-heading-x-large">{t('appointments.account.title')}</h1>
      {!items.length ? (
        <p class="kern-body">{t('appointments.account.none')}</p>
      ) : (
        <ul class="kern-list ok-plain-list">
          {items.map((a) => (
            <li key={a.id} class="ok-card">
              <h2 class="kern-heading-small">{a.when}</h2>
              <p class="kern-body">
                {a.location} · <StatusBadge ctx={ctx} status={a.status} /> · {t('appointments.bookingCode')}:{' '}
                {a.code}
              </p>
              <ServicesList ctx={ctx} a={a} />
              {a.href && (
                <a class="kern-link" href={a.href}>
                  {t('appointments.account.open', { when: a.when })}
                </a>
              )}
            </li>
          ))}
        </ul>
      )}
      <p class="kern-body">
        <a class="kern-link" href="/termine">
          {t('appointments.account.book')}
        </a>
      </p>
    </Layout>
  );
}

export { fullDateTime };
