import type { Static } from 'typebox';
import { int, str, slice } from '../../kernel/config/define.ts';

/** The appointments module's slice of the configuration (kernel.fullConfig.appointments). */
export const appointmentsConfig = slice({
  holdMinutes: int({
    env: 'APPOINTMENTS_HOLD_MINUTES',
    default: 10,
    minimum: 1,
    maximum: 120,
    description: 'A time chosen in the booking form is held this many minutes, then released.',
  }),
  confirmMinutes: int({
    env: 'APPOINTMENTS_CONFIRM_MINUTES',
    default: 60,
    minimum: 5,
    maximum: 2880,
    description:
      'At locations that require confirmation by e-mail link, an unconfirmed booking is released after this many minutes.',
  }),
  releaseDelayMinutes: int({
    env: 'APPOINTMENTS_RELEASE_DELAY_MINUTES',
    default: 30,
    minimum: 0,
    maximum: 10_080,
    description:
      'A cancelled appointment becomes bookable again only after this many minutes (against appointment trading).',
  }),
  maxActivePerEmail: int({
    env: 'APPOINTMENTS_MAX_ACTIVE_PER_EMAIL',
    default: 3,
    minimum: 1,
    maximum: 100,
    description: 'Most upcoming appointments one e-mail address may hold at the same time.',
  }),
  emailAllowList: str({
    env: 'APPOINTMENTS_EMAIL_ALLOW_LIST',
    default: '',
    description:
      'Comma-separated e-mail addresses or @domains exempt from the per-address maximum (e.g. driving schools, car dealers).',
  }),
  reminderHours: int({
    env: 'APPOINTMENTS_REMINDER_HOURS',
    default: 24,
    minimum: 1,
    maximum: 168,
    description: 'The reminder mail goes out this many hours before the appointment.',
  }),
  bookingsPerHourPerIp: int({
    env: 'APPOINTMENTS_BOOKINGS_PER_HOUR_PER_IP',
    default: 20,
    minimum: 1,
    maximum: 100_000,
    description: 'Most booking attempts (holds) per client IP address per hour.',
  }),
  altchaMaxNumber: int({
    env: 'APPOINTMENTS_ALTCHA_MAX_NUMBER',
    default: 50_000,
    minimum: 100,
    maximum: 10_000_000,
    description:
      'ALTCHA proof-of-work difficulty: the secret counter is drawn from [0, n); a browser needs about n/2 SHA-256 hashes (≈ 1 s at 50 000).',
  }),
  calendarDays: int({
    env: 'APPOINTMENTS_CALENDAR_DAYS',
    default: 60,
    minimum: 7,
    maximum: 366,
    description:
      'How many days the citizen calendar shows at most (capped by each location’s booking window).',
  }),
});

export type AppointmentsConfig = Static<typeof appointmentsConfig>;

export function readAppointmentsConfig(fullConfig: Record<string, unknown>): AppointmentsConfig {
  const c = fullConfig.appointments as Partial<AppointmentsConfig> | undefined;
  return {
    holdMinutes: 10,
    confirmMinutes: 60,
    releaseDelayMinutes: 30,
    maxActivePerEmail: 3,
    emailAllowList: '',
    reminderHours: 24,
    bookingsPerHourPerIp: 20,
    calendarDays: 60,
    altchaMaxNumber: 50_000,
    ...c,
  };
}
