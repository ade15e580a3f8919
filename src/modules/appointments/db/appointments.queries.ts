import type { Queryable } from './queries.ts';

export type AppointmentStatus =
  'held' | 'unconfirmed' | 'booked' | 'arrived' | 'no_show' | 'cancelled' | 'done' | 'expired';

export interface AppointmentRecord {
  id: string;
  locationId: string;
  bookingCode: string;
  status: AppointmentStatus;
  resource: string;
  startsAt: Date;
  endsAt: Date;
  slotCount: number;
  units: number;
  holdsCapacity: boolean;
  holdExpiresAt: Date | null;
  releaseAt: Date | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  accountId: string | null;
  lang: 'de' | 'en';
  anonymous: boolean;
  bookedByStaff: string | null;
  manageNonce: string;
  reminderSentAt: Date | null;
  createdAt: Date;
  confirmedAt: Date | null;
  cancelledAt: Date | null;
  arrivedAt: Date | null;
  /** RFC 5545 SEQUENCE of the citizen's calendar entry (raised on reschedule and cancel). */
  icsSequence: number;
  services: { serviceId: string; key: string; name: string; nameEn: string | null; quantity: number }[];
}

interface Row {
  id: string;
  location_id: string;
  booking_code: string;
  status: AppointmentStatus;
  resource: string;
  starts_at: Date;
  ends_at: Date;
  slot_count: number;
  units: number;
  holds_capacity: boolean;
  hold_expires_at: Date | null;
  release_at: Date | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  account_id: string | null;
  lang: 'de' | 'en';
  anonymous: boolean;
  booked_by_staff: string | null;
  manage_nonce: string;
  reminder_sent_at: Date | null;
  created_at: Date;
  confirmed_at: Date | null;
  cancelled_at: Date | null;
  arrived_at: Date | null;
  ics_sequence: number;
  services:
    { serviceId: string; key: string; name: string; nameEn: string | null; quantity: number }[] | null;
}

const SELECT = `
  select a.*,
    (select json_agg(json_build_object('serviceId', s.id, 'key', s.key, 'name', s.name, 'nameEn', s.name_en,
                                       'quantity', x.quantity) order by s.sort, s.name)
       from appointments.appointment_services x join appointments.services s on s.id = x.service_id
      where x.appointment_id = a.id) as services
  from appointments.appointments a`;

function toRecord(r: Row): AppointmentRecord {
  return {
    id: r.id,
    locationId: r.location_id,
    bookingCode: r.booking_code,
    status: r.status,
    resource: r.resource,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    slotCount: r.slot_count,
    units: r.units,
    holdsCapacity: r.holds_capacity,
    holdExpiresAt: r.hold_expires_at,
    releaseAt: r.release_at,
    name: r.name,
    email: r.email,
    phone: r.phone,
    accountId: r.account_id,
    lang: r.lang,
    anonymous: r.anonymous,
    bookedByStaff: r.booked_by_staff,
    manageNonce: r.manage_nonce,
    reminderSentAt: r.reminder_sent_at,
    createdAt: r.created_at,
    confirmedAt: r.confirmed_at,
    cancelledAt: r.cancelled_at,
    arrivedAt: r.arrived_at,
    icsSequence: r.ics_sequence,
    services: r.services ?? [],
  };
}

export async function selectAppointmentById(
  db: Queryable,
  id: string,
  forUpdate = false,
): Promise<AppointmentRecord | null> {
  const { rows } = await db.query<Row>(`${SELECT} where a.id = $1 ${forUpdate ? 'for update of a' : ''}`, [
    id,
  ]);
  return rows[0] ? toRecord(rows[0]) : null;
}

export async function selectAppointmentByManageHash(
  db: Queryable,
  hash: string,
  forUpdate = false,
): Promise<AppointmentRecord | null> {
  const { rows } = await db.query<Row>(
    `${SELECT} where a.manage_hash = $1 ${forUpdate ? 'for update of a' : ''}`,
    [hash],
  );
  return rows[0] ? toRecord(rows[0]) : null;
}

export async function selectAppointmentByConfirmHash(
  db: Queryable,
  hash: string,
): Promise<AppointmentRecord | null> {
  const { rows } = await db.query<Row>(`${SELECT} where a.confirm_hash = $1 for update of a`, [hash]);
  return rows[0] ? toRecord(rows[0]) : null;
}

export async function selectAppointmentByCode(
  db: Queryable,
  locationId: string,
  code: string,
): Promise<AppointmentRecord | null> {
  const { rows } = await db.query<Row>(`${SELECT} where a.location_id = $1 and a.booking_code = $2`, [
    locationId,
    code,
  ]);
  return rows[0] ? toRecord(rows[0]) : null;
}

export async function selectAppointmentsBetween(
  db: Queryable,
  locationId: string,
  from: Date,
  to: Date,
  statuses: AppointmentStatus[],
): Promise<AppointmentRecord[]> {
  const { rows } = await db.query<Row>(
    `${SELECT} where a.location_id = $1 and a.starts_at >= $2 and a.starts_at < $3 and a.status = any($4)
      order by a.starts_at, a.created_at`,
    [locationId, from, to, statuses],
  );
  return rows.map(toRecord);
}

export async function selectAppointmentsOfAccount(
  db: Queryable,
  accountId: string,
): Promise<AppointmentRecord[]> {
  const { rows } = await db.query<Row>(
    `${SELECT} where a.account_id = $1 and a.status not in ('held', 'expired') order by a.starts_at desc`,
    [accountId],
  );
  return rows.map(toRecord);
}

export async function countActiveForEmail(db: Queryable, email: string, now: Date): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from appointments.appointments
      where lower(email) = lower($1) and status in ('booked', 'unconfirmed') and starts_at > $2`,
    [email, now],
  );
  return rows[0]!.n;
}

export async function selectDueReminders(
  db: Queryable,
  now: Date,
  until: Date,
): Promise<AppointmentRecord[]> {
  const { rows } = await db.query<Row>(
    `${SELECT} where a.status = 'booked' and a.reminder_sent_at is null and a.email is not null
        and a.starts_at > $1 and a.starts_at <= $2 order by a.starts_at limit 500`,
    [now, until],
  );
  return rows.map(toRecord);
}
