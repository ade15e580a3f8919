import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import Type from 'typebox';
import type { Kernel } from '../../../kernel/kernel.ts';
import { formValue, type FieldErrors } from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import { altchaOf } from '../altcha.ts';
import {
  cancelAppointment,
  completeHold,
  confirmBooking,
  findByManageToken,
  holdSlot,
  loadLocationContext,
  releaseDueCapacity,
  rescheduleAppointment,
  resolveDemand,
  type BookingFailure,
  type ServiceLine,
} from '../commands/booking.ts';
import { checkInUrl } from '../commands/mails.ts';
import type { AppointmentRecord } from '../db/appointments.queries.ts';
import { selectLocationById, type LocationRecord } from '../db/queries.ts';
import { appointmentIcs } from '../ics.ts';
import { presentAddress, presentAppointment, presentService } from '../presenters/appointment.ts';
import { fullDateTime } from '../presenters/format.ts';
import { clockTime } from '../presenters/format.ts';
import {
  earliestAnywhere,
  freeCalendar,
  loadCatalogue,
  locationsOffering,
  type Catalogue,
} from '../queries/calendar.ts';
import { bookingAttemptAllowed } from '../rate.ts';
import { berlinDate } from '../time.ts';
import { isTokenShape } from '../tokens.ts';
import {
  CalendarPage,
  CancelPage,
  ConfirmPage,
  ContactPage,
  LocationsPage,
  ManagePage,
  RefusalPage,
  StartPage,
  TimesPage,
  type ContactValues,
  type ServiceGroupView,
  type TimeOption,
} from '../views/booking.tsx';
import { parseDay, parseInstant, parseMonth, parseServicesParam, query, servicesParam } from './params.ts';

const EMAIL = /^[^\s@<>()",;:\\]+@[^\s@<>()",;:\\]+\.[^\s@<>()",;:\\]+$/;
const q = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const tokenParams = Type.Object({ token: Type.String({ maxLength: 100 }) });

/** The refusal page: what went wrong and one way on (by default: start again). */
function refuse(
  reply: FastifyReply,
  ctx: ViewContext,
  status: number,
  text: string,
  link?: { href: string; label: string },
) {
  return reply.html(
    <RefusalPage
      ctx={ctx}
      title={ctx.t('appointments.error.title')}
      text={text}
      href={link?.href ?? '/termine'}
      linkLabel={link?.label ?? ctx.t('appointments.startOver')}
    />,
    status,
  );
}

export function reasonText(ctx: ViewContext, reason: BookingFailure | 'confirmInvalid'): string {
  return ctx.t(`appointments.error.${reason}`);
}

function addMonths(month: string, n: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1 + n;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${yy}-${String(mm + 1).padStart(2, '0')}`;
}

function timeOptions(ctx: ViewContext, slots: { startsAt: Date; free: number }[]): TimeOption[] {
  return slots.map((s) => ({
    value: s.startsAt.toISOString(),
    time: clockTime(ctx.lang, s.startsAt),
    fullLabel: fullDateTime(ctx.lang, s.startsAt),
    free: s.free,
  }));
}

export async function citizenRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  function groupsOf(ctx: ViewContext, cat: Catalogue, onlyAt?: LocationRecord): ServiceGroupView[] {
    const locations = onlyAt ? [onlyAt] : cat.locations;
    const groups = new Map<string, ServiceGroupView>();
    for (const s of cat.services) {
      const max = Math.max(0, ...locations.map((l) => cat.offers.get(l.id)?.get(s.id)?.maxQuantity ?? 0));
      if (max === 0) continue;
      const title = s.orgUnitId ?? '';
      let g = groups.get(title);
      if (!g) groups.set(title, (g = { title, services: [] }));
      g.services.push({ ...presentService(ctx.lang, s), maxQuantity: max });
    }
    return [...groups.values()];
  }

  async function withUnitTitles(ctx: ViewContext, groups: ServiceGroupView[]): Promise<ServiceGroupView[]> {
    const units = await kernel.tenants.orgUnits();
    return groups.map((g) => {
      const u = units.find((x) => x.id === g.title);
      return {
        ...g,
        title: u
          ? ctx.lang === 'en' && u.nameEn
            ? u.nameEn
            : u.name
          : ctx.t('appointments.start.otherGroup'),
      };
    });
  }

  async function startPage(
    req: FastifyRequest,
    reply: FastifyReply,
    ortSlug: string | undefined,
    values: Record<string, number>,
    errors?: FieldErrors,
  ) {
    const ctx = reply.viewContext();
    const cat = await loadCatalogue(kernel);
    const at = ortSlug ? cat.locations.find((l) => l.slug === ortSlug) : undefined;
    const groups = await withUnitTitles(ctx, groupsOf(ctx, cat, at));
    return reply.html(
      <StartPage
        ctx={ctx}
        groups={groups}
        values={values}
        location={at ? { slug: at.slug, name: at.name } : undefined}
        errors={errors}
      />,
      errors ? 422 : 200,
    );
  }

  app.get<{ Querystring: { ort?: string } }>(
    '/termine',
    { config: { policy: 'public', pageCache: true }, schema: { querystring: Type.Object({ ort: q(100) }) } },
    async (req, reply) => startPage(req, reply, req.query.ort, {}),
  );

  // The service form (GET): normalise the quantities into one parameter and go on.
  app.get('/termine/auswahl', { config: { policy: 'public' } }, async (req, reply) => {
    const ctx = reply.viewContext();
    const raw = (req.query ?? {}) as Record<string, unknown>;
    const cat = await loadCatalogue(kernel);
    const values: Record<string, number> = {};
    const lines: ServiceLine[] = [];
    for (const s of cat.services) {
      const v = raw[`n.${s.key}`];
      if (typeof v !== 'string' || v === '') continue;
      const n = /^\d{1,2}$/.test(v) ? Number(v) : NaN;
      if (!Number.isInteger(n) || n < 0 || n > 20) continue;
      if (n > 0) {
        values[s.key] = n;
        lines.push({ serviceId: s.id, quantity: n });
      }
    }
    const ort = typeof raw.ort === 'string' && /^[a-z0-9-]{1,100}$/.test(raw.ort) ? raw.ort : undefined;
    if (!lines.length)
      return startPage(req, reply, ort, values, { services: ctx.t('appointments.error.no_service') });
    // Check the combination against any office offering all of them.
    const offering = locationsOffering(
      cat,
      lines.map((l) => l.serviceId),
    );
    if (!offering.length)
      return startPage(req, reply, ort, values, {
        services: ctx.t('appointments.error.noLocationForCombination'),
      });
    const offers = [...cat.offers.entries()].flatMap(([locationId, m]) =>
      [...m.entries()].map(([serviceId, o]) => ({ locationId, serviceId, ...o })),
    );
    const results = offering.map((l) => resolveDemand(l, cat.services, offers, lines));
    if (!results.some((r) => r.ok)) {
      const first = results[0]!;
      return startPage(req, reply, ort, values, {
        services: reasonText(ctx, first.ok ? 'not_combinable' : first.reason),
      });
    }
    const d = servicesParam(lines, cat.services);
    if (ort && offering.some((l) => l.slug === ort))
      return reply.redirect(`/termine/kalender${query({ d, ort })}`, 303);
    return reply.redirect(`/termine/ort${query({ d })}`, 303);
  });

  async function parseChoice(reply: FastifyReply, d: string | undefined) {
    const ctx = reply.viewContext();
    const cat = await loadCatalogue(kernel);
    const parsed = parseServicesParam(d, cat.services);
    if (!parsed || parsed.unknown || !parsed.lines.length) {
      await refuse(reply, ctx, 404, ctx.t('appointments.error.unknown_service'));
      return null;
    }
    return { ctx, cat, lines: parsed.lines, d: servicesParam(parsed.lines, cat.services) };
  }

  app.get<{ Querystring: { d?: string } }>(
    '/termine/ort',
    { config: { policy: 'public' }, schema: { querystring: Type.Object({ d: q(400) }) } },
    async (req, reply) => {
      const c = await parseChoice(reply, req.query.d);
      if (!c) return reply;
      const { ctx, cat, lines, d } = c;
      const options = await earliestAnywhere(kernel, cat, lines);
      const services = lines.map((l) => {
        const s = cat.services.find((x) => x.id === l.serviceId)!;
        return { name: presentService(ctx.lang, s).name, quantity: l.quantity };
      });
      return reply.html(
        <LocationsPage
          ctx={ctx}
          services={services}
          options={options.map((o) => ({
            slug: o.location.slug,
            address: presentAddress(o.location),
            earliest: o.slot ? fullDateTime(ctx.lang, o.slot.startsAt) : null,
            earliestDay: o.slot ? berlinDate(o.slot.startsAt) : null,
          }))}
          calendarHref={(slug) => `/termine/kalender${query({ d, ort: slug })}`}
          timesHref={(slug, day) => `/termine/zeiten${query({ d, ort: slug, tag: day })}`}
        />,
      );
    },
  );

  async function locationAndChoice(reply: FastifyReply, d: string | undefined, ort: string | undefined) {
    const c = await parseChoice(reply, d);
    if (!c) return null;
    const location = c.cat.locations.find((l) => l.slug === ort);
    if (!location) {
      await refuse(reply, c.ctx, 404, c.ctx.t('appointments.error.unknown_location'), {
        href: `/termine/ort${query({ d: c.d })}`,
        label: c.ctx.t('appointments.chooseLocation'),
      });
      return null;
    }
    return { ...c, location };
  }

  /** Renders the month calendar or list for the booking or the rescheduling flow. */
  async function calendarPage(
    reply: FastifyReply,
    ctx: ViewContext,
    location: LocationRecord,
    lines: ServiceLine[],
    monthParam: string | undefined,
    view: string | undefined,
    links: {
      self: (p: Record<string, string | undefined>) => string;
      day: (date: string) => string;
      back: string;
      title: string;
    },
  ) {
    const cal = await freeCalendar(kernel, location.id, lines);
    if (!cal.ok) return refuse(reply, ctx, 422, reasonText(ctx, cal.reason));
    const firstMonth = cal.firstDate.slice(0, 7);
    const lastMonth = cal.lastDate.slice(0, 7);
    const earliestMonth = cal.days[0]?.date.slice(0, 7) ?? firstMonth;
    let month = parseMonth(monthParam) ?? earliestMonth;
    if (month < firstMonth) month = firstMonth;
    if (month > lastMonth) month = lastMonth;
    const v = view === 'liste' ? 'liste' : 'kalender';
    const days = cal.days
      .filter((x) => x.date.startsWith(month))
      .map((x) => ({ date: x.date, count: x.slots.length }));
    return reply.html(
      <CalendarPage
        ctx={ctx}
        title={links.title}
        address={presentAddress(location)}
        month={month}
        prevHref={
          month > firstMonth
            ? links.self({ monat: addMonths(month, -1), ansicht: v === 'liste' ? v : undefined })
            : null
        }
        nextHref={
          month < lastMonth
            ? links.self({ monat: addMonths(month, 1), ansicht: v === 'liste' ? v : undefined })
            : null
        }
        days={days}
        dayHref={links.day}
        view={v}
        viewHref={(x) => links.self({ monat: month, ansicht: x === 'liste' ? x : undefined })}
        backHref={links.back}
      />,
    );
  }

  app.get<{ Querystring: { d?: string; ort?: string; monat?: string; ansicht?: string } }>(
    '/termine/kalender',
    {
      config: { policy: 'public' },
      schema: { querystring: Type.Object({ d: q(400), ort: q(100), monat: q(7), ansicht: q(10) }) },
    },
    async (req, reply) => {
      const c = await locationAndChoice(reply, req.query.d, req.query.ort);
      if (!c) return reply;
      const { ctx, location, lines, d } = c;
      return calendarPage(reply, ctx, location, lines, req.query.monat, req.query.ansicht, {
        self: (p) => `/termine/kalender${query({ d, ort: location.slug, ...p })}`,
        day: (date) => `/termine/zeiten${query({ d, ort: location.slug, tag: date })}`,
        back: `/termine/ort${query({ d })}`,
        title: ctx.t('appointments.calendar.title', { name: location.name }),
      });
    },
  );

  async function timesPage(
    reply: FastifyReply,
    ctx: ViewContext,
    location: LocationRecord,
    lines: ServiceLine[],
    day: string | null,
    opts: {
      action: string;
      hidden: Record<string, string>;
      calendarHref: string;
      altcha: boolean;
      submitLabel: string;
      errors?: FieldErrors;
      selected?: string;
      status?: number;
    },
  ) {
    if (!day)
      return refuse(reply, ctx, 422, ctx.t('appointments.error.badDate'), {
        href: opts.calendarHref,
        label: ctx.t('appointments.times.otherDay'),
      });
    const cal = await freeCalendar(kernel, location.id, lines, { from: day, to: day });
    if (!cal.ok) return refuse(reply, ctx, 422, reasonText(ctx, cal.reason));
    const slots = cal.days.find((x) => x.date === day)?.slots ?? [];
    return reply.html(
      <TimesPage
        ctx={ctx}
        title={ctx.t('appointments.times.crumb')}
        date={day}
        address={presentAddress(location)}
        times={timeOptions(ctx, slots)}
        action={opts.action}
        hidden={opts.hidden}
        altcha={opts.altcha ? await altchaOf(kernel).issue() : null}
        errors={opts.errors}
        calendarHref={opts.calendarHref}
        submitLabel={opts.submitLabel}
        selected={opts.selected}
      />,
      opts.status ?? (opts.errors ? 422 : 200),
    );
  }

  app.get<{ Querystring: { d?: string; ort?: string; tag?: string } }>(
    '/termine/zeiten',
    {
      config: { policy: 'public' },
      schema: { querystring: Type.Object({ d: q(400), ort: q(100), tag: q(10) }) },
    },
    async (req, reply) => {
      const c = await locationAndChoice(reply, req.query.d, req.query.ort);
      if (!c) return reply;
      const { ctx, location, lines, d } = c;
      return timesPage(reply, ctx, location, lines, parseDay(req.query.tag), {
        action: '/termine/halten',
        hidden: { d, ort: location.slug },
        calendarHref: `/termine/kalender${query({ d, ort: location.slug, monat: req.query.tag?.slice(0, 7) })}`,
        altcha: true,
        submitLabel: ctx.t('appointments.times.hold'),
      });
    },
  );

  const holdBody = Type.Object({
    d: q(400),
    ort: q(100),
    start: q(40),
    altcha: q(8000),
    altcha_challenge: q(8000),
  });

  app.post<{
    Body: { d?: string; ort?: string; start?: string; altcha?: string; altcha_challenge?: string };
  }>('/termine/halten', { config: { policy: 'public' }, schema: { body: holdBody } }, async (req, reply) => {
    const c = await locationAndChoice(reply, req.body.d, req.body.ort);
    if (!c) return reply;
    const { ctx, location, lines, d } = c;
    const start = parseInstant(req.body.start);
    const day = start ? berlinDate(start) : null;
    const again = (errors: FieldErrors, status?: number) =>
      timesPage(reply, ctx, location, lines, day ?? berlinDate(kernel.clock.now()), {
        action: '/termine/halten',
        hidden: { d, ort: location.slug },
        calendarHref: `/termine/kalender${query({ d, ort: location.slug })}`,
        altcha: true,
        submitLabel: ctx.t('appointments.times.hold'),
        errors,
        status,
      });
    if (!start) return again({ start: ctx.t('appointments.error.chooseTime') });
    const verdict = await altchaOf(kernel).verify({
      challenge: req.body.altcha_challenge ?? '',
      payload: req.body.altcha,
    });
    if (!verdict.ok) return again({ altcha: ctx.t(`appointments.altcha.error.${verdict.reason}`) });
    if (!(await bookingAttemptAllowed(kernel, req.ip, verdict.solved)))
      return again({ start: ctx.t('appointments.error.rateLimited') }, 429);
    const res = await holdSlot(kernel, {
      locationId: location.id,
      lines,
      startsAt: start,
      audience: 'public',
      lang: ctx.lang,
    });
    if (!res.ok) return again({ start: reasonText(ctx, res.reason) }, res.reason === 'taken' ? 409 : 422);
    return reply.redirect(`/termine/angaben/${res.token}`, 303);
  });

  async function heldOr404(reply: FastifyReply, ctx: ViewContext, token: string) {
    const a = isTokenShape(token) ? await findByManageToken(kernel, token) : null;
    if (!a) {
      await refuse(reply, ctx, 404, ctx.t('appointments.error.not_found'));
      return null;
    }
    return a;
  }

  async function contactPage(
    reply: FastifyReply,
    ctx: ViewContext,
    a: AppointmentRecord,
    token: string,
    values: ContactValues,
    errors?: FieldErrors,
  ) {
    const ctxL = await loadLocationContext(kernel, a.locationId);
    const resolved =
      ctxL &&
      resolveDemand(
        ctxL.location,
        ctxL.services,
        ctxL.offers,
        a.services.map((s) => ({ serviceId: s.serviceId, quantity: s.quantity })),
      );
    return reply.html(
      <ContactPage
        ctx={ctx}
        a={presentAppointment(ctx.lang, a)}
        address={presentAddress(ctxL!.location)}
        askPhone={!!resolved?.ok && resolved.value.askPhone}
        values={values}
        errors={errors}
        action={`/termine/angaben/${token}`}
        confirmByMail={ctxL!.location.requiresConfirmation && !ctx.principal}
      />,
      errors ? 422 : 200,
    );
  }

  app.get<{ Params: { token: string } }>(
    '/termine/angaben/:token',
    {
      config: { policy: 'public' },
      schema: { params: tokenParams },
    },
    async (req, reply) => {
      const ctx = reply.viewContext();
      reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store');
      const a = await heldOr404(reply, ctx, req.params.token);
      if (!a) return reply;
      if (a.status !== 'held') return reply.redirect(`/termine/verwalten/${req.params.token}`, 303);
      if (!a.holdExpiresAt || a.holdExpiresAt <= kernel.clock.now())
        return refuse(reply, ctx, 410, ctx.t('appointments.error.hold_expired'));
      const p = ctx.principal;
      const prefill = p?.kind === 'citizen' ? { name: p.displayName, email: p.email } : {};
      return contactPage(reply, ctx, a, req.params.token, prefill);
    },
  );

  app.post<{ Params: { token: string }; Body: { name?: string; email?: string; phone?: string } }>(
    '/termine/angaben/:token',
    {
      config: { policy: 'public' },
      schema: {
        params: tokenParams,
        body: Type.Object({ name: q(2000), email: q(2000), phone: q(2000) }),
      },
    },
    async (req, reply) => {
      const ctx = reply.viewContext();
      const a = await heldOr404(reply, ctx, req.params.token);
      if (!a) return reply;
      const values = {
        name: formValue(req.body, 'name'),
        email: formValue(req.body, 'email'),
        phone: formValue(req.body, 'phone'),
      };
      const errors: FieldErrors = {};
      if (!a.anonymous) {
        if (!values.name) errors.name = ctx.t('appointments.contact.error.name');
        else if (values.name.length > 200) errors.name = ctx.t('appointments.contact.error.nameLong');
        if (!values.email) errors.email = ctx.t('appointments.contact.error.email');
        else if (values.email.length > 254 || !EMAIL.test(values.email))
          errors.email = ctx.t('appointments.contact.error.emailFormat');
        if (values.phone && (values.phone.length > 50 || !/^[+0-9 ()/-]{3,50}$/.test(values.phone)))
          errors.phone = ctx.t('appointments.contact.error.phone');
      }
      if (Object.keys(errors).length) return contactPage(reply, ctx, a, req.params.token, values, errors);
      const p = ctx.principal;
      const res = await completeHold(kernel, req.params.token, {
        contact: a.anonymous
          ? { name: null, email: null, phone: null }
          : { name: values.name, email: values.email, phone: values.phone || null },
        accountId: p?.kind === 'citizen' ? p.accountId : null,
        lang: ctx.lang,
      });
      if (!res.ok) {
        if (res.reason === 'limit_reached')
          return contactPage(reply, ctx, a, req.params.token, values, { email: reasonText(ctx, res.reason) });
        return refuse(reply, ctx, res.reason === 'hold_expired' ? 410 : 422, reasonText(ctx, res.reason));
      }
      return reply.redirect(`/termine/verwalten/${req.params.token}?neu=1`, 303);
    },
  );

  async function manageContext(reply: FastifyReply, ctx: ViewContext, token: string) {
    reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store');
    const a = await heldOr404(reply, ctx, token);
    if (!a) return null;
    const location = (await selectLocationById(kernel.db.pool, a.locationId))!;
    // A lapsed hold or unconfirmed booking is shown as lapsed at once (and its capacity freed).
    if (
      (a.status === 'held' || a.status === 'unconfirmed') &&
      a.holdExpiresAt &&
      a.holdExpiresAt <= kernel.clock.now()
    ) {
      await releaseDueCapacity(kernel, location);
      return { a: (await findByManageToken(kernel, token))!, location };
    }
    if (a.status === 'held') {
      await reply.redirect(`/termine/angaben/${token}`, 303);
      return null;
    }
    return { a, location };
  }

  app.get<{ Params: { token: string }; Querystring: { neu?: string; info?: string } }>(
    '/termine/verwalten/:token',
    {
      config: { policy: 'public' },
      schema: {
        params: tokenParams,
        querystring: Type.Object({ neu: q(5), info: q(20) }),
      },
    },
    async (req, reply) => {
      const ctx = reply.viewContext();
      const m = await manageContext(reply, ctx, req.params.token);
      if (!m) return reply;
      const { a, location } = m;
      const url = checkInUrl(kernel, location.slug, a.bookingCode);
      const qr =
        a.status === 'booked' || a.status === 'arrived'
          ? await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
          : null;
      const now = kernel.clock.now();
      const info =
        req.query.info && ['verschoben', 'abgesagt', 'bestaetigt'].includes(req.query.info)
          ? ctx.t(`appointments.manage.info.${req.query.info}`)
          : undefined;
      return reply.html(
        <ManagePage
          ctx={ctx}
          a={presentAppointment(ctx.lang, a)}
          address={presentAddress(location)}
          base={`/termine/verwalten/${req.params.token}`}
          qrSvg={qr?.replace(/<\?xml[^>]*\?>/, '') ?? null}
          checkInUrl={url}
          fresh={req.query.neu === '1'}
          canChange={(a.status === 'booked' || a.status === 'unconfirmed') && a.startsAt > now}
          notice={info}
        />,
      );
    },
  );

  app.get<{ Params: { token: string } }>(
    '/termine/verwalten/:token/termin.ics',
    {
      config: { policy: 'public' },
      schema: { params: tokenParams },
    },
    async (req, reply) => {
      const ctx = reply.viewContext();
      const m = await manageContext(reply, ctx, req.params.token);
      if (!m) return reply;
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', 'attachment; filename="termin.ics"')
        .send(
          appointmentIcs(
            kernel,
            m.location,
            m.a,
            `${kernel.config.baseUrl}/termine/verwalten/${req.params.token}`,
          ),
        );
    },
  );

  app.get<{ Params: { token: string } }>(
    '/termine/verwalten/:token/absagen',
    {
      config: { policy: 'public' },
      schema: { params: tokenParams },
    },
    async (req, reply) => {
      const ctx = reply.viewContext();
      const m = await manageContext(reply, ctx, req.params.token);
      if (!m) return reply;
      const base = `/termine/verwalten/${req.params.token}`;
      if (!['booked', 'unconfirmed'].includes(m.a.status) || m.a.startsAt <= kernel.clock.now())
        return refuse(
          reply,
          ctx,
          409,
          reasonText(ctx, m.a.startsAt <= kernel.clock.now() ? 'too_late' : 'not_active'),
          { href: base, label: ctx.t('appointments.back') },
        );
      return reply.html(
        <CancelPage
          ctx={ctx}
          a={presentAppointment(ctx.lang, m.a)}
          action={`${base}/absagen`}
          backHref={base}
        />,
      );
    },
  );

  app.post<{ Params: { token: string } }>(
    '/termine/verwalten/:token/absagen',
    {
      config: { policy: 'public' },
      schema: { params: tokenParams },
    },
    async (req, reply) => {
      const ctx = reply.viewContext();
      const base = `/termine/verwalten/${req.params.token}`;
      const res = await cancelAppointment(kernel, { token: req.params.token });
      if (!res.ok)
        return refuse(reply, ctx, res.reason === 'not_found' ? 404 : 409, reasonText(ctx, res.reason), {
          href: res.reason === 'not_found' ? '/termine' : base,
          label: ctx.t('appointments.back'),
        });
      return reply.redirect(`${base}?info=abgesagt`, 303);
    },
  );

  // Rescheduling: the same calendar and times, posting to the appointment.
  async function rescheduleContext(reply: FastifyReply, ctx: ViewContext, token: string) {
    const m = await manageContext(reply, ctx, token);
    if (!m) return null;
    const base = `/termine/verwalten/${token}`;
    if (m.a.status !== 'booked' || m.a.startsAt <= kernel.clock.now()) {
      await refuse(reply, ctx, 409, reasonText(ctx, m.a.status !== 'booked' ? 'not_active' : 'too_late'), {
        href: base,
        label: ctx.t('appointments.back'),
      });
      return null;
    }
    return { ...m, base, lines: m.a.services.map((s) => ({ serviceId: s.serviceId, quantity: s.quantity })) };
  }

  /** The times of a day for moving an appointment (no ALTCHA: the manage link is the proof). */
  function rescheduleTimes(
    reply: FastifyReply,
    ctx: ViewContext,
    r: NonNullable<Awaited<ReturnType<typeof rescheduleContext>>>,
    day: string | null,
    extra: { errors?: FieldErrors; status?: number } = {},
  ) {
    const self = `${r.base}/verschieben`;
    return timesPage(reply, ctx, r.location, r.lines, day, {
      action: self,
      hidden: {},
      calendarHref: self,
      altcha: false,
      submitLabel: ctx.t('appointments.reschedule.submit'),
      ...extra,
    });
  }

  app.get<{ Params: { token: string }; Querystring: { monat?: string; ansicht?: string; tag?: string } }>(
    '/termine/verwalten/:token/verschieben',
    {
      config: { policy: 'public' },
      schema: {
        params: tokenParams,
        querystring: Type.Object({ monat: q(7), ansicht: q(10), tag: q(10) }),
      },
    },
    async (req, reply) => {
      const ctx = reply.viewContext();
      const r = await rescheduleContext(reply, ctx, req.params.token);
      if (!r) return reply;
      const self = `${r.base}/verschieben`;
      if (req.query.tag !== undefined) return rescheduleTimes(reply, ctx, r, parseDay(req.query.tag));
      return calendarPage(reply, ctx, r.location, r.lines, req.query.monat, req.query.ansicht, {
        self: (p) => `${self}${query(p)}`,
        day: (date) => `${self}${query({ tag: date })}`,
        back: r.base,
        title: ctx.t('appointments.reschedule.title'),
      });
    },
  );

  app.post<{ Params: { token: string }; Body: { start?: string } }>(
    '/termine/verwalten/:token/verschieben',
    {
      config: { policy: 'public' },
      schema: {
        params: tokenParams,
        body: Type.Object({ start: q(40) }),
      },
    },
    async (req, reply) => {
      const ctx = reply.viewContext();
      const r = await rescheduleContext(reply, ctx, req.params.token);
      if (!r) return reply;
      const self = `${r.base}/verschieben`;
      const start = parseInstant(req.body.start);
      if (!start) return reply.redirect(self, 303);
      const res = await rescheduleAppointment(kernel, req.params.token, start);
      if (!res.ok)
        return rescheduleTimes(reply, ctx, r, berlinDate(start), {
          errors: { start: reasonText(ctx, res.reason) },
          status: res.reason === 'taken' ? 409 : 422,
        });
      return reply.redirect(`${r.base}?info=verschoben`, 303);
    },
  );

  app.get<{ Params: { token: string } }>(
    '/termine/bestaetigen/:token',
    {
      config: { policy: 'public' },
      schema: { params: tokenParams },
    },
    async (req, reply) => {
      const ctx = reply.viewContext();
      reply.header('referrer-policy', 'no-referrer');
      return reply.html(
        <ConfirmPage
          ctx={ctx}
          action={`/termine/bestaetigen/${req.params.token}`}
          valid={isTokenShape(req.params.token)}
        />,
        isTokenShape(req.params.token) ? 200 : 404,
      );
    },
  );

  app.post<{ Params: { token: string } }>(
    '/termine/bestaetigen/:token',
    {
      config: { policy: 'public' },
      schema: { params: tokenParams },
    },
    async (req, reply) => {
      const ctx = reply.viewContext();
      const res = await confirmBooking(kernel, req.params.token);
      if (!res.ok)
        return refuse(
          reply,
          ctx,
          res.reason === 'not_found' ? 404 : 410,
          reasonText(ctx, res.reason === 'not_found' ? 'confirmInvalid' : res.reason),
        );
      return reply.redirect(`/termine/verwalten/${res.token}?info=bestaetigt`, 303);
    },
  );
}
