import type { Kernel } from '../../kernel/kernel.ts';
import type { AppointmentRecord } from './db/appointments.queries.ts';
import type { LocationRecord } from './db/queries.ts';
import { formatBookingCode } from './tokens.ts';

/**
 * iCalendar (RFC 5545) output: CRLF line ends, lines folded at 75 octets (never inside a UTF-8
 * sequence), TEXT values escaped, times in UTC (no VTIMEZONE needed), UID and DTSTAMP on every
 * event.
 */

export function escapeText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds one content line: at most 75 octets per physical line, continuation lines start with a space. */
export function foldLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let start = 0;
  let limit = 75;
  while (start < bytes.length) {
    let end = Math.min(start + limit, bytes.length);
    // Step back to a character boundary (continuation bytes are 10xxxxxx).
    while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end--;
    parts.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
    limit = 74; // the leading space counts
  }
  return parts.join('\r\n ');
}

export function icsDate(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export interface IcsEvent {
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  location?: string;
  description?: string;
  url?: string;
  status?: 'CONFIRMED' | 'CANCELLED' | 'TENTATIVE';
  sequence?: number;
  /** Content lines as they are, e.g. ORGANIZER and ATTENDEE (an iTIP CANCEL needs both). */
  extra?: string[];
}

export type IcsMethod = 'PUBLISH' | 'CANCEL';

export function calendar(
  events: IcsEvent[],
  now: Date,
  opts: { name?: string; method?: IcsMethod } = {},
): string {
  const { name, method = 'PUBLISH' } = opts;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//OpenKreis//Termine//DE',
    'CALSCALE:GREGORIAN',
    `METHOD:${method}`,
  ];
  if (name) lines.push(`X-WR-CALNAME:${escapeText(name)}`);
  for (const e of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${icsDate(now)}`,
      `DTSTART:${icsDate(e.start)}`,
      `DTEND:${icsDate(e.end)}`,
      `SUMMARY:${escapeText(e.summary)}`,
    );
    if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
    if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
    if (e.url) lines.push(`URL:${e.url}`);
    if (e.status) lines.push(`STATUS:${e.status}`);
    if (e.sequence !== undefined) lines.push(`SEQUENCE:${e.sequence}`);
    if (e.extra) lines.push(...e.extra);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

function host(kernel: Kernel): string {
  try {
    return new URL(kernel.config.baseUrl).hostname;
  } catch {
    return 'openkreis.localhost';
  }
}

export function locationLine(l: LocationRecord): string {
  return [l.name, l.street, [l.postalCode, l.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

/** A parameter value in double quotes (RFC 5545 3.2: no DQUOTE or control characters inside). */
function quoteParam(s: string): string {
  return `"${s.replace(/["\u0000-\u001f\u007f]/g, '')}"`;
}

/** The sender address of MAIL_FROM ("Name <addr>" or a bare address). */
function senderAddress(mailFrom: string): string {
  return (/<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom).trim();
}

/**
 * The citizen's calendar file for one appointment. The UID stays the same for the life of the
 * appointment (a reschedule keeps the row); SEQUENCE rises with every reschedule and the
 * cancellation. `method: 'CANCEL'` is the file of the cancellation mail, which removes the entry
 * from the citizen's calendar (iTIP, RFC 5546: ORGANIZER and ATTENDEE are required there).
 */
export function appointmentIcs(
  kernel: Kernel,
  l: LocationRecord,
  a: AppointmentRecord,
  manageUrl: string,
  method: IcsMethod = 'PUBLISH',
): string {
  const services = a.services.map((s) => `${s.quantity} × ${s.name}`).join(', ');
  const extra = [`ORGANIZER;CN=${quoteParam(l.name)}:mailto:${senderAddress(kernel.config.mailFrom)}`];
  if (method === 'CANCEL' && a.email)
    extra.push(`ATTENDEE;CN=${quoteParam(a.name ?? a.email)}:mailto:${a.email}`);
  return calendar(
    [
      {
        uid: `${a.id}@${host(kernel)}`,
        start: a.startsAt,
        end: a.endsAt,
        summary: `Termin: ${l.name}`,
        location: locationLine(l),
        description: `Buchungscode: ${formatBookingCode(a.bookingCode)}\nLeistungen: ${services}\nVerschieben oder absagen: ${manageUrl}`,
        url: manageUrl,
        status:
          method === 'CANCEL' || a.status === 'cancelled'
            ? 'CANCELLED'
            : a.status === 'unconfirmed'
              ? 'TENTATIVE'
              : 'CONFIRMED',
        sequence: a.icsSequence,
        extra,
      },
    ],
    kernel.clock.now(),
    { method },
  );
}

/** The staff feed of a location: booked appointments with code and services (no e-mail). */
export function locationFeed(kernel: Kernel, l: LocationRecord, appointments: AppointmentRecord[]): string {
  return calendar(
    appointments.map((a) => ({
      uid: `${a.id}@${host(kernel)}`,
      start: a.startsAt,
      end: a.endsAt,
      summary: `${formatBookingCode(a.bookingCode)} ${a.services.map((s) => `${s.quantity}× ${s.name}`).join(', ')}`,
      location: l.name,
      description: a.anonymous ? 'Anonymer Termin' : [a.name, a.phone].filter(Boolean).join('\n'),
      status: a.status === 'cancelled' ? ('CANCELLED' as const) : ('CONFIRMED' as const),
    })),
    kernel.clock.now(),
    { name: l.name },
  );
}
