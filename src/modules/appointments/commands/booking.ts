import type pg from 'pg';
import { inTransaction } from '../../../kernel/db/database.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import type { Demand, WindowInput } from '../availability.ts';
import { ledgerSlotsFor } from '../availability.ts';
import { readAppointmentsConfig } from '../config.ts';
import {
  countActiveForEmail,
  selectAppointmentByConfirmHash,
  selectAppointmentById,
  selectAppointmentByManageHash,
  type AppointmentRecord,
} from '../db/appointments.queries.ts';
import {
  isUuid,
  ledgerEntries,
  releaseDue,
  selectLocationBundle,
  selectLocationById,
  selectServices,
  takeCapacity,
  giveBackCapacity,
  type LocationRecord,
  type OfferRecord,
  type ServiceRecord,
} from '../db/queries.ts';
import { berlinDate } from '../time.ts';
import { confirmToken, isTokenShape, manageToken, newBookingCode, newNonce, tokenHash } from '../tokens.ts';

export interface ServiceLine {
  serviceId: string;
  quantity: number;
}

export type BookingFailure =
  | 'unknown_location'
  | 'unknown_service'
  | 'no_service'
  | 'not_offered'
  | 'too_many'
  | 'not_combinable'
  | 'too_long'
  | 'slot_not_offered'
  | 'taken'
  | 'hold_expired'
  | 'limit_reached'
  | 'contact_missing'
  | 'not_found'
  | 'too_late'
  | 'not_active';

export type Result<T> = ({ ok: true } & T) | { ok: false; reason: BookingFailure };

export interface ResolvedDemand {
  demand: Omit<Demand, 'audience'>;
  lines: { service: ServiceRecord; offer: OfferRecord; quantity: number }[];
  anonymous: boolean;
  askPhone: boolean;
}

/**
 * Checks a set of services and quantities against an office's offer and the combination rules:
 * an anonymous service or a group session stands alone; other services combine only within the
 * same combination group; quantities up to the offer's maximum; total slots up to the office's.
 */
export function resolveDemand(
  location: LocationRecord,
  services: ServiceRecord[],
  offers: OfferRecord[],
  lines: ServiceLine[],
): { ok: true; value: ResolvedDemand } | { ok: false; reason: BookingFailure } {
  const wanted = lines.filter((l) => l.quantity > 0);
  if (!wanted.length) return { ok: false, reason: 'no_service' };
  if (new Set(wanted.map((l) => l.serviceId)).size !== wanted.length)
    return { ok: false, reason: 'not_combinable' };
  const out: ResolvedDemand['lines'] = [];
  for (const l of wanted) {
    const service = services.find((s) => s.id === l.serviceId);
    if (!service) return { ok: false, reason: 'unknown_service' };
    const offer = offers.find((o) => o.serviceId === l.serviceId && o.locationId === location.id);
    if (!offer) return { ok: false, reason: 'not_offered' };
    if (!Number.isInteger(l.quantity) || l.quantity > offer.maxQuantity)
      return { ok: false, reason: 'too_many' };
    out.push({ service, offer, quantity: l.quantity });
  }
  const alone = out.some((l) => l.service.anonymous || l.service.groupSession);
  if (alone && out.length > 1) return { ok: false, reason: 'not_combinable' };
  if (out.length > 1) {
    const g = out[0]!.service.combineGroup;
    if (g === null || out.some((l) => l.service.combineGroup !== g))
      return { ok: false, reason: 'not_combinable' };
  }
  const first = out[0]!;
  if (first.service.groupSession)
    return {
      ok: true,
      value: {
        demand: { groupServiceId: first.service.id, slots: 1, units: first.quantity },
        lines: out,
        anonymous: false,
        askPhone: first.service.askPhone,
      },
    };
  const slots = out.reduce((n, l) => n + l.offer.slots * l.quantity, 0);
  if (slots > location.maxSlotsPerAppointment) return { ok: false, reason: 'too_long' };
  return {
    ok: true,
    value: {
      demand: { groupServiceId: null, slots, units: 1 },
      lines: out,
      anonymous: first.service.anonymous,
      askPhone: out.some((l) => l.service.askPhone),
    },
  };
}

export interface LocationContext {
  location: LocationRecord;
  services: ServiceRecord[];
  offers: OfferRecord[];
  window: Omit<WindowInput, 'usage'>;
}

export async function loadLocationContext(
  kernel: Kernel,
  locationId: string,
): Promise<(LocationContext & { releaseDue: boolean }) | null> {
  const db = kernel.db.pool;
  const now = kernel.clock.now();
  const [bundle, services] = await Promise.all([
    selectLocationBundle(db, locationId, berlinDate(now), now),
    selectServices(db),
  ]);
  if (!bundle) return null;
  const { location, offers, rules, closures, blocks, releaseDue } = bundle;
  return {
    location,
    services,
    offers,
    window: { setup: location, rules, closures, blocks, now },
    releaseDue,
  };
}

const DISPLAY_TTL_MS = 5000;
const displayCache = new WeakMap<Kernel, Map<string, { at: number; ctx: LocationContext }>>();

/**
 * The office's rules and offer for showing free times, cached for a few seconds per process
 * (the calendar is the hottest read). Never used for booking: holds and bookings always read
 * fresh data, so a stale calendar can at worst show a time that is then refused.
 */
export async function loadLocationContextForDisplay(
  kernel: Kernel,
  locationId: string,
): Promise<LocationContext | null> {
  let cache = displayCache.get(kernel);
  if (!cache) displayCache.set(kernel, (cache = new Map<string, { at: number; ctx: LocationContext }>()));
  const hit = cache.get(locationId);
  const now = kernel.clock.now();
  if (hit && performance.now() - hit.at < DISPLAY_TTL_MS)
    return { ...hit.ctx, window: { ...hit.ctx.window, now } };
  const fresh = await loadLocationContext(kernel, locationId);
  if (!fresh) return null;
  const { releaseDue: _ignored, ...ctx } = fresh;
  if (cache.size > 1000) cache.clear();
  cache.set(locationId, { at: performance.now(), ctx });
  return ctx;
}

/** Forgets the cached display data of an office (after staff changes in this process). */
export function invalidateLocationDisplay(kernel: Kernel, locationId: string): void {
  displayCache.get(kernel)?.delete(locationId);
}

/** Releases due capacity of a location (expired holds, cancellations past the delay). */
export async function releaseDueCapacity(kernel: Kernel, location: LocationRecord): Promise<number> {
  return inTransaction(kernel.db.pool, (c) =>
    releaseDue(c, location.id, kernel.clock.now(), location.slotMinutes),
  );
}

const RETRYABLE = new Set(['40P01', '40001', '23514']);

/** Runs a booking transaction; a deadlock or a tripped CHECK becomes "taken" after retries. */
async function bookingTx<T>(
  kernel: Kernel,
  fn: (c: pg.PoolClient, rollback: <R>(v: R) => R) => Promise<Result<T>>,
): Promise<Result<T>> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await inTransaction(kernel.db.pool, fn);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (!code || !RETRYABLE.has(code)) throw err;
      if (code === '23514' || attempt >= 3) return { ok: false, reason: 'taken' };
    }
  }
}

export interface Contact {
  name: string | null;
  email: string | null;
  phone: string | null;
}

export interface HoldInput {
  locationId: string;
  lines: ServiceLine[];
  startsAt: Date;
  audience: 'public' | 'staff';
  lang: 'de' | 'en';
}

export interface HoldResult {
  appointment: AppointmentRecord;
  token: string;
}

async function insertAppointment(
  c: pg.PoolClient,
  kernel: Kernel,
  v: {
    location: LocationRecord;
    resolved: ResolvedDemand;
    resource: string;
    startsAt: Date;
    endsAt: Date;
    slotCount: number;
    status: 'held' | 'booked' | 'unconfirmed';
    holdExpiresAt: Date | null;
    contact: Contact;
    accountId: string | null;
    bookedByStaff: string | null;
    lang: 'de' | 'en';
    confirmHash: string | null;
    nonce: string;
  },
): Promise<string> {
  const now = kernel.clock.now();
  const secret = kernel.config.secretKey;
  for (let attempt = 0; ; attempt++) {
    const code = newBookingCode();
    await c.query('savepoint code');
    try {
      const { rows } = await c.query<{ id: string }>(
        `insert into appointments.appointments
           (location_id, booking_code, status, resource, starts_at, ends_at, slot_count, units, hold_expires_at,
            name, email, phone, account_id, lang, anonymous, booked_by_staff, manage_nonce, manage_hash,
            confirm_hash, created_at, confirmed_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
         returning id`,
        [
          v.location.id,
          code,
          v.status,
          v.resource,
          v.startsAt,
          v.endsAt,
          v.slotCount,
          v.resolved.demand.units,
          v.holdExpiresAt,
          v.contact.name,
          v.contact.email,
          v.contact.phone,
          v.accountId,
          v.lang,
          v.resolved.anonymous,
          v.bookedByStaff,
          v.nonce,
          tokenHash(manageToken(secret, v.nonce)),
          v.confirmHash,
          now,
          v.status === 'booked' ? now : null,
        ],
      );
      const id = rows[0]!.id;
      for (const l of v.resolved.lines)
        await c.query(
          'insert into appointments.appointment_services (appointment_id, service_id, quantity) values ($1, $2, $3)',
          [id, l.service.id, l.quantity],
        );
      return id;
    } catch (err) {
      // A booking-code collision: try another code.
      if ((err as { code?: string }).code === '23505' && attempt < 5) {
        await c.query('rollback to savepoint code');
        continue;
      }
      throw err;
    }
  }
}

/** Places a hold on a time: the capacity is taken at once and released when the hold expires. */
export async function holdSlot(kernel: Kernel, input: HoldInput): Promise<Result<HoldResult>> {
  const cfg = readAppointmentsConfig(kernel.fullConfig);
  return bookOrHold(kernel, {
    ...input,
    status: 'held',
    holdMinutes: cfg.holdMinutes,
    contact: { name: null, email: null, phone: null },
    accountId: null,
    bookedByStaff: null,
  });
}

interface BookOrHoldInput extends HoldInput {
  status: 'held' | 'booked' | 'unconfirmed';
  holdMinutes: number | null;
  contact: Contact;
  accountId: string | null;
  bookedByStaff: string | null;
}

async function bookOrHold(
  kernel: Kernel,
  input: BookOrHoldInput,
): Promise<Result<HoldResult & { confirmToken: string | null }>> {
  if (!isUuid(input.locationId)) return { ok: false, reason: 'unknown_location' };
  const ctx = await loadLocationContext(kernel, input.locationId);
  if (!ctx) return { ok: false, reason: 'unknown_location' };
  if (!ctx.location.active && input.audience === 'public') return { ok: false, reason: 'not_active' };
  const resolved = resolveDemand(ctx.location, ctx.services, ctx.offers, input.lines);
  if (!resolved.ok) return resolved;
  const demand: Demand = { ...resolved.value.demand, audience: input.audience };
  const ledger = ledgerSlotsFor(ctx.window, demand, input.startsAt);
  if (!ledger) return { ok: false, reason: 'slot_not_offered' };
  const cfg = readAppointmentsConfig(kernel.fullConfig);
  const email = input.contact.email;
  const nonce = newNonce();
  const secret = kernel.config.secretKey;
  const cToken = input.status === 'unconfirmed' ? confirmToken(secret, nonce) : null;
  const res = await bookingTx<{ id: string }>(kernel, async (c, rollback) => {
    const now = kernel.clock.now();
    await releaseDue(c, ctx.location.id, now, ctx.location.slotMinutes);
    if (email && !allowListed(cfg.emailAllowList, email)) {
      await c.query('select pg_advisory_xact_lock(hashtext($1))', [`appointments:${email.toLowerCase()}`]);
      if ((await countActiveForEmail(c, email, now)) >= cfg.maxActivePerEmail)
        return rollback({ ok: false as const, reason: 'limit_reached' as const });
    }
    const taken = await takeCapacity(
      c,
      ctx.location.id,
      ledger.resource,
      ledger.slots,
      demand.units,
      input.audience,
    );
    if (!taken) return rollback({ ok: false as const, reason: 'taken' as const });
    const id = await insertAppointment(c, kernel, {
      location: ctx.location,
      resolved: resolved.value,
      resource: ledger.resource,
      startsAt: input.startsAt,
      endsAt: ledger.endsAt,
      slotCount: ledger.slots.length,
      status: input.status,
      holdExpiresAt: input.holdMinutes === null ? null : new Date(now.getTime() + input.holdMinutes * 60_000),
      contact: input.contact,
      accountId: input.accountId,
      bookedByStaff: input.bookedByStaff,
      lang: input.lang,
      confirmHash: cToken ? tokenHash(cToken) : null,
      nonce,
    });
    return { ok: true as const, id };
  });
  if (!res.ok) return res;
  const appointment = (await selectAppointmentById(kernel.db.pool, res.id))!;
  return { ok: true, appointment, token: manageToken(secret, nonce), confirmToken: cToken };
}

export function allowListed(list: string, email: string): boolean {
  const e = email.trim().toLowerCase();
  return list
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
    .some((entry) => (entry.startsWith('@') ? e.endsWith(entry) : e === entry));
}

export interface BookInput extends HoldInput {
  contact: Contact;
  accountId: string | null;
  bookedByStaff: string | null;
}

/** Needs confirmation by mail link: the office asks for it, the citizen is anonymous online. */
function needsConfirmation(
  location: LocationRecord,
  input: { accountId: string | null; bookedByStaff: string | null; contact: Contact },
) {
  return location.requiresConfirmation && !input.accountId && !input.bookedByStaff && !!input.contact.email;
}

function checkContact(
  resolved: ResolvedDemand,
  contact: Contact,
  audience: 'public' | 'staff',
): Contact | null {
  if (resolved.anonymous) return { name: null, email: null, phone: null };
  if (audience === 'staff') return contact.name ? contact : null;
  if (!contact.name || !contact.email) return null;
  return { name: contact.name, email: contact.email, phone: resolved.askPhone ? contact.phone : null };
}

/** Books in one step (JSON API, staff booking on behalf of a caller). */
export async function bookDirect(
  kernel: Kernel,
  input: BookInput,
): Promise<Result<HoldResult & { confirmToken: string | null }>> {
  const cfg = readAppointmentsConfig(kernel.fullConfig);
  const ctx = await loadLocationContext(kernel, input.locationId);
  if (!ctx) return { ok: false, reason: 'unknown_location' };
  const resolved = resolveDemand(ctx.location, ctx.services, ctx.offers, input.lines);
  if (!resolved.ok) return resolved;
  const contact = checkContact(resolved.value, input.contact, input.audience);
  if (!contact) return { ok: false, reason: 'contact_missing' };
  const confirm = needsConfirmation(ctx.location, input);
  const res = await bookOrHold(kernel, {
    ...input,
    contact,
    status: confirm ? 'unconfirmed' : 'booked',
    holdMinutes: confirm ? cfg.confirmMinutes : null,
  });
  if (res.ok) await afterBooked(kernel, ctx.location, res.appointment, res.token, res.confirmToken);
  return res;
}

/** Turns a hold into a booking with the citizen's contact data. */
export async function completeHold(
  kernel: Kernel,
  token: string,
  input: { contact: Contact; accountId: string | null; lang: 'de' | 'en' },
): Promise<Result<HoldResult & { confirmToken: string | null }>> {
  if (!isTokenShape(token)) return { ok: false, reason: 'not_found' };
  const cfg = readAppointmentsConfig(kernel.fullConfig);
  const secret = kernel.config.secretKey;
  const hash = tokenHash(token);
  const pre = await selectAppointmentByManageHash(kernel.db.pool, hash);
  if (!pre) return { ok: false, reason: 'not_found' };
  const ctx = await loadLocationContext(kernel, pre.locationId);
  if (!ctx) return { ok: false, reason: 'not_found' };
  const resolved = resolveDemand(
    ctx.location,
    ctx.services,
    ctx.offers,
    pre.services.map((s) => ({ serviceId: s.serviceId, quantity: s.quantity })),
  );
  if (!resolved.ok) return resolved;
  const contact = checkContact(resolved.value, input.contact, 'public');
  if (!contact) return { ok: false, reason: 'contact_missing' };
  const confirm = needsConfirmation(ctx.location, { ...input, bookedByStaff: null, contact });
  const res = await bookingTx<{ confirmToken: string | null }>(kernel, async (c, rollback) => {
    const now = kernel.clock.now();
    const a = await selectAppointmentByManageHash(c, hash, true);
    if (!a || a.status !== 'held') return rollback({ ok: false as const, reason: 'hold_expired' as const });
    if (!a.holdExpiresAt || a.holdExpiresAt <= now || !a.holdsCapacity)
      return rollback({ ok: false as const, reason: 'hold_expired' as const });
    if (contact.email && !allowListed(cfg.emailAllowList, contact.email)) {
      await c.query('select pg_advisory_xact_lock(hashtext($1))', [
        `appointments:${contact.email.toLowerCase()}`,
      ]);
      if ((await countActiveForEmail(c, contact.email, now)) >= cfg.maxActivePerEmail)
        return rollback({ ok: false as const, reason: 'limit_reached' as const });
    }
    const cToken = confirm ? confirmToken(secret, a.manageNonce) : null;
    await c.query(
      `update appointments.appointments
          set status = $2, name = $3, email = $4, phone = $5, account_id = $6, lang = $7,
              hold_expires_at = $8, confirm_hash = $9, confirmed_at = $10
        where id = $1`,
      [
        a.id,
        confirm ? 'unconfirmed' : 'booked',
        contact.name,
        contact.email,
        contact.phone,
        input.accountId,
        input.lang,
        confirm ? new Date(now.getTime() + cfg.confirmMinutes * 60_000) : null,
        cToken ? tokenHash(cToken) : null,
        confirm ? null : now,
      ],
    );
    return { ok: true as const, confirmToken: cToken };
  });
  if (!res.ok) return res;
  const appointment = (await selectAppointmentById(kernel.db.pool, pre.id))!;
  await afterBooked(kernel, ctx.location, appointment, token, res.confirmToken);
  return { ok: true, appointment, token, confirmToken: res.confirmToken };
}

/** Mails after commit: the confirmation request or the confirmation itself. */
async function afterBooked(
  kernel: Kernel,
  location: LocationRecord,
  a: AppointmentRecord,
  token: string,
  cToken: string | null,
): Promise<void> {
  if (!a.email) return;
  const { sendAppointmentMail } = await import('./mails.ts');
  await sendAppointmentMail(
    kernel,
    a.status === 'unconfirmed' ? 'confirmRequest' : 'booked',
    location,
    a,
    token,
    cToken,
  );
}

/** Confirms a booking by the mail link (before it expired). */
export async function confirmBooking(
  kernel: Kernel,
  cToken: string,
): Promise<Result<{ appointment: AppointmentRecord; token: string }>> {
  if (!isTokenShape(cToken)) return { ok: false, reason: 'not_found' };
  const res = await inTransaction(kernel.db.pool, async (c) => {
    const now = kernel.clock.now();
    const a = await selectAppointmentByConfirmHash(c, tokenHash(cToken));
    if (!a) return { ok: false as const, reason: 'not_found' as const };
    if (a.status === 'booked') return { ok: true as const, id: a.id, fresh: false };
    if (a.status !== 'unconfirmed' || !a.holdsCapacity || !a.holdExpiresAt || a.holdExpiresAt <= now)
      return { ok: false as const, reason: 'hold_expired' as const };
    await c.query(
      `update appointments.appointments set status = 'booked', hold_expires_at = null, confirmed_at = $2 where id = $1`,
      [a.id, now],
    );
    return { ok: true as const, id: a.id, fresh: true };
  });
  if (!res.ok) return res;
  const appointment = (await selectAppointmentById(kernel.db.pool, res.id))!;
  const token = manageToken(kernel.config.secretKey, appointment.manageNonce);
  if (res.fresh) {
    const location = (await selectLocationById(kernel.db.pool, appointment.locationId))!;
    await afterBooked(kernel, location, appointment, token, null);
  }
  return { ok: true, appointment, token };
}

/** The appointment of a manage link (any status), or null. */
export async function findByManageToken(kernel: Kernel, token: string): Promise<AppointmentRecord | null> {
  if (!isTokenShape(token)) return null;
  return selectAppointmentByManageHash(kernel.db.pool, tokenHash(token));
}

const ACTIVE = new Set(['held', 'unconfirmed', 'booked']);

/**
 * Cancels an appointment (citizen by link or staff). Its capacity stays taken for the release
 * delay, so a cancelled slot cannot be handed over directly to someone else.
 */
export async function cancelAppointment(
  kernel: Kernel,
  by: { token: string } | { appointmentId: string; staffId: string },
  opts: { mail?: boolean } = {},
): Promise<Result<{ appointment: AppointmentRecord }>> {
  const cfg = readAppointmentsConfig(kernel.fullConfig);
  const res = await inTransaction(kernel.db.pool, async (c) => {
    const now = kernel.clock.now();
    const a =
      'token' in by
        ? isTokenShape(by.token)
          ? await selectAppointmentByManageHash(c, tokenHash(by.token), true)
          : null
        : isUuid(by.appointmentId)
          ? await selectAppointmentById(c, by.appointmentId, true)
          : null;
    if (!a) return { ok: false as const, reason: 'not_found' as const };
    if (!ACTIVE.has(a.status)) return { ok: false as const, reason: 'not_active' as const };
    if ('token' in by && a.startsAt <= now) return { ok: false as const, reason: 'too_late' as const };
    // A hold or unconfirmed booking never reached anyone: released at once.
    const delay = a.status === 'booked' ? cfg.releaseDelayMinutes : 0;
    await c.query(
      `update appointments.appointments set status = 'cancelled', ics_sequence = ics_sequence + 1, cancelled_at = $2, release_at = $3, hold_expires_at = null
        where id = $1`,
      [a.id, now, new Date(now.getTime() + delay * 60_000)],
    );
    if (delay === 0 && a.holdsCapacity) {
      const loc = (await selectLocationById(c, a.locationId))!;
      await c.query('update appointments.appointments set holds_capacity = false where id = $1', [a.id]);
      await giveBackCapacity(
        c,
        a.locationId,
        ledgerEntries(
          [{ resource: a.resource, starts_at: a.startsAt, slot_count: a.slotCount, units: a.units }],
          loc.slotMinutes,
        ),
      );
    }
    if ('staffId' in by)
      await kernel.audit.record(
        {
          actorId: by.staffId,
          action: 'appointments.cancelled',
          objectType: 'appointment',
          objectId: a.id,
          before: { status: a.status },
        },
        c,
      );
    return { ok: true as const, wasBooked: a.status === 'booked' };
  });
  if (!res.ok) return res;
  const appointment = (await findAfter(kernel, by))!;
  if (res.wasBooked && appointment.email && opts.mail !== false) {
    const location = (await selectLocationById(kernel.db.pool, appointment.locationId))!;
    const { sendAppointmentMail } = await import('./mails.ts');
    await sendAppointmentMail(
      kernel,
      'cancelled',
      location,
      appointment,
      manageToken(kernel.config.secretKey, appointment.manageNonce),
      null,
    );
  }
  return { ok: true, appointment };
}

async function findAfter(kernel: Kernel, by: { token: string } | { appointmentId: string }) {
  return 'token' in by
    ? findByManageToken(kernel, by.token)
    : selectAppointmentById(kernel.db.pool, by.appointmentId);
}

/**
 * Moves an appointment to another time at the same office: the new time is booked first, then
 * the old one is cancelled (its capacity freed after the release delay), in one transaction.
 */
export async function rescheduleAppointment(
  kernel: Kernel,
  token: string,
  startsAt: Date,
): Promise<Result<{ appointment: AppointmentRecord; token: string }>> {
  const old = await findByManageToken(kernel, token);
  if (!old) return { ok: false, reason: 'not_found' };
  if (old.status !== 'booked') return { ok: false, reason: 'not_active' };
  const now = kernel.clock.now();
  if (old.startsAt <= now) return { ok: false, reason: 'too_late' };
  const ctx = await loadLocationContext(kernel, old.locationId);
  if (!ctx) return { ok: false, reason: 'not_found' };
  const resolved = resolveDemand(
    ctx.location,
    ctx.services,
    ctx.offers,
    old.services.map((s) => ({ serviceId: s.serviceId, quantity: s.quantity })),
  );
  if (!resolved.ok) return resolved;
  const demand: Demand = { ...resolved.value.demand, audience: 'public' };
  const ledger = ledgerSlotsFor(ctx.window, demand, startsAt);
  if (!ledger) return { ok: false, reason: 'slot_not_offered' };
  const cfg = readAppointmentsConfig(kernel.fullConfig);
  const res = await bookingTx<{ id: string }>(kernel, async (c, rollback) => {
    const t = kernel.clock.now();
    const a = await selectAppointmentByManageHash(c, tokenHash(token), true);
    if (!a || a.status !== 'booked') return rollback({ ok: false as const, reason: 'not_active' as const });
    if (a.startsAt <= t) return rollback({ ok: false as const, reason: 'too_late' as const });
    await releaseDue(c, ctx.location.id, t, ctx.location.slotMinutes);
    if (!(await takeCapacity(c, ctx.location.id, ledger.resource, ledger.slots, demand.units, 'public')))
      return rollback({ ok: false as const, reason: 'taken' as const });
    // The old appointment row keeps its identity (and link); a shadow row keeps the old
    // capacity until the release delay is over.
    const nonce = newNonce();
    await c.query(
      `insert into appointments.appointments
         (location_id, booking_code, status, resource, starts_at, ends_at, slot_count, units, holds_capacity,
          release_at, lang, anonymous, manage_nonce, manage_hash, created_at, cancelled_at)
       values ($1, $2, 'cancelled', $3, $4, $5, $6, $7, true, $8, $9, true, $10, $11, $12, $12)`,
      [
        a.locationId,
        newBookingCode(),
        a.resource,
        a.startsAt,
        a.endsAt,
        a.slotCount,
        a.units,
        new Date(t.getTime() + cfg.releaseDelayMinutes * 60_000),
        a.lang,
        nonce,
        tokenHash(manageToken(kernel.config.secretKey, nonce)),
        t,
      ],
    );
    await c.query(
      `update appointments.appointments
          set resource = $2, starts_at = $3, ends_at = $4, slot_count = $5, reminder_sent_at = null,
              ics_sequence = ics_sequence + 1
        where id = $1`,
      [a.id, ledger.resource, startsAt, ledger.endsAt, ledger.slots.length],
    );
    return { ok: true as const, id: a.id };
  });
  if (!res.ok) return res;
  const appointment = (await selectAppointmentById(kernel.db.pool, res.id))!;
  if (appointment.email) {
    const { sendAppointmentMail } = await import('./mails.ts');
    await sendAppointmentMail(kernel, 'rescheduled', ctx.location, appointment, token, null);
  }
  return { ok: true, appointment, token };
}

/** Staff: arrived / no-show / done. */
export async function setAttendance(
  kernel: Kernel,
  appointmentId: string,
  status: 'arrived' | 'no_show' | 'done' | 'booked',
  actorId: string | null,
): Promise<Result<{ appointment: AppointmentRecord }>> {
  if (!isUuid(appointmentId)) return { ok: false, reason: 'not_found' };
  const res = await inTransaction(kernel.db.pool, async (c) => {
    const a = await selectAppointmentById(c, appointmentId, true);
    if (!a) return { ok: false as const, reason: 'not_found' as const };
    if (!['booked', 'arrived', 'no_show', 'done'].includes(a.status))
      return { ok: false as const, reason: 'not_active' as const };
    if (a.status === status) return { ok: true as const };
    await c.query(
      `update appointments.appointments set status = $2, arrived_at = case when $2 = 'arrived' then $3 else arrived_at end where id = $1`,
      [a.id, status, kernel.clock.now()],
    );
    await kernel.audit.record(
      {
        actorId,
        action: `appointments.${status}`,
        objectType: 'appointment',
        objectId: a.id,
        before: { status: a.status },
        after: { status },
      },
      c,
    );
    return { ok: true as const };
  });
  if (!res.ok) return res;
  return { ok: true, appointment: (await selectAppointmentById(kernel.db.pool, appointmentId))! };
}
