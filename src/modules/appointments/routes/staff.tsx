import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { Kernel } from '../../../kernel/kernel.ts';
import { formValue, type FieldErrors } from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import { bookDirect, cancelAppointment, setAttendance } from '../commands/booking.ts';
import { blockTimes, changeCapacity, closeDays } from '../commands/staff.ts';
import { selectAppointmentById, selectAppointmentsBetween } from '../db/appointments.queries.ts';
import { selectLocationBySlug, selectOffers, selectServices, type LocationRecord } from '../db/queries.ts';
import { locationFeed } from '../ics.ts';
import { appointmentStaff, managesLocation, manageableLocations } from '../policies.ts';
import { presentAppointment, serviceName } from '../presenters/appointment.ts';
import { fullDateTime, fullIsoDate } from '../presenters/format.ts';
import { dailyStats, toCsv } from '../queries/stats.ts';
import { addDays, berlinDate, berlinInstant, isIsoDate, isoWeekday, parseTime } from '../time.ts';
import { formatBookingCode } from '../tokens.ts';
import {
  CapacityWarningPage,
  LocationDayPage,
  StaffIndexPage,
  StatsPage,
  type StaffForms,
} from '../views/staff.tsx';
import { reasonText } from './citizen.tsx';
import { query } from './params.ts';

const EMAIL = /^[^\s@<>()",;:\\]+@[^\s@<>()",;:\\]+\.[^\s@<>()",;:\\]+$/;
const slugParams = Type.Object({ slug: Type.String({ maxLength: 100 }) });
const anyBody = Type.Record(Type.String(), Type.String({ maxLength: 2000 }));

/** "24.11.2026" or "2026-11-24" → ISO date, or null. */
export function parseStaffDate(raw: string): string | null {
  const s = raw.trim();
  const de = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  const iso = de ? `${de[3]}-${de[2]!.padStart(2, '0')}-${de[1]!.padStart(2, '0')}` : s;
  return isIsoDate(iso) ? iso : null;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function staffRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const manages = managesLocation(kernel);

  app.get('/verwaltung/termine', { config: { policy: appointmentStaff } }, async (req, reply) => {
    const ctx = reply.viewContext();
    const locations = await manageableLocations(kernel, req.principal);
    return reply.html(
      <StaffIndexPage
        ctx={ctx}
        locations={locations.map((l) => ({ slug: l.slug, name: l.name, city: l.city }))}
      />,
    );
  });

  async function locationOf(req: FastifyRequest): Promise<LocationRecord> {
    // The policy has checked that the office exists and may be managed.
    return (await selectLocationBySlug(kernel.db.pool, (req.params as { slug: string }).slug))!;
  }

  async function dayPage(
    req: FastifyRequest,
    reply: FastifyReply,
    ctx: ViewContext,
    location: LocationRecord,
    opts: { date?: string; view?: string; notice?: string; errors?: FieldErrors; values?: StaffForms },
  ) {
    const today = berlinDate(kernel.clock.now());
    const date = opts.date && isIsoDate(opts.date) ? opts.date : today;
    const view = opts.view === 'woche' ? 'woche' : 'tag';
    const first = view === 'woche' ? addDays(date, -(isoWeekday(date) - 1)) : date;
    const count = view === 'woche' ? 7 : 1;
    const rows = await selectAppointmentsBetween(
      kernel.db.pool,
      location.id,
      berlinInstant(first, 0),
      berlinInstant(addDays(first, count), 0),
      ['booked', 'arrived', 'no_show', 'done', 'cancelled'],
    );
    const visible = rows.filter((a) => a.status !== 'cancelled' || !a.anonymous || a.services.length > 0);
    const days = Array.from({ length: count }, (_, i) => addDays(first, i)).map((d) => ({
      date: d,
      label: fullIsoDate(ctx.lang, d),
      appointments: visible
        .filter((a) => berlinDate(a.startsAt) === d)
        .map((a) => presentAppointment(ctx.lang, a)),
    }));
    const [services, offers] = await Promise.all([
      selectServices(kernel.db.pool),
      selectOffers(kernel.db.pool, location.id),
    ]);
    const base = `/verwaltung/termine/${location.slug}`;
    const step = view === 'woche' ? 7 : 1;
    const t = ctx.t;
    return reply.html(
      <LocationDayPage
        ctx={ctx}
        slug={location.slug}
        name={location.name}
        title={
          view === 'woche'
            ? t('appointments.staff.weekTitle', { name: location.name, date: fullIsoDate(ctx.lang, first) })
            : t('appointments.staff.dayTitle', { name: location.name, date: fullIsoDate(ctx.lang, date) })
        }
        days={days}
        nav={{
          prev: `${base}${query({ tag: addDays(first, -step), ansicht: view === 'woche' ? view : undefined })}`,
          next: `${base}${query({ tag: addDays(first, step), ansicht: view === 'woche' ? view : undefined })}`,
          prevLabel: t(view === 'woche' ? 'appointments.staff.prevWeek' : 'appointments.staff.prevDay'),
          nextLabel: t(view === 'woche' ? 'appointments.staff.nextWeek' : 'appointments.staff.nextDay'),
          day: `${base}${query({ tag: date })}`,
          week: `${base}${query({ tag: date, ansicht: 'woche' })}`,
          view,
        }}
        services={offers.map((o) => {
          const s = services.find((x) => x.id === o.serviceId)!;
          return { value: s.key, label: serviceName(ctx.lang, s) };
        })}
        workstations={{ public: location.workstationsPublic, internal: location.workstationsInternal }}
        feedUrl={`${kernel.config.baseUrl}/termine/feed/${location.slug}.ics?token=${location.feedToken}`}
        notice={opts.notice}
        errors={opts.errors}
        values={opts.values ?? {}}
      />,
      opts.errors && Object.keys(opts.errors).length ? 422 : 200,
    );
  }

  app.get<{ Params: { slug: string }; Querystring: { tag?: string; ansicht?: string; info?: string } }>(
    '/verwaltung/termine/:slug',
    {
      config: { policy: manages },
      schema: {
        params: slugParams,
        querystring: Type.Object({
          tag: Type.Optional(Type.String({ maxLength: 10 })),
          ansicht: Type.Optional(Type.String({ maxLength: 10 })),
          info: Type.Optional(Type.String({ maxLength: 200 })),
        }),
      },
    },
    async (req, reply) => {
      const ctx = reply.viewContext();
      const location = await locationOf(req);
      const info = req.query.info && req.query.info.length < 200 ? req.query.info : undefined;
      return dayPage(req, reply, ctx, location, {
        date: req.query.tag,
        view: req.query.ansicht,
        notice: info,
      });
    },
  );

  const done = (location: LocationRecord, notice: string, date?: string) =>
    `/verwaltung/termine/${location.slug}${query({ tag: date, info: notice })}`;

  app.post<{ Params: { slug: string; id: string }; Body: Record<string, string> }>(
    '/verwaltung/termine/:slug/termin/:id',
    {
      config: { policy: manages },
      schema: {
        params: Type.Object({ slug: Type.String({ maxLength: 100 }), id: Type.String({ maxLength: 40 }) }),
        body: anyBody,
      },
    },
    async (req, reply) => {
      const ctx = reply.viewContext();
      const location = await locationOf(req);
      const a = /^[0-9a-f-]{36}$/.test(req.params.id)
        ? await selectAppointmentById(kernel.db.pool, req.params.id)
        : null;
      if (!a || a.locationId !== location.id)
        return reply.code(404).html(<StaffIndexPage ctx={ctx} locations={[]} />, 404);
      const action = formValue(req.body, 'aktion');
      const actor = req.principal!.accountId;
      const res =
        action === 'arrived' || action === 'no_show'
          ? await setAttendance(kernel, a.id, action, actor)
          : action === 'cancel'
            ? await cancelAppointment(kernel, { appointmentId: a.id, staffId: actor })
            : null;
      const date = berlinDate(a.startsAt);
      if (!res) return reply.redirect(done(location, '', date), 303);
      return reply.redirect(
        done(location, res.ok ? ctx.t('appointments.staff.updated') : reasonText(ctx, res.reason), date),
        303,
      );
    },
  );

  app.post<{ Params: { slug: string }; Body: Record<string, string> }>(
    '/verwaltung/termine/:slug/buchen',
    { config: { policy: manages }, schema: { params: slugParams, body: anyBody } },
    async (req, reply) => {
      const ctx = reply.viewContext();
      const t = ctx.t;
      const location = await locationOf(req);
      const v = Object.fromEntries(
        ['service', 'quantity', 'date', 'time', 'name', 'phone', 'email'].map((k) => [
          k,
          formValue(req.body, k),
        ]),
      );
      const errors: FieldErrors = {};
      const services = await selectServices(kernel.db.pool);
      const service = services.find((s) => s.key === v.service);
      if (!service) errors.service = t('appointments.staff.error.service');
      const quantity = /^\d{1,2}$/.test(v.quantity!) ? Number(v.quantity) : NaN;
      if (!(quantity >= 1)) errors.quantity = t('appointments.staff.error.number');
      const date = parseStaffDate(v.date!);
      if (!date) errors.date = t('appointments.staff.error.date');
      const time = parseTime(v.time!);
      if (time === null) errors.time = t('appointments.staff.error.time');
      if (!service?.anonymous && !v.name) errors.name = t('appointments.staff.error.name');
      if (v.email && (v.email.length > 254 || !EMAIL.test(v.email)))
        errors.email = t('appointments.staff.error.email');
      if (Object.keys(errors).length)
        return dayPage(req, reply, ctx, location, { errors, values: { book: v } });
      const res = await bookDirect(kernel, {
        locationId: location.id,
        lines: [{ serviceId: service!.id, quantity }],
        startsAt: berlinInstant(date!, time!),
        audience: 'staff',
        lang: 'de',
        contact: { name: v.name || null, email: v.email || null, phone: v.phone || null },
        accountId: null,
        bookedByStaff: req.principal!.accountId,
      });
      if (!res.ok)
        return dayPage(req, reply, ctx, location, {
          errors: { time: reasonText(ctx, res.reason) },
          values: { book: v },
        });
      await kernel.audit.record({
        actorId: req.principal!.accountId,
        action: 'appointments.booked_for_caller',
        objectType: 'appointment',
        objectId: res.appointment.id,
        tenantId: location.tenantId,
        requestId: req.id,
      });
      return reply.redirect(
        done(
          location,
          t('appointments.staff.book.done', {
            code: formatBookingCode(res.appointment.bookingCode),
            when: fullDateTime(ctx.lang, res.appointment.startsAt),
          }),
          date!,
        ),
        303,
      );
    },
  );

  app.post<{ Params: { slug: string }; Body: Record<string, string> }>(
    '/verwaltung/termine/:slug/sperren',
    { config: { policy: manages }, schema: { params: slugParams, body: anyBody } },
    async (req, reply) => {
      const ctx = reply.viewContext();
      const t = ctx.t;
      const location = await locationOf(req);
      const v = Object.fromEntries(
        ['block_date', 'block_from', 'block_to', 'block_workstations', 'block_reason'].map((k) => [
          k,
          formValue(req.body, k),
        ]),
      );
      const errors: FieldErrors = {};
      const date = parseStaffDate(v.block_date!);
      if (!date) errors.block_date = t('appointments.staff.error.date');
      const from = parseTime(v.block_from!);
      const to = parseTime(v.block_to!);
      if (from === null) errors.block_from = t('appointments.staff.error.time');
      if (to === null) errors.block_to = t('appointments.staff.error.time');
      else if (from !== null && to <= from) errors.block_to = t('appointments.staff.error.range');
      const ws = v.block_workstations
        ? /^\d{1,2}$/.test(v.block_workstations) && Number(v.block_workstations) >= 1
          ? Number(v.block_workstations)
          : NaN
        : null;
      if (Number.isNaN(ws)) errors.block_workstations = t('appointments.staff.error.number');
      if (v.block_reason!.length > 200) errors.block_reason = t('appointments.staff.error.reason');
      if (Object.keys(errors).length)
        return dayPage(req, reply, ctx, location, { errors, values: { block: v } });
      const r = await blockTimes(
        kernel,
        location,
        { startsAt: berlinInstant(date!, from!), endsAt: berlinInstant(date!, to!), workstations: ws },
        v.block_reason || null,
        req.principal!.accountId,
      );
      return reply.redirect(
        done(location, t('appointments.staff.block.done', { count: r.affected }), date!),
        303,
      );
    },
  );

  app.post<{ Params: { slug: string }; Body: Record<string, string> }>(
    '/verwaltung/termine/:slug/schliessen',
    { config: { policy: manages }, schema: { params: slugParams, body: anyBody } },
    async (req, reply) => {
      const ctx = reply.viewContext();
      const t = ctx.t;
      const location = await locationOf(req);
      const v = Object.fromEntries(
        ['closure_from', 'closure_to', 'closure_reason'].map((k) => [k, formValue(req.body, k)]),
      );
      const errors: FieldErrors = {};
      const from = parseStaffDate(v.closure_from!);
      const to = parseStaffDate(v.closure_to!);
      if (!from) errors.closure_from = t('appointments.staff.error.date');
      if (!to) errors.closure_to = t('appointments.staff.error.date');
      else if (from && to < from) errors.closure_to = t('appointments.staff.error.range');
      if (v.closure_reason!.length > 200) errors.closure_reason = t('appointments.staff.error.reason');
      if (Object.keys(errors).length)
        return dayPage(req, reply, ctx, location, { errors, values: { closure: v } });
      const r = await closeDays(
        kernel,
        location,
        from!,
        to!,
        v.closure_reason || null,
        req.principal!.accountId,
      );
      return reply.redirect(
        done(location, t('appointments.staff.closure.done', { count: r.affected }), from!),
        303,
      );
    },
  );

  app.post<{ Params: { slug: string }; Body: Record<string, string> }>(
    '/verwaltung/termine/:slug/kapazitaet',
    { config: { policy: manages }, schema: { params: slugParams, body: anyBody } },
    async (req, reply) => {
      const ctx = reply.viewContext();
      const t = ctx.t;
      const location = await locationOf(req);
      const v = { public: formValue(req.body, 'public'), internal: formValue(req.body, 'internal') };
      const errors: FieldErrors = {};
      const num = (s: string) => (/^\d{1,2}$/.test(s) ? Number(s) : NaN);
      if (Number.isNaN(num(v.public))) errors.public = t('appointments.staff.error.number');
      if (Number.isNaN(num(v.internal))) errors.internal = t('appointments.staff.error.number');
      if (Object.keys(errors).length)
        return dayPage(req, reply, ctx, location, { errors, values: { capacity: v } });
      const apply = formValue(req.body, 'bestaetigt') === '1';
      const preview = await changeCapacity(
        kernel,
        location,
        num(v.public),
        num(v.internal),
        false,
        req.principal!.accountId,
      );
      if (preview.affected.length && !apply)
        return reply.html(
          <CapacityWarningPage
            ctx={ctx}
            slug={location.slug}
            name={location.name}
            affected={preview.affected.map((a) => presentAppointment(ctx.lang, a))}
            values={v}
          />,
        );
      const r = await changeCapacity(
        kernel,
        location,
        num(v.public),
        num(v.internal),
        true,
        req.principal!.accountId,
      );
      return reply.redirect(
        done(location, t('appointments.staff.capacity.done', { count: r.affected.length })),
        303,
      );
    },
  );

  app.get<{ Params: { slug: string } }>(
    '/verwaltung/termine/:slug/export.csv',
    { config: { policy: manages }, schema: { params: slugParams } },
    async (req, reply) => {
      const location = await locationOf(req);
      const today = berlinDate(kernel.clock.now());
      const rows = await selectAppointmentsBetween(
        kernel.db.pool,
        location.id,
        berlinInstant(today, 0),
        berlinInstant(addDays(today, 31), 0),
        ['booked', 'arrived', 'no_show', 'done'],
      );
      const csv = toCsv(
        ['datum', 'beginn', 'ende', 'buchungscode', 'status', 'name', 'telefon', 'email', 'leistungen'],
        rows.map((a) => [
          berlinDate(a.startsAt),
          fullDateTime('de', a.startsAt).split(', ').pop()!,
          fullDateTime('de', a.endsAt).split(', ').pop()!,
          formatBookingCode(a.bookingCode),
          a.status,
          a.name ?? '',
          a.phone ?? '',
          a.email ?? '',
          a.services.map((s) => `${s.quantity} x ${s.name}`).join('; '),
        ]),
      );
      await kernel.audit.record({
        actorId: req.principal!.accountId,
        action: 'appointments.exported',
        objectType: 'location',
        objectId: location.id,
        tenantId: location.tenantId,
        requestId: req.id,
      });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="termine-${location.slug}-${today}.csv"`)
        .header('cache-control', 'no-store')
        .send(`\uFEFF${csv}`);
    },
  );

  app.get<{ Params: { slug: string } }>(
    '/verwaltung/termine/:slug/statistik',
    { config: { policy: manages }, schema: { params: slugParams } },
    async (req, reply) => {
      const ctx = reply.viewContext();
      const location = await locationOf(req);
      const today = berlinDate(kernel.clock.now());
      const rows = await dailyStats(kernel, addDays(today, -30), addDays(today, 30), location);
      return reply.html(
        <StatsPage
          ctx={ctx}
          slug={location.slug}
          name={location.name}
          rows={rows.map((r) => ({ ...r, label: fullIsoDate(ctx.lang, r.date) }))}
        />,
      );
    },
  );

  // Token-protected iCalendar feed of an office for staff calendars (no session needed).
  app.get<{ Params: { file: string }; Querystring: { token?: string } }>(
    '/termine/feed/:file',
    {
      config: { policy: 'public' },
      schema: {
        params: Type.Object({ file: Type.String({ maxLength: 110 }) }),
        querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 100 })) }),
      },
    },
    async (req, reply) => {
      const m = /^([a-z0-9-]{1,100})\.ics$/.exec(req.params.file);
      const location = m ? await selectLocationBySlug(kernel.db.pool, m[1]!) : null;
      if (!location || !req.query.token || !safeEqual(req.query.token, location.feedToken))
        return reply.code(404).type('text/plain; charset=utf-8').send('Nicht gefunden.');
      const now = kernel.clock.now();
      const rows = await selectAppointmentsBetween(
        kernel.db.pool,
        location.id,
        new Date(now.getTime() - 7 * 86_400_000),
        new Date(now.getTime() + 90 * 86_400_000),
        ['booked', 'arrived', 'no_show', 'done'],
      );
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(locationFeed(kernel, location, rows));
    },
  );
}
