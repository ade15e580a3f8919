/** The status machine of a case and small domain helpers (no I/O). */

export const STATUSES = [
  'received',
  'in_progress',
  'waiting',
  'approved',
  'rejected',
  'partly_approved',
  'closed',
  'withdrawn',
] as const;
export type CaseStatus = (typeof STATUSES)[number];

export const DECISIONS = ['approved', 'rejected', 'partly_approved'] as const;
export type Decision = (typeof DECISIONS)[number];

export const PRIORITIES = ['low', 'normal', 'high'] as const;
export type Priority = (typeof PRIORITIES)[number];

const OPEN: CaseStatus[] = ['received', 'in_progress', 'waiting'];

const TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  received: ['in_progress', 'waiting', 'withdrawn', ...DECISIONS],
  in_progress: ['waiting', 'withdrawn', ...DECISIONS],
  waiting: ['in_progress', 'withdrawn', ...DECISIONS],
  approved: ['closed'],
  rejected: ['closed'],
  partly_approved: ['closed'],
  closed: [],
  withdrawn: [],
};

export function isStatus(s: unknown): s is CaseStatus {
  return typeof s === 'string' && (STATUSES as readonly string[]).includes(s);
}
export function isDecision(s: unknown): s is Decision {
  return typeof s === 'string' && (DECISIONS as readonly string[]).includes(s);
}
export function isPriority(s: unknown): s is Priority {
  return typeof s === 'string' && (PRIORITIES as readonly string[]).includes(s);
}

export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Statuses a clerk may set by hand (decisions go through the notice, see decideCase). */
export const MANUAL_TARGETS: readonly CaseStatus[] = ['in_progress', 'waiting', 'closed', 'withdrawn'];

export function manualTargets(from: CaseStatus): CaseStatus[] {
  return MANUAL_TARGETS.filter((to) => canTransition(from, to));
}

export function isOpen(s: CaseStatus): boolean {
  return OPEN.includes(s);
}

/** Statuses in which the case counts as finished (retention runs from then on). */
export function isFinal(s: CaseStatus): boolean {
  return s === 'closed' || s === 'withdrawn';
}

const DAY_MS = 86_400_000;
export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * DAY_MS);
}

/** Replaces {name} placeholders; unknown placeholders stay as they are. */
export function fillTemplate(text: string, values: Record<string, string>): string {
  return text.replace(/\{([a-zA-Z][a-zA-Z0-9_]*)\}/g, (m, k: string) =>
    Object.prototype.hasOwnProperty.call(values, k) ? values[k]! : m,
  );
}

export const TEMPLATE_PLACEHOLDERS = [
  'reference',
  'applicantName',
  'service',
  'authority',
  'orgUnit',
  'date',
  'submittedDate',
  'decision',
  'reason',
  'amount',
] as const;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(s: unknown): s is string {
  return typeof s === 'string' && UUID_RE.test(s);
}

/** The text indexed for full-text search: reference, applicant, service and summary values. */
export function searchText(c: {
  reference: string;
  applicantName: string | null;
  serviceTitle: string;
  summary: { label: string; value: string }[];
}): string {
  return [c.reference, c.applicantName ?? '', c.serviceTitle, ...c.summary.map((s) => s.value)]
    .join(' ')
    .replace(/[\u0000-\u001f]/g, ' ')
    .slice(0, 20_000);
}

/** Removes NUL and other control characters (PostgreSQL refuses NUL in text) but keeps tab and line breaks. */
export function cleanText(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}
