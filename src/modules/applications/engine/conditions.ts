import type { Condition, FieldDef, FormDefinition, StepDef } from './definition.ts';

/** A stored attachment reference (the file lives in kernel.files). */
export interface FileRef {
  fileId: string;
  filename: string;
  mediaType: string;
  size: number;
  sha256: string;
}

export interface Address {
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
}

export type Scalar = string | number;
export type AnswerValue = Scalar | string[] | Address | FileRef[] | GroupItem[] | null;
export type GroupItem = Record<string, AnswerValue>;
export type Answers = Record<string, AnswerValue>;

function isEmpty(v: AnswerValue | undefined): boolean {
  if (v === undefined || v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return !Object.values(v).some((x) => x !== '' && x !== null);
  return false;
}

/**
 * Evaluates a condition. Inside a group item, a field name refers to the item's field first,
 * then to the top-level field of that name. Unknown fields read as empty.
 */
export function evaluate(c: Condition, answers: Answers, item?: GroupItem): boolean {
  if ('all' in c) return c.all.every((x) => evaluate(x, answers, item));
  if ('any' in c) return c.any.some((x) => evaluate(x, answers, item));
  if ('not' in c) return !evaluate(c.not, answers, item);
  if ('anyItem' in c) {
    const items = answers[c.anyItem];
    return (
      Array.isArray(items) &&
      (items as GroupItem[]).some((it) => typeof it === 'object' && evaluate(c.where, answers, it))
    );
  }
  const v = item && c.field in item ? item[c.field] : answers[c.field];
  if ('filled' in c) return isEmpty(v) !== c.filled;
  if ('greaterThan' in c) return typeof v === 'number' && v > c.greaterThan;
  if ('in' in c) {
    if (Array.isArray(v)) return (v as unknown[]).some((x) => typeof x === 'string' && c.in.includes(x));
    return typeof v === 'string' && c.in.includes(v);
  }
  const eq = (x: AnswerValue | undefined, want: string | number) =>
    Array.isArray(x)
      ? (x as unknown[]).includes(want)
      : x === want || (typeof x === 'number' && String(x) === String(want));
  if ('equals' in c) return eq(v, c.equals);
  return !eq(v, c.notEquals);
}

export function stepVisible(step: StepDef, answers: Answers): boolean {
  return !step.showIf || evaluate(step.showIf, answers);
}

export function fieldVisible(f: FieldDef, answers: Answers, item?: GroupItem): boolean {
  return !f.showIf || evaluate(f.showIf, answers, item);
}

export function fieldRequired(f: FieldDef, answers: Answers, item?: GroupItem): boolean {
  return !!f.required || (!!f.requiredIf && evaluate(f.requiredIf, answers, item));
}

export function visibleSteps(def: FormDefinition, answers: Answers): StepDef[] {
  return def.steps.filter((s) => stepVisible(s, answers));
}

/**
 * Keeps only answers of visible steps and fields (recursively in groups): what is submitted is
 * exactly what the rules say applies.
 */
export function pruneAnswers(def: FormDefinition, answers: Answers): Answers {
  const out: Answers = {};
  for (const step of visibleSteps(def, answers)) {
    for (const f of step.fields) {
      if (!fieldVisible(f, answers)) continue;
      const v = answers[f.name];
      if (v === undefined) continue;
      if (f.type === 'group' && Array.isArray(v)) {
        out[f.name] = (v as GroupItem[]).map((it) => {
          const kept: GroupItem = {};
          for (const g of f.fields ?? [])
            if (fieldVisible(g, answers, it) && it[g.name] !== undefined) kept[g.name] = it[g.name]!;
          return kept;
        });
      } else out[f.name] = v;
    }
  }
  return out;
}

export interface FeeLine {
  id: string;
  label: FeeRuleLabel;
  amountCents: number;
}
type FeeRuleLabel = { de: string; en?: string };

/** The fee lines that apply to these answers and their total (in cents). */
export function calculateFees(
  def: FormDefinition,
  answers: Answers,
): { lines: FeeLine[]; totalCents: number } {
  const lines: FeeLine[] = [];
  for (const r of def.fees ?? []) {
    if (r.when && !evaluate(r.when, answers)) continue;
    let amount = r.amountCents ?? 0;
    if (r.byValue) {
      const v = answers[r.byValue.field];
      const key = typeof v === 'string' || typeof v === 'number' ? String(v) : '';
      amount = r.byValue.amounts[key] ?? r.amountCents ?? 0;
    }
    if (r.times) {
      const v = answers[r.times];
      const n = Array.isArray(v) ? v.length : typeof v === 'number' ? v : 0;
      amount *= Math.max(0, Math.floor(n));
    }
    if (amount > 0) lines.push({ id: r.id, label: r.label, amountCents: amount });
  }
  return { lines, totalCents: lines.reduce((s, l) => s + l.amountCents, 0) };
}
