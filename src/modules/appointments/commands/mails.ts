import type { Kernel } from '../../../kernel/kernel.ts';
import type { AppointmentRecord } from '../db/appointments.queries.ts';
import type { LocationRecord } from '../db/queries.ts';
import { appointmentIcs, type IcsMethod } from '../ics.ts';
import { fullDateTime } from '../presenters/format.ts';
import { formatBookingCode } from '../tokens.ts';

export type MailKind =
  'booked' | 'confirmRequest' | 'cancelled' | 'rescheduled' | 'reminder' | 'capacityChanged';

/** Mails that carry the calendar file, and its iTIP method. */
const ICS_METHOD: Partial<Record<MailKind, IcsMethod>> = {
  booked: 'PUBLISH',
  rescheduled: 'PUBLISH',
  cancelled: 'CANCEL',
};

export function manageUrl(kernel: Kernel, token: string): string {
  return `${kernel.config.baseUrl}/termine/verwalten/${token}`;
}

export function checkInUrl(kernel: Kernel, locationSlug: string, code: string): string {
  return `${kernel.config.baseUrl}/wartezeiten/${locationSlug}/einchecken?code=${code}`;
}

/** Sends one of the appointment mails in the citizen's language (after the commit). */
export async function sendAppointmentMail(
  kernel: Kernel,
  kind: MailKind,
  location: LocationRecord,
  a: AppointmentRecord,
  token: string,
  cToken: string | null,
): Promise<void> {
  if (!a.email) return;
  const lang = a.lang;
  const services = a.services
    .map((s) => `${s.quantity} × ${lang === 'en' && s.nameEn ? s.nameEn : s.name}`)
    .join(', ');
  const address = [location.street, [location.postalCode, location.city].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
  const method = ICS_METHOD[kind];
  const attachments = method
    ? [
        {
          filename: 'termin.ics',
          contentType: `text/calendar; charset=utf-8; method=${method}`,
          content: appointmentIcs(kernel, location, a, manageUrl(kernel, token), method),
        },
      ]
    : [];
  try {
    await kernel.mail.sendTemplate(
      a.email,
      `appointments.${kind}`,
      lang,
      {
        name: a.name ?? '',
        code: formatBookingCode(a.bookingCode),
        when: fullDateTime(lang, a.startsAt),
        location: location.name,
        address,
        services,
        manageUrl: manageUrl(kernel, token),
        icsUrl: `${manageUrl(kernel, token)}/termin.ics`,
        confirmUrl: cToken ? `${kernel.config.baseUrl}/termine/bestaetigen/${cToken}` : '',
        checkInUrl: checkInUrl(kernel, location.slug, a.bookingCode),
      },
      { attachments },
    );
  } catch (err) {
    kernel.log.error({ err, appointmentId: a.id, kind }, 'appointment mail could not be queued');
  }
}
