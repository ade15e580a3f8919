import type { Lang, Translate } from '../../../kernel/i18n/index.ts';
import { formatNumber } from '../../../kernel/i18n/format.ts';
import { formatIsoDate } from '../../../kernel/views/components.tsx';
import { formatIban } from '../engine/checks.ts';
import {
  fieldVisible,
  visibleSteps,
  type Address,
  type AnswerValue,
  type Answers,
  type FileRef,
  type GroupItem,
} from '../engine/conditions.ts';
import { tx, type FieldDef, type FormDefinition, type StepDef } from '../engine/definition.ts';
import type { Municipality } from '../engine/fields.ts';

export interface SummaryLine {
  label: string;
  value: string;
}

export interface StepSummary {
  step: StepDef;
  title: string;
  rows: SummaryLine[];
}

export function formatEuro(lang: Lang, cents: number): string {
  return formatNumber(lang, cents / 100, { style: 'currency', currency: 'EUR' });
}

/** One answer as text for people (German dates, option labels, formatted IBAN, file names). */
export function formatAnswer(
  f: FieldDef,
  v: AnswerValue | undefined,
  ctx: { t: Translate; lang: Lang; municipalities: Municipality[] },
): string {
  if (v === undefined || v === null || v === '') return '';
  const { t, lang } = ctx;
  switch (f.type) {
    case 'date':
      return typeof v === 'string' ? formatIsoDate(t, v) : '';
    case 'yesno':
      return v === 'ja' ? t('applications.yes') : v === 'nein' ? t('applications.no') : '';
    case 'select':
    case 'radios':
      return tx(f.options?.find((o) => o.value === v)?.label, lang) || (typeof v === 'string' ? v : '');
    case 'checkboxes':
      return Array.isArray(v)
        ? (v as string[]).map((x) => tx(f.options?.find((o) => o.value === x)?.label, lang) || x).join(', ')
        : '';
    case 'municipality':
      return ctx.municipalities.find((m) => m.id === v)?.name ?? (typeof v === 'string' ? v : '');
    case 'address': {
      const a = v as Address;
      return `${a.street} ${a.houseNumber}, ${a.postalCode} ${a.city}`.trim();
    }
    case 'iban':
      return typeof v === 'string' ? formatIban(v) : '';
    case 'number':
      return typeof v === 'number' ? formatNumber(lang, v) : typeof v === 'string' ? v : '';
    case 'file':
      return Array.isArray(v) ? (v as FileRef[]).map((x) => x.filename).join(', ') : '';
    case 'group':
      return '';
    default:
      return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
  }
}

/** The answers of the visible steps, per step, as label/value lines (groups item by item). */
export function summarise(
  def: FormDefinition,
  answers: Answers,
  ctx: { t: Translate; lang: Lang; municipalities: Municipality[] },
): StepSummary[] {
  return visibleSteps(def, answers).map((step) => {
    const rows: SummaryLine[] = [];
    for (const f of step.fields) {
      if (!fieldVisible(f, answers)) continue;
      if (f.type === 'group') {
        const items = Array.isArray(answers[f.name]) ? (answers[f.name] as GroupItem[]) : [];
        items.forEach((it, i) => {
          for (const g of f.fields ?? []) {
            if (!fieldVisible(g, answers, it)) continue;
            rows.push({
              label: `${tx(f.itemLabel, ctx.lang)} ${i + 1}: ${tx(g.label, ctx.lang)}`,
              value: formatAnswer(g, it[g.name], ctx),
            });
          }
        });
        continue;
      }
      rows.push({ label: tx(f.label, ctx.lang), value: formatAnswer(f, answers[f.name], ctx) });
    }
    return { step, title: tx(step.title, ctx.lang), rows };
  });
}

export function flatSummary(steps: StepSummary[]): SummaryLine[] {
  return steps.flatMap((s) => s.rows.map((r) => ({ label: r.label, value: r.value })));
}
