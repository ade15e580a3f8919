import type { Lang, Translate } from '../../../kernel/i18n/index.ts';
import { parseDateInput } from '../../../kernel/views/components.tsx';
import { checkIban, checkPhone, checkPostalCode, HOUSE_NUMBER } from './checks.ts';
import {
  fieldRequired,
  fieldVisible,
  type Address,
  type AnswerValue,
  type Answers,
  type FileRef,
  type GroupItem,
} from './conditions.ts';
import { tx, type FieldDef, type StepDef } from './definition.ts';

/** The form body as posted (or rebuilt from answers): input name → value(s). */
export type Raw = Record<string, string | string[]>;
export type FieldErrors = Record<string, string>;

export interface Municipality {
  id: string;
  name: string;
  postalCodes: string[];
  kind: 'kreis' | 'gemeinde';
}

export interface ParseContext {
  t: Translate;
  lang: Lang;
  /** Today in Berlin (YYYY-MM-DD), from the kernel clock. */
  today: string;
  municipalities: Municipality[];
  /** The answers saved so far (other steps, files of this step). */
  answers: Answers;
}

export const MAX_GROUP_ITEMS = 20;
const DEFAULT_MAX = { text: 200, textarea: 5000, email: 254, phone: 30 } as const;

function clean(v: string): string {
  return v.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').replace(/\r\n?/g, '\n');
}
export function rawOne(raw: Raw, name: string): string {
  const v = raw[name];
  const s = typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
  return clean(s);
}
export function rawAll(raw: Raw, name: string): string[] {
  const v = raw[name];
  if (typeof v === 'string') return [clean(v)];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string').map(clean);
  return [];
}

interface Parsed {
  value: AnswerValue;
  /** Format error: input name → message (only reported when the field is visible). */
  errors: FieldErrors;
}

function label(f: FieldDef, lang: Lang): string {
  return tx(f.label, lang);
}

/** Reads one (non-group) field from the body, without the required check. */
function parseField(f: FieldDef, raw: Raw, prefix: string, ctx: ParseContext): Parsed {
  const { t, lang } = ctx;
  const name = prefix + f.name;
  const l = label(f, lang);
  const errors: FieldErrors = {};
  switch (f.type) {
    case 'text':
    case 'textarea':
    case 'email':
    case 'phone': {
      const v = rawOne(raw, name).trim();
      const max = f.maxLength ?? DEFAULT_MAX[f.type];
      if (!v) return { value: '', errors };
      if (v.length > max) errors[name] = t('applications.v.maxLength', { label: l, max });
      else if (f.minLength && v.length < f.minLength)
        errors[name] = t('applications.v.minLength', { label: l, min: f.minLength });
      else if (f.type === 'email' && !/^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/.test(v))
        errors[name] = t('applications.v.email');
      else if (f.type === 'phone' && !checkPhone(v)) errors[name] = t('applications.v.phone', { label: l });
      else if (f.pattern && !new RegExp(`^(?:${f.pattern})$`, 'u').test(v))
        errors[name] = f.patternMessage
          ? tx(f.patternMessage, lang)
          : t('applications.v.pattern', { label: l });
      return { value: v, errors };
    }
    case 'number': {
      const s = rawOne(raw, name).replace(/\s+/g, '');
      if (!s) return { value: '', errors };
      if (!/^-?\d{1,12}([.,]\d{1,6})?$/.test(s)) {
        errors[name] = t('applications.v.number', { label: l });
        return { value: s, errors };
      }
      const n = Number(s.replace(',', '.'));
      if (f.integer && !Number.isInteger(n)) errors[name] = t('applications.v.integer', { label: l });
      else if (f.min !== undefined && n < f.min)
        errors[name] = t('applications.v.min', { label: l, min: f.min });
      else if (f.max !== undefined && n > f.max)
        errors[name] = t('applications.v.max', { label: l, max: f.max });
      return { value: errors[name] ? s : n, errors };
    }
    case 'date': {
      const parts = {
        day: rawOne(raw, `${name}-day`),
        month: rawOne(raw, `${name}-month`),
        year: rawOne(raw, `${name}-year`),
      };
      if (!parts.day.trim() && !parts.month.trim() && !parts.year.trim()) return { value: '', errors };
      const r = parseDateInput(t, parts, { notFuture: f.notFuture, notPast: f.notPast, today: ctx.today });
      if (!r.ok) {
        errors[`${name}-${r.parts[0] ?? 'day'}`] = r.message;
        return { value: '', errors };
      }
      return { value: r.value ?? '', errors };
    }
    case 'select':
    case 'radios': {
      const v = rawOne(raw, name).trim();
      if (!v) return { value: '', errors };
      if (!f.options!.some((o) => o.value === v)) errors[name] = t('applications.v.invalidChoice');
      return { value: errors[name] ? '' : v, errors };
    }
    case 'municipality': {
      const v = rawOne(raw, name).trim();
      if (!v) return { value: '', errors };
      if (!ctx.municipalities.some((m) => m.id === v && (m.kind === 'gemeinde' || f.includeKreis)))
        errors[name] = t('applications.v.invalidChoice');
      return { value: errors[name] ? '' : v, errors };
    }
    case 'yesno': {
      const v = rawOne(raw, name).trim();
      if (!v) return { value: '', errors };
      if (v !== 'ja' && v !== 'nein') errors[name] = t('applications.v.invalidChoice');
      return { value: errors[name] ? '' : v, errors };
    }
    case 'checkboxes': {
      const vs = [
        ...new Set(
          rawAll(raw, name)
            .map((x) => x.trim())
            .filter(Boolean),
        ),
      ];
      if (vs.some((v) => !f.options!.some((o) => o.value === v))) {
        errors[name] = t('applications.v.invalidChoice');
        return { value: [], errors };
      }
      return { value: vs, errors };
    }
    case 'iban': {
      const s = rawOne(raw, name).trim();
      if (!s) return { value: '', errors };
      const r = checkIban(s);
      if (!r.ok)
        errors[name] =
          r.reason === 'length' && r.expected
            ? t('applications.v.iban.length', { expected: r.expected, actual: r.actual ?? 0 })
            : t(`applications.v.iban.${r.reason}`);
      return { value: r.ok ? r.value : s, errors };
    }
    case 'address': {
      const a: Address = {
        street: rawOne(raw, `${name}-street`).trim(),
        houseNumber: rawOne(raw, `${name}-houseNumber`).trim(),
        postalCode: rawOne(raw, `${name}-postalCode`).replace(/\s+/g, ''),
        city: rawOne(raw, `${name}-city`).trim(),
      };
      if (!a.street && !a.houseNumber && !a.postalCode && !a.city) return { value: null, errors };
      if (!a.street) errors[`${name}-street`] = t('applications.v.address.street');
      else if (a.street.length > 100)
        errors[`${name}-street`] = t('applications.v.maxLength', {
          label: t('applications.address.street'),
          max: 100,
        });
      if (!a.houseNumber) errors[`${name}-houseNumber`] = t('applications.v.address.houseNumber');
      else if (!HOUSE_NUMBER.test(a.houseNumber))
        errors[`${name}-houseNumber`] = t('applications.v.address.houseNumberFormat');
      if (!a.postalCode) errors[`${name}-postalCode`] = t('applications.v.address.postalCode');
      else if (!checkPostalCode(a.postalCode)) errors[`${name}-postalCode`] = t('applications.v.postalCode');
      else if (f.postalCodeIn) {
        const town = ctx.municipalities.find((m) => m.id === ctx.answers[f.postalCodeIn!]);
        if (town && !town.postalCodes.includes(a.postalCode))
          errors[`${name}-postalCode`] = t('applications.v.postalCodeTown', {
            postalCode: a.postalCode,
            town: town.name,
          });
      }
      if (!a.city) errors[`${name}-city`] = t('applications.v.address.city');
      else if (a.city.length > 100)
        errors[`${name}-city`] = t('applications.v.maxLength', {
          label: t('applications.address.city'),
          max: 100,
        });
      return { value: a, errors };
    }
    case 'file': {
      const files = ctx.answers[f.name];
      const list = Array.isArray(files) ? (files as FileRef[]) : [];
      if (f.maxFiles && list.length > f.maxFiles)
        errors[name] = t('applications.v.file.tooMany', { label: l, max: f.maxFiles });
      return { value: list, errors };
    }
    case 'group':
      return { value: [], errors };
  }
}

function emptyValue(v: AnswerValue): boolean {
  if (v === null || v === '') return true;
  return Array.isArray(v) && v.length === 0;
}

function requiredMessage(f: FieldDef, name: string, ctx: ParseContext): [string, string] {
  const l = label(f, ctx.lang);
  switch (f.type) {
    case 'date':
      return [`${name}-day`, ctx.t('applications.v.requiredDate', { label: l })];
    case 'address':
      return [`${name}-street`, ctx.t('applications.v.requiredAddress', { label: l })];
    case 'select':
    case 'radios':
    case 'checkboxes':
    case 'yesno':
    case 'municipality':
      return [name, ctx.t('applications.v.requiredChoice', { label: l })];
    case 'file':
      return [name, ctx.t('applications.v.file.required', { label: l })];
    default:
      return [name, ctx.t('applications.v.required', { label: l })];
  }
}

/** How many items of a group the body carries (hidden "<group>-count"), bounded. */
export function groupCount(f: FieldDef, raw: Raw): number {
  const n = Number.parseInt(rawOne(raw, `${f.name}-count`), 10);
  const max = Math.min(f.maxItems ?? MAX_GROUP_ITEMS, MAX_GROUP_ITEMS);
  if (!Number.isFinite(n) || n < 0) return Math.max(1, f.minItems ?? 1);
  return Math.min(n, max);
}

/**
 * Reads and validates the fields of one step. Conditions are evaluated against the answers so
 * far merged with what this step posts; hidden fields are neither validated nor kept.
 */
export function parseStep(
  step: StepDef,
  raw: Raw,
  ctx: ParseContext,
): { values: Answers; errors: FieldErrors } {
  const parsed = new Map<string, Parsed>();
  const items = new Map<string, { value: GroupItem; parsed: Map<string, Parsed> }[]>();
  const values: Answers = {};
  for (const f of step.fields) {
    if (f.type === 'group') {
      const list = [];
      const count = groupCount(f, raw);
      for (let i = 0; i < count; i++) {
        const p = new Map<string, Parsed>();
        const value: GroupItem = {};
        for (const g of f.fields ?? []) {
          const r = parseField(g, raw, `${f.name}-${i}-`, ctx);
          p.set(g.name, r);
          value[g.name] = r.value;
        }
        list.push({ value, parsed: p });
      }
      items.set(f.name, list);
      values[f.name] = list.map((x) => x.value);
    } else {
      const r = parseField(f, raw, '', ctx);
      parsed.set(f.name, r);
      values[f.name] = r.value;
    }
  }
  // Cross-field checks (postal code in the chosen town) see this step's answers too.
  for (const f of step.fields)
    if (f.type === 'address' && f.postalCodeIn) {
      const r = parseField(f, raw, '', { ...ctx, answers: { ...ctx.answers, ...values } });
      parsed.set(f.name, r);
      values[f.name] = r.value;
    }
  const merged: Answers = { ...ctx.answers, ...values };
  const errors: FieldErrors = {};
  const out: Answers = {};
  for (const f of step.fields) {
    if (!fieldVisible(f, merged)) continue;
    if (f.type === 'group') {
      const list = items.get(f.name)!;
      const kept: GroupItem[] = [];
      list.forEach((it, i) => {
        const keptItem: GroupItem = {};
        for (const g of f.fields ?? []) {
          if (!fieldVisible(g, merged, it.value)) continue;
          const r = it.parsed.get(g.name)!;
          const name = `${f.name}-${i}-${g.name}`;
          if (emptyValue(r.value) && Object.keys(r.errors).length === 0) {
            if (fieldRequired(g, merged, it.value)) {
              const [k, m] = requiredMessage(g, name, ctx);
              errors[k] ??= `${tx(f.itemLabel, ctx.lang)} ${i + 1}: ${m}`;
            }
          } else
            for (const [k, m] of Object.entries(r.errors))
              errors[k] ??= `${tx(f.itemLabel, ctx.lang)} ${i + 1}: ${m}`;
          keptItem[g.name] = r.value;
        }
        kept.push(keptItem);
      });
      const min = f.minItems ?? (f.required ? 1 : 0);
      if (kept.length < min)
        errors[`${f.name}-add`] ??= ctx.t('applications.v.group.min', {
          min,
          item: tx(f.itemLabel, ctx.lang),
        });
      out[f.name] = kept;
      continue;
    }
    const r = parsed.get(f.name)!;
    if (Object.keys(r.errors).length) for (const [k, m] of Object.entries(r.errors)) errors[k] ??= m;
    else if (emptyValue(r.value) && fieldRequired(f, merged)) {
      const [k, m] = requiredMessage(f, f.name, ctx);
      errors[k] ??= m;
    }
    out[f.name] = r.value;
  }
  return { values: out, errors };
}

/** The inputs of a step filled from saved answers (to render a step again). */
export function answersToRaw(step: StepDef, answers: Answers): Raw {
  const raw: Raw = {};
  const put = (f: FieldDef, prefix: string, v: AnswerValue | undefined) => {
    const name = prefix + f.name;
    if (v === undefined || v === null) return;
    switch (f.type) {
      case 'date': {
        const m = typeof v === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(v) : null;
        if (m) {
          raw[`${name}-day`] = String(Number(m[3]));
          raw[`${name}-month`] = String(Number(m[2]));
          raw[`${name}-year`] = m[1]!;
        }
        return;
      }
      case 'address': {
        const a = v as Address;
        raw[`${name}-street`] = a.street;
        raw[`${name}-houseNumber`] = a.houseNumber;
        raw[`${name}-postalCode`] = a.postalCode;
        raw[`${name}-city`] = a.city;
        return;
      }
      case 'checkboxes':
        raw[name] = Array.isArray(v) ? (v as string[]) : [];
        return;
      case 'file':
        return;
      case 'number':
        raw[name] = typeof v === 'number' ? String(v).replace('.', ',') : typeof v === 'string' ? v : '';
        return;
      default:
        raw[name] = typeof v === 'string' || typeof v === 'number' ? String(v) : '';
    }
  };
  for (const f of step.fields) {
    if (f.type === 'group') {
      const list = Array.isArray(answers[f.name]) ? (answers[f.name] as GroupItem[]) : [];
      const count = Math.max(list.length, f.minItems ?? 1);
      raw[`${f.name}-count`] = String(count);
      list.forEach((it, i) => {
        for (const g of f.fields ?? []) put(g, `${f.name}-${i}-`, it[g.name]);
      });
    } else put(f, '', answers[f.name]);
  }
  return raw;
}

/** Removes item `index` of a group from a raw body (later items move up), or adds one. */
export function changeGroupRaw(raw: Raw, f: FieldDef, op: { add: true } | { remove: number }): Raw {
  const count = groupCount(f, raw);
  const out: Raw = {};
  const prefix = `${f.name}-`;
  for (const [k, v] of Object.entries(raw)) if (!k.startsWith(prefix)) out[k] = v;
  if ('add' in op) {
    for (const [k, v] of Object.entries(raw)) if (k.startsWith(prefix)) out[k] = v;
    out[`${f.name}-count`] = String(
      Math.min(count + 1, Math.min(f.maxItems ?? MAX_GROUP_ITEMS, MAX_GROUP_ITEMS)),
    );
    return out;
  }
  let j = 0;
  for (let i = 0; i < count; i++) {
    if (i === op.remove) continue;
    for (const [k, v] of Object.entries(raw)) {
      const p = `${f.name}-${i}-`;
      if (k.startsWith(p)) out[`${f.name}-${j}-${k.slice(p.length)}`] = v;
    }
    j++;
  }
  out[`${f.name}-count`] = String(j);
  return out;
}
