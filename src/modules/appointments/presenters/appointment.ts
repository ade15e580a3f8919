import type { Lang } from '../../../kernel/i18n/index.ts';
import type { AppointmentRecord, AppointmentStatus } from '../db/appointments.queries.ts';
import type { LocationRecord, ServiceRecord } from '../db/queries.ts';
import { formatBookingCode } from '../tokens.ts';
import { clockTime, fullDate, fullDateTime } from './format.ts';

export interface AddressView {
  name: string;
  street: string | null;
  cityLine: string;
}

export function presentAddress(l: LocationRecord): AddressView {
  return { name: l.name, street: l.street, cityLine: [l.postalCode, l.city].filter(Boolean).join(' ') };
}

export interface AppointmentView {
  id: string;
  code: string;
  status: AppointmentStatus;
  when: string;
  date: string;
  time: string;
  endTime: string;
  startsAtIso: string;
  services: { name: string; quantity: number }[];
  name: string | null;
  email: string | null;
  phone: string | null;
  anonymous: boolean;
  holdExpiresTime: string | null;
}

export function serviceName(lang: Lang, s: { name: string; nameEn: string | null }): string {
  return lang === 'en' && s.nameEn ? s.nameEn : s.name;
}

export function presentAppointment(lang: Lang, a: AppointmentRecord): AppointmentView {
  return {
    id: a.id,
    code: formatBookingCode(a.bookingCode),
    status: a.status,
    when: fullDateTime(lang, a.startsAt),
    date: fullDate(lang, a.startsAt),
    time: clockTime(lang, a.startsAt),
    endTime: clockTime(lang, a.endsAt),
    startsAtIso: a.startsAt.toISOString(),
    services: a.services.map((s) => ({ name: serviceName(lang, s), quantity: s.quantity })),
    name: a.name,
    email: a.email,
    phone: a.phone,
    anonymous: a.anonymous,
    holdExpiresTime: a.holdExpiresAt ? clockTime(lang, a.holdExpiresAt) : null,
  };
}

export interface ServiceView {
  id: string;
  key: string;
  name: string;
  description: string | null;
  anonymous: boolean;
  groupSession: boolean;
}

export function presentService(lang: Lang, s: ServiceRecord): ServiceView {
  return {
    id: s.id,
    key: s.key,
    name: serviceName(lang, s),
    description: s.description,
    anonymous: s.anonymous,
    groupSession: s.groupSession,
  };
}
