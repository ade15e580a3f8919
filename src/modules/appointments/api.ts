import type { Kernel } from '../../kernel/kernel.ts';
import {
  selectAppointmentByCode,
  selectAppointmentById,
  selectAppointmentsBetween,
  type AppointmentRecord,
} from './db/appointments.queries.ts';
import { isUuid, selectLocationBySlug, selectLocations, type LocationRecord } from './db/queries.ts';
import { setAttendance } from './commands/booking.ts';
import { normaliseBookingCode } from './tokens.ts';

/** Public API for other modules (re-exported by index.ts). */

export interface LocationRef {
  id: string;
  slug: string;
  tenantId: string;
  orgUnitId: string | null;
  name: string;
  address: { street: string | null; postalCode: string | null; city: string | null };
}

export interface CheckInAppointment {
  id: string;
  bookingCode: string;
  locationId: string;
  startsAt: Date;
  endsAt: Date;
  services: { key: string; name: string; quantity: number }[];
  displayName: string | null;
  status: 'booked' | 'arrived' | 'no_show' | 'cancelled' | 'done';
}

function toRef(l: LocationRecord): LocationRef {
  return {
    id: l.id,
    slug: l.slug,
    tenantId: l.tenantId,
    orgUnitId: l.orgUnitId,
    name: l.name,
    address: { street: l.street, postalCode: l.postalCode, city: l.city },
  };
}

const CHECK_IN_STATUSES = new Set(['booked', 'arrived', 'no_show', 'cancelled', 'done']);

function toCheckIn(a: AppointmentRecord): CheckInAppointment {
  return {
    id: a.id,
    bookingCode: a.bookingCode,
    locationId: a.locationId,
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    services: a.services.map((s) => ({ key: s.key, name: s.name, quantity: s.quantity })),
    displayName: a.name,
    status: a.status as CheckInAppointment['status'],
  };
}

export async function listLocations(kernel: Kernel): Promise<LocationRef[]> {
  return (await selectLocations(kernel.db.pool, { activeOnly: true })).map(toRef);
}

export async function findLocationBySlug(kernel: Kernel, slug: string): Promise<LocationRef | null> {
  if (!/^[a-z0-9][a-z0-9-]{0,99}$/.test(slug)) return null;
  const l = await selectLocationBySlug(kernel.db.pool, slug);
  return l ? toRef(l) : null;
}

/**
 * Appointment at this location by its booking code (case-insensitive, dash and spaces ignored),
 * or null. Returns confirmed appointments — booked, arrived, no-show, done — and cancelled ones
 * (so the caller can say so); holds and unconfirmed bookings are never found.
 */
export async function findAppointmentForCheckIn(
  kernel: Kernel,
  locationId: string,
  bookingCode: string,
): Promise<CheckInAppointment | null> {
  const code = normaliseBookingCode(bookingCode);
  if (!code || !isUuid(locationId)) return null;
  const a = await selectAppointmentByCode(kernel.db.pool, locationId, code);
  return a && CHECK_IN_STATUSES.has(a.status) ? toCheckIn(a) : null;
}

/** Confirmed appointments (booked, arrived, no-show, done) of a location starting in [from, to), by start. */
export async function appointmentsBetween(
  kernel: Kernel,
  locationId: string,
  from: Date,
  to: Date,
): Promise<CheckInAppointment[]> {
  if (!isUuid(locationId)) return [];
  const rows = await selectAppointmentsBetween(kernel.db.pool, locationId, from, to, [
    'booked',
    'arrived',
    'no_show',
    'done',
  ]);
  return rows.map(toCheckIn);
}

/** Marks a booked (or no-show) appointment as arrived; idempotent; unknown ids are ignored. */
export async function markArrived(kernel: Kernel, appointmentId: string): Promise<void> {
  if (!isUuid(appointmentId)) return;
  const a = await selectAppointmentById(kernel.db.pool, appointmentId);
  if (!a || !['booked', 'no_show'].includes(a.status)) return;
  await setAttendance(kernel, appointmentId, 'arrived', null);
}
