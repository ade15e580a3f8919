import type { Static } from 'typebox';
import { int, optStr, slice, str } from '../../kernel/config/define.ts';

/** The applications module's slice of the configuration (kernel.fullConfig.applications). */
export const applicationsConfig = slice({
  clamavHost: optStr({
    env: 'CLAMAV_HOST',
    description:
      'Host of a ClamAV daemon (clamd) that scans every uploaded attachment (INSTREAM over TCP). When unset, attachments are not scanned.',
  }),
  clamavPort: int({
    env: 'CLAMAV_PORT',
    default: 3310,
    minimum: 1,
    maximum: 65535,
    description: 'TCP port of the ClamAV daemon.',
  }),
  clamavTimeoutMs: int({
    env: 'CLAMAV_TIMEOUT_MS',
    default: 10000,
    minimum: 100,
    description:
      'How long a scan may take before the daemon counts as unavailable (the upload is then refused with a message to try again later).',
  }),
  paymentProvider: str({
    env: 'APPLICATIONS_PAYMENT_PROVIDER',
    default: 'testkasse',
    pattern: '^[a-z][a-z0-9-]*$',
    description:
      'Payment provider adapter for fees ("testkasse" = the built-in test cashier; an ePayBL or pmPayment adapter registers its own name).',
  }),
  testCashierSecret: optStr({
    env: 'APPLICATIONS_TESTKASSE_SECRET',
    minLength: 16,
    secret: true,
    defaultText: 'derived from SECRET_KEY',
    description: 'HMAC key with which the test cashier signs its server callbacks.',
  }),
  resumeLinkDays: int({
    env: 'APPLICATIONS_RESUME_LINK_DAYS',
    default: 7,
    minimum: 1,
    maximum: 30,
    description:
      'Days a single-use link to resume an application (sent by e-mail to anonymous applicants) stays valid.',
  }),
  draftRetentionDays: int({
    env: 'APPLICATIONS_DRAFT_RETENTION_DAYS',
    default: 30,
    minimum: 8,
    description:
      'Unfinished applications (drafts) not changed for this many days are deleted with their attachments (daily job; stated in the privacy notice).',
  }),
  maxTotalAttachmentBytes: int({
    env: 'APPLICATIONS_MAX_TOTAL_ATTACHMENT_BYTES',
    default: 25 * 1024 * 1024,
    minimum: 1024,
    description:
      'Largest total size of all attachments of one application (a form may set a lower limit; each file field has its own limit too).',
  }),
});

export type ApplicationsConfig = Static<typeof applicationsConfig>;

export function readApplicationsConfig(fullConfig: Record<string, unknown>): ApplicationsConfig {
  const c = fullConfig.applications as Partial<ApplicationsConfig> | undefined;
  return {
    clamavPort: 3310,
    clamavTimeoutMs: 10000,
    paymentProvider: 'testkasse',
    resumeLinkDays: 7,
    draftRetentionDays: 30,
    maxTotalAttachmentBytes: 25 * 1024 * 1024,
    ...c,
  };
}
