import type { Static } from 'typebox';
import { bool, int, slice } from '../../kernel/config/define.ts';

/** The queue's slice of the configuration (read as kernel.fullConfig.queue). */
export const queueConfig = slice({
  estimateWindowMinutes: int({
    env: 'QUEUE_ESTIMATE_WINDOW_MINUTES',
    default: 120,
    minimum: 10,
    maximum: 1440,
    description:
      'Waiting-time estimate: handling times of customers finished within this many minutes are used.',
  }),
  estimateMinSamples: int({
    env: 'QUEUE_ESTIMATE_MIN_SAMPLES',
    default: 5,
    minimum: 1,
    description:
      'Waiting-time estimate: with fewer recent handling times than this, the service group default duration is used.',
  }),
  appointmentDueMinutes: int({
    env: 'QUEUE_APPOINTMENT_DUE_MINUTES',
    default: 5,
    minimum: 0,
    maximum: 120,
    description:
      'A checked-in appointment holder is called before walk-in customers from this many minutes before the appointment time.',
  }),
  checkInEarlyMinutes: int({
    env: 'QUEUE_CHECKIN_EARLY_MINUTES',
    default: 60,
    minimum: 0,
    description: 'Online check-in opens this many minutes before the appointment.',
  }),
  checkInLateMinutes: int({
    env: 'QUEUE_CHECKIN_LATE_MINUTES',
    default: 30,
    minimum: 0,
    description: 'Online check-in is still possible this many minutes after the appointment time.',
  }),
  displayCalls: int({
    env: 'QUEUE_DISPLAY_CALLS',
    default: 8,
    minimum: 1,
    maximum: 30,
    description: 'Number of calls shown on the call display in the waiting area.',
  }),
  displaySound: bool({
    env: 'QUEUE_DISPLAY_SOUND',
    default: true,
    description: 'The call display plays a short tone for a new call (can be muted on the display).',
  }),
  linkRetentionDays: int({
    env: 'QUEUE_LINK_RETENTION_DAYS',
    default: 30,
    minimum: 1,
    description:
      'After this many days a ticket loses its links to the appointment and to the calling clerk (the figures stay for statistics).',
  }),
  sseHeartbeatSeconds: int({
    env: 'QUEUE_SSE_HEARTBEAT_SECONDS',
    default: 20,
    minimum: 1,
    maximum: 300,
    description: 'Interval of the heartbeat comment on the live streams (keeps proxies from closing them).',
  }),
  sseMaxStreamsPerIp: int({
    env: 'QUEUE_SSE_MAX_STREAMS_PER_IP',
    default: 20,
    minimum: 1,
    maximum: 100_000,
    description:
      'Most open live streams (call display and waiting time) per client IP address on one app node; one more gets 429.',
  }),
});

export type QueueConfig = Static<typeof queueConfig>;

export const QUEUE_DEFAULTS: QueueConfig = {
  estimateWindowMinutes: 120,
  estimateMinSamples: 5,
  appointmentDueMinutes: 5,
  checkInEarlyMinutes: 60,
  checkInLateMinutes: 30,
  displayCalls: 8,
  displaySound: true,
  linkRetentionDays: 30,
  sseHeartbeatSeconds: 20,
  sseMaxStreamsPerIp: 20,
};

/** The queue's slice from the composed configuration (defaults are filled by the loader). */
export function readQueueConfig(fullConfig: Record<string, unknown>): QueueConfig {
  const c = fullConfig.queue as Partial<QueueConfig> | undefined;
  return { ...QUEUE_DEFAULTS, ...c };
}
