import type { Static } from 'typebox';
import { int, oneOf, slice, str } from '../../kernel/config/define.ts';

/** The casework module's slice of the configuration (read as kernel.fullConfig.casework). */
export const caseworkConfig = slice({
  defaultProcessingDays: int({
    env: 'CASEWORK_DEFAULT_PROCESSING_DAYS',
    default: 30,
    minimum: 1,
    maximum: 365,
    description:
      'Processing time in days used for the due date of a case when its service names none (or the service catalogue is unavailable).',
  }),
  defaultRetentionYears: int({
    env: 'CASEWORK_DEFAULT_RETENTION_YEARS',
    default: 10,
    minimum: 1,
    maximum: 100,
    description:
      'Years after closing after which a case of a service without its own retention setting is anonymised or deleted.',
  }),
  defaultRetentionAction: oneOf(['anonymise', 'delete'] as const, {
    env: 'CASEWORK_DEFAULT_RETENTION_ACTION',
    default: 'anonymise',
    description:
      'What the retention job does with a case of a service without its own setting: anonymise (keep statistics) or delete.',
  }),
  inboxPageSize: int({
    env: 'CASEWORK_INBOX_PAGE_SIZE',
    default: 25,
    minimum: 5,
    maximum: 200,
    description: 'Cases per page in the staff inbox.',
  }),
  retentionCron: str({
    env: 'CASEWORK_RETENTION_CRON',
    default: '30 2 * * *',
    description: 'Schedule (cron, Europe/Berlin) of the daily retention job.',
  }),
  uploadMaxBytes: int({
    env: 'CASEWORK_UPLOAD_MAX_BYTES',
    default: 10_000_000,
    minimum: 1000,
    description: 'Largest file a citizen may attach to an answer to a request for information.',
  }),
});

export type CaseworkConfig = Static<typeof caseworkConfig>;

export function readCaseworkConfig(fullConfig: Record<string, unknown>): CaseworkConfig {
  const c = fullConfig.casework as Partial<CaseworkConfig> | undefined;
  return {
    defaultProcessingDays: 30,
    defaultRetentionYears: 10,
    defaultRetentionAction: 'anonymise',
    inboxPageSize: 25,
    retentionCron: '30 2 * * *',
    uploadMaxBytes: 10_000_000,
    ...c,
  };
}
