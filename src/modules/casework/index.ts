import { fileURLToPath } from 'node:url';
import { defineModule } from '../../kernel/module.ts';
import { caseworkConfig } from './config.ts';

/**
 * Casework: cases from submissions, the staff inbox, requests for information, notices
 * (Bescheide) as tagged PDF, the electronic file with retention, and the citizen's
 * "Mein Konto" parts (my applications, postbox, data export, account deletion).
 */
export const caseworkModule = defineModule({
  name: 'casework',
  config: caseworkConfig,
  migrationsDir: fileURLToPath(new URL('./db/migrations/', import.meta.url)),
  i18nDir: new URL('./i18n/', import.meta.url),
});

// Public API for other modules (applications opens cases and records payments).
export { openCase, InvalidCaseInputError, type OpenCaseInput } from './commands/open-case.ts';
export { recordCasePayment, CaseNotFoundError, type CasePaymentInput } from './commands/record-payment.ts';
export {
  CaseOpened,
  CaseStatusChanged,
  CaseAssigned,
  InformationRequested,
  InformationProvided,
  NoticeIssued,
  CasePaymentRecorded,
} from './events.ts';
