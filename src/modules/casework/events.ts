import { defineEvent } from '../../kernel/events/index.ts';

/** Casework's domain events, published in the transaction of the change. */
export const CaseOpened = defineEvent<{ caseId: string; reference: string; serviceSlug: string }>(
  'casework.case_opened',
);
export const CaseStatusChanged = defineEvent<{
  caseId: string;
  reference: string;
  from: string;
  to: string;
}>('casework.status_changed');
export const CaseAssigned = defineEvent<{ caseId: string; assigneeId: string | null }>(
  'casework.case_assigned',
);
export const InformationRequested = defineEvent<{ caseId: string; rfiId: string }>(
  'casework.information_requested',
);
export const InformationProvided = defineEvent<{ caseId: string; rfiId: string }>(
  'casework.information_provided',
);
export const NoticeIssued = defineEvent<{
  caseId: string;
  reference: string;
  decision: string;
  documentId: string;
}>('casework.notice_issued');
export const CasePaymentRecorded = defineEvent<{ caseId: string; reference: string; status: string }>(
  'casework.payment_recorded',
);
