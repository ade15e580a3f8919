import type { FastifyInstance, FastifyReply } from 'fastify';
import Type, { type Static } from 'typebox';
import { sendProblem } from '../../../kernel/http/problem.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { altchaOf } from '../altcha.ts';
import {
  bookDirect,
  cancelAppointment,
  completeHold,
  findByManageToken,
  holdSlot,
  type BookingFailure,
  type ServiceLine,
} from '../commands/booking.ts';
import type { AppointmentRecord } from '../db/appointments.queries.ts';
import {
  selectLocationById,
  selectLocationBySlug,
  selectServices,
  type LocationRecord,
} from '../db/queries.ts';
import { freeCalendar, loadCatalogue } from '../queries/calendar.ts';
import { bookingAttemptAllowed } from '../rate.ts';
import { isIsoDate } from '../time.ts';
import { formatBookingCode } from '../tokens.ts';

const tags = ['appointments'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Address = Type.Object({
  street: Nullable(Type.String()),
  postal_code: Nullable(Type.String()),
  city: Nullable(Type.String()),
});
const LocationOut = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  tenant: Type.String(),
  address: Address,
  slot_minutes: Type.Integer(),
  requires_confirmation: Type.Boolean(),
  services: Type.Array(
    Type.Object({ key: Type.String(), slots: Type.Integer(), max_quantity: Type.Integer() }),
  ),
});
const ServiceOut = Type.Object({
  key: Type.String(),
  name: Type.String(),
  name_en: Nullable(Type.String()),
  description: Nullable(Type.String()),
  anonymous: Type.Boolean(),
  ask_phone: Type.Boolean(),
  group_session: Type.Boolean(),
  combine_group: Nullable(Type.String()),
});
const ServicesParam = Type.String({
  maxLength: 400,
  description:
    'Services and quantities, comma-separated "key:quantity", e.g. "kfz-zulassung:2,kfz-abmeldung:1".',
});
const Line = Type.Object({
  key: Type.String({ maxLength: 64 }),
  quantity: Type.Integer({ minimum: 1, maximum: 20 }),
});
const Altcha = {
  altcha_challenge: Type.String({
    maxLength: 8000,
    description: 'The challenge from GET /api/v1/appointments/challenge.',
  }),
  altcha: Type.Optional(
    Type.String({ maxLength: 8000, description: 'The solved ALTCHA payload (base64 JSON).' }),
  ),
};
const Contact = {
  name: Type.Optional(Type.String({ maxLength: 200 })),
  email: Type.Optional(Type.String({ maxLength: 254 })),
  phone: Type.Optional(Type.String({ maxLength: 50 })),
};
const BookingOut = Type.Object({
  token: Type.String({
    description: 'Secret manage token: keep it, it is the only way to change the booking.',
  }),
  booking_code: Type.String(),
  status: Type.String(),
  location: Type.String(),
  starts_at: Type.String({ format: 'date-time' }),
  ends_at: Type.String({ format: 'date-time' }),
  hold_expires_at: Nullable(Type.String({ format: 'date-time' })),
  services: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), quantity: Type.Integer() })),
  manage_url: Type.String(),
  ics_url: Type.String(),
});
const Problem = Type.Object(
  { type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.Optional(Type.String()) },
  { additionalProperties: true },
);
const errors = { 400: Problem, 404: Problem, 409: Problem, 410: Problem, 422: Problem, 429: Problem };

const STATUS: Record<BookingFailure, number> = {
  unknown_location: 404,
  unknown_service: 422,
  no_service: 422,
  not_offered: 422,
  too_many: 422,
  not_combinable: 422,
  too_long: 422,
  slot_not_offered: 422,
  taken: 409,
  hold_expired: 410,
  limit_reached: 409,
  contact_missing: 422,
  not_found: 404,
  too_late: 409,
  not_active: 409,
};

export async function apiRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const t = kernel.i18n.translator('de');

  const problem = (
    reply: FastifyReply,
    reason: BookingFailure | 'bad_date' | 'altcha' | 'rate_limited',
    detail?: string,
  ) => {
    const status =
      reason === 'bad_date'
        ? 422
        : reason === 'altcha'
          ? 422
          : reason === 'rate_limited'
            ? 429
            : STATUS[reason];
    return sendProblem(reply, {
      type: `${kernel.config.baseUrl}/api/v1/appointments/problems/${reason}`,
      title: reason,
      status,
      detail:
        detail ??
        t(
          `appointments.error.${reason === 'bad_date' ? 'badDate' : reason === 'rate_limited' ? 'rateLimited' : reason}`,
        ),
    });
  };

  function out(a: AppointmentRecord, l: LocationRecord, token: string): Static<typeof BookingOut> {
    const manage = `${kernel.config.baseUrl}/termine/verwalten/${token}`;
    return {
      token,
      booking_code: formatBookingCode(a.bookingCode),
      status: a.status,
      location: l.slug,
      starts_at: a.startsAt.toISOString(),
      ends_at: a.endsAt.toISOString(),
      hold_expires_at: a.holdExpiresAt?.toISOString() ?? null,
      services: a.services.map((s) => ({ key: s.key, name: s.name, quantity: s.quantity })),
      manage_url: manage,
      ics_url: `${manage}/termin.ics`,
    };
  }

  async function lines(raw: { key: string; quantity: number }[] | string): Promise<ServiceLine[] | null> {
    const services = await selectServices(kernel.db.pool);
    const list =
      typeof raw === 'string'
        ? raw.split(',').map((p) => {
            const m = /^([a-z0-9-]{1,64}):(\d{1,2})$/.exec(p);
            return m ? { key: m[1]!, quantity: Number(m[2]) } : null;
          })
        : raw;
    if (list.length === 0 || list.length > 10 || list.some((l) => !l)) return null;
    const out: ServiceLine[] = [];
    for (const l of list) {
      const s = services.find((x) => x.key === l!.key);
      if (!s) return null;
      out.push({ serviceId: s.id, quantity: l!.quantity });
    }
    return out;
  }

  app.get(
    '/api/v1/appointments/services',
    {
      config: { policy: 'public' },
      schema: {
        tags,
        summary: 'Bookable services',
        response: { 200: Type.Object({ items: Type.Array(ServiceOut) }) },
      },
    },
    async () => {
      const services = await selectServices(kernel.db.pool);
      return {
        items: services.map((s) => ({
          key: s.key,
          name: s.name,
          name_en: s.nameEn,
          description: s.description,
          anonymous: s.anonymous,
          ask_phone: s.askPhone,
          group_session: s.groupSession,
          combine_group: s.combineGroup,
        })),
      };
    },
  );

  app.get(
    '/api/v1/appointments/locations',
    {
      config: { policy: 'public' },
      schema: {
        tags,
        summary: 'Offices with their services',
        response: { 200: Type.Object({ items: Type.Array(LocationOut) }) },
      },
    },
    async () => {
      const cat = await loadCatalogue(kernel);
      return {
        items: cat.locations.map((l) => ({
          slug: l.slug,
          name: l.name,
          tenant: l.tenantId,
          address: { street: l.street, postal_code: l.postalCode, city: l.city },
          slot_minutes: l.slotMinutes,
          requires_confirmation: l.requiresConfirmation,
          services: [...(cat.offers.get(l.id)?.entries() ?? [])].map(([id, o]) => ({
            key: cat.services.find((s) => s.id === id)!.key,
            slots: o.slots,
            max_quantity: o.maxQuantity,
          })),
        })),
      };
    },
  );

  const slugParams = Type.Object({ slug: Type.String({ maxLength: 100 }) });

  app.get<{ Params: { slug: string }; Querystring: { services: string; date?: string } }>(
    '/api/v1/appointments/locations/:slug/slots',
    {
      config: { policy: 'public' },
      schema: {
        tags,
        summary: 'Free days, or the free times of one day, for a set of services',
        description:
          'Without `date`: the days with free times in the booking window and their count. With `date`: the free start times of that day.',
        params: slugParams,
        querystring: Type.Object({
          services: ServicesParam,
          date: Type.Optional(Type.String({ maxLength: 10, description: 'YYYY-MM-DD' })),
        }),
        response: {
          200: Type.Object({
            location: Type.String(),
            days: Type.Array(
              Type.Object({
                date: Type.String(),
                count: Type.Integer(),
                slots: Type.Optional(
                  Type.Array(
                    Type.Object({
                      starts_at: Type.String({ format: 'date-time' }),
                      ends_at: Type.String({ format: 'date-time' }),
                      free: Type.Integer(),
                    }),
                  ),
                ),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const location = /^[a-z0-9-]{1,100}$/.test(req.params.slug)
        ? await selectLocationBySlug(kernel.db.pool, req.params.slug)
        : null;
      if (!location?.active) return problem(reply, 'unknown_location');
      const l = await lines(req.query.services);
      if (!l) return problem(reply, 'unknown_service');
      if (req.query.date !== undefined && !isIsoDate(req.query.date)) return problem(reply, 'bad_date');
      const cal = await freeCalendar(
        kernel,
        location.id,
        l,
        req.query.date ? { from: req.query.date, to: req.query.date } : {},
      );
      if (!cal.ok) return problem(reply, cal.reason);
      return {
        location: location.slug,
        days: cal.days.map((d) => ({
          date: d.date,
          count: d.slots.length,
          ...(req.query.date
            ? {
                slots: d.slots.map((s) => ({
                  starts_at: s.startsAt.toISOString(),
                  ends_at: s.endsAt.toISOString(),
                  free: s.free,
                })),
              }
            : {}),
        })),
      };
    },
  );

  app.get(
    '/api/v1/appointments/challenge',
    {
      config: { policy: 'public' },
      schema: {
        tags,
        summary: 'An ALTCHA proof-of-work challenge for a hold or booking',
        description:
          'Solve it (SHA-256 over salt ‖ nonce ‖ uint32 counter until the key starts with keyPrefix) and send it back as `altcha`.',
        response: { 200: Type.Object({ altcha_challenge: Type.String() }) },
      },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'no-store');
      return { altcha_challenge: await altchaOf(kernel).issue() };
    },
  );

  async function guard(reply: FastifyReply, ip: string, body: { altcha_challenge: string; altcha?: string }) {
    const v = await altchaOf(kernel).verify({ challenge: body.altcha_challenge, payload: body.altcha });
    if (!v.ok) {
      await problem(reply, 'altcha', t(`appointments.altcha.error.${v.reason}`));
      return false;
    }
    if (!(await bookingAttemptAllowed(kernel, ip, v.solved))) {
      await problem(reply, 'rate_limited');
      return false;
    }
    return true;
  }

  const HoldIn = Type.Object({
    location: Type.String({ maxLength: 100 }),
    services: Type.Array(Line, { minItems: 1, maxItems: 10 }),
    starts_at: Type.String({ maxLength: 40, format: 'date-time' }),
    ...Altcha,
  });

  app.post<{ Body: Static<typeof HoldIn> }>(
    '/api/v1/appointments/holds',
    {
      config: { policy: 'public', csrf: false },
      schema: {
        tags,
        summary: 'Hold a time for a few minutes (then complete it with the contact data)',
        body: HoldIn,
        response: { 201: BookingOut, ...errors },
      },
    },
    async (req, reply) => {
      const location = await selectLocationBySlug(kernel.db.pool, req.body.location);
      if (!location) return problem(reply, 'unknown_location');
      const l = await lines(req.body.services);
      if (!l) return problem(reply, 'unknown_service');
      const startsAt = new Date(req.body.starts_at);
      if (Number.isNaN(startsAt.getTime())) return problem(reply, 'slot_not_offered');
      if (!(await guard(reply, req.ip, req.body))) return reply;
      const res = await holdSlot(kernel, {
        locationId: location.id,
        lines: l,
        startsAt,
        audience: 'public',
        lang: 'de',
      });
      if (!res.ok) return problem(reply, res.reason);
      return reply.code(201).send(out(res.appointment, location, res.token));
    },
  );

  const CompleteIn = Type.Object({ ...Contact });
  const tokenParams = Type.Object({ token: Type.String({ maxLength: 100 }) });

  app.post<{ Params: { token: string }; Body: Static<typeof CompleteIn> }>(
    '/api/v1/appointments/holds/:token',
    {
      config: { policy: 'public', csrf: false },
      schema: {
        tags,
        summary: 'Complete a hold with the contact data (none for anonymous services)',
        params: tokenParams,
        body: CompleteIn,
        response: { 200: BookingOut, ...errors },
      },
    },
    async (req, reply) => {
      const res = await completeHold(kernel, req.params.token, {
        contact: {
          name: req.body.name?.trim() || null,
          email: req.body.email?.trim() || null,
          phone: req.body.phone?.trim() || null,
        },
        accountId: null,
        lang: 'de',
      });
      if (!res.ok) return problem(reply, res.reason);
      const l = (await selectLocationById(kernel.db.pool, res.appointment.locationId))!;
      return out(res.appointment, l, res.token);
    },
  );

  const BookIn = Type.Object({
    location: Type.String({ maxLength: 100 }),
    services: Type.Array(Line, { minItems: 1, maxItems: 10 }),
    starts_at: Type.String({ maxLength: 40, format: 'date-time' }),
    ...Contact,
    ...Altcha,
  });

  app.post<{ Body: Static<typeof BookIn> }>(
    '/api/v1/appointments/bookings',
    {
      config: { policy: 'public', csrf: false },
      schema: { tags, summary: 'Book in one step', body: BookIn, response: { 201: BookingOut, ...errors } },
    },
    async (req, reply) => {
      const location = await selectLocationBySlug(kernel.db.pool, req.body.location);
      if (!location) return problem(reply, 'unknown_location');
      const l = await lines(req.body.services);
      if (!l) return problem(reply, 'unknown_service');
      const startsAt = new Date(req.body.starts_at);
      if (Number.isNaN(startsAt.getTime())) return problem(reply, 'slot_not_offered');
      const email = req.body.email?.trim() || null;
      if (email && !/^[^\s@<>()",;:\\]+@[^\s@<>()",;:\\]+\.[^\s@<>()",;:\\]+$/.test(email))
        return problem(reply, 'contact_missing');
      if (!(await guard(reply, req.ip, req.body))) return reply;
      const res = await bookDirect(kernel, {
        locationId: location.id,
        lines: l,
        startsAt,
        audience: 'public',
        lang: 'de',
        contact: { name: req.body.name?.trim() || null, email, phone: req.body.phone?.trim() || null },
        accountId: null,
        bookedByStaff: null,
      });
      if (!res.ok) return problem(reply, res.reason);
      return reply.code(201).send(out(res.appointment, location, res.token));
    },
  );

  app.get<{ Params: { token: string } }>(
    '/api/v1/appointments/bookings/:token',
    {
      config: { policy: 'public' },
      schema: {
        tags,
        summary: 'A booking by its manage token',
        params: tokenParams,
        response: { 200: BookingOut, ...errors },
      },
    },
    async (req, reply) => {
      const a = await findByManageToken(kernel, req.params.token);
      if (!a) return problem(reply, 'not_found');
      reply.header('cache-control', 'no-store');
      return out(a, (await selectLocationById(kernel.db.pool, a.locationId))!, req.params.token);
    },
  );

  app.post<{ Params: { token: string } }>(
    '/api/v1/appointments/bookings/:token/cancel',
    {
      config: { policy: 'public', csrf: false },
      schema: {
        tags,
        summary: 'Cancel a booking (until it starts)',
        params: tokenParams,
        response: { 200: BookingOut, ...errors },
      },
    },
    async (req, reply) => {
      const res = await cancelAppointment(kernel, { token: req.params.token });
      if (!res.ok) return problem(reply, res.reason);
      return out(
        res.appointment,
        (await selectLocationById(kernel.db.pool, res.appointment.locationId))!,
        req.params.token,
      );
    },
  );
}
