import type { Translate } from '../i18n/index.ts';
import { parseDateInput, type DatePart, type DateRules } from './date.ts';

/** A field error map as produced by form validation: field name → translated message. */
export type FieldErrors = Record<string, string>;

/**
 * One value of a parsed form body. Repeated names arrive as arrays (the kernel's form parser);
 * a single-value field takes the first. Anything that is not a string reads as ''.
 */
export function formValue(body: unknown, name: string): string {
  if (!body || typeof body !== 'object') return '';
  const v = (body as Record<string, unknown>)[name];
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return '';
}

/** All values of a repeated field (checkboxes). */
export function formValues(body: unknown, name: string): string[] {
  if (!body || typeof body !== 'object') return [];
  const v = (body as Record<string, unknown>)[name];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

interface Common {
  /** The field's visible label, used inside the generic messages. */
  label: string;
  required?: boolean;
  /** Translated messages that replace the generic ones (GOV.UK: say what to do, specifically). */
  messages?: { required?: string; invalid?: string; maxLength?: string };
}

export interface TextRules extends Common {
  maxLength?: number;
  minLength?: number;
}

// Pragmatic address check: one @, no spaces, a dot in the domain; the mail server decides the rest.
const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;
const POSTAL_CODE = /^\d{5}$/;

/** Strips characters that never belong in a form value (NUL and other C0 controls but tab/newline). */
function sanitize(v: string): string {
  return v.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').replace(/\r\n?/g, '\n');
}

/**
 * Collects field errors while reading a form body. Each reader returns the cleaned value
 * (trimmed; '' when empty) and records at most one message per field.
 *
 *   const v = new FormValidator(ctx.t, req.body);
 *   const message = v.text('message', { label: t('…'), required: true, maxLength: 5000 });
 *   if (!v.ok) return reply.html(<Page errors={v.errors} … />, 422);
 */
export class FormValidator {
  readonly errors: FieldErrors = {};
  /** Which inputs of a date field are wrong, by field name (for highlighting). */
  readonly dateParts: Record<string, DatePart[]> = {};

  constructor(
    private readonly t: Translate,
    private readonly body: unknown,
  ) {}

  get ok(): boolean {
    return Object.keys(this.errors).length === 0;
  }

  /** Adds a message for a field unless it already has one. */
  add(name: string, message: string): void {
    this.errors[name] ??= message;
  }

  raw(name: string): string {
    return sanitize(formValue(this.body, name));
  }

  text(name: string, rules: TextRules): string {
    const value = this.raw(name).trim();
    if (!this.checkRequired(name, value, rules)) return value;
    if (value && rules.maxLength !== undefined && value.length > rules.maxLength) {
      this.add(
        name,
        rules.messages?.maxLength ??
          this.t('validation.maxLength', { label: rules.label, max: rules.maxLength }),
      );
    } else if (value && rules.minLength !== undefined && value.length < rules.minLength) {
      this.add(name, this.t('validation.minLength', { label: rules.label, min: rules.minLength }));
    }
    return value;
  }

  email(name: string, rules: Common & { maxLength?: number }): string {
    const value = this.text(name, { ...rules, maxLength: rules.maxLength ?? 254 });
    if (value && !this.errors[name] && !EMAIL.test(value)) {
      this.add(name, rules.messages?.invalid ?? this.t('validation.email'));
    }
    return value;
  }

  /** German postal code (PLZ): exactly five digits; inner spaces are forgiven. */
  postalCode(name: string, rules: Common): string {
    const value = this.raw(name).replace(/\s+/g, '');
    if (!this.checkRequired(name, value, rules)) return value;
    if (value && !POSTAL_CODE.test(value))
      this.add(name, rules.messages?.invalid ?? this.t('validation.postalCode'));
    return value;
  }

  /** One of the offered options (radios, select). */
  choice<T extends string>(name: string, options: readonly T[], rules: Common): T | '' {
    const value = this.raw(name).trim();
    if (!value) {
      if (rules.required)
        this.add(
          name,
          rules.messages?.required ?? this.t('validation.requiredChoice', { label: rules.label }),
        );
      return '';
    }
    if (!(options as readonly string[]).includes(value)) {
      this.add(name, rules.messages?.invalid ?? this.t('validation.invalidChoice'));
      return '';
    }
    return value as T;
  }

  /** Any number of the offered options (checkboxes); unknown values are an error, not ignored. */
  choices<T extends string>(name: string, options: readonly T[], rules: Common): T[] {
    const values = formValues(this.body, name)
      .map((v) => v.trim())
      .filter(Boolean);
    if (values.some((v) => !(options as readonly string[]).includes(v))) {
      this.add(name, rules.messages?.invalid ?? this.t('validation.invalidChoice'));
      return [];
    }
    if (!values.length && rules.required)
      this.add(name, rules.messages?.required ?? this.t('validation.requiredChoice', { label: rules.label }));
    return [...new Set(values)] as T[];
  }

  /**
   * A three-part date read from `<name>-day`, `<name>-month`, `<name>-year`. The message is
   * recorded under the first wrong part's input name, so the error summary links to it.
   */
  date(name: string, rules: DateRules & { label: string }): string | null {
    const result = parseDateInput(
      this.t,
      { day: this.raw(`${name}-day`), month: this.raw(`${name}-month`), year: this.raw(`${name}-year`) },
      rules,
    );
    if (result.ok) return result.value;
    this.dateParts[name] = result.parts;
    this.add(`${name}-${result.parts[0] ?? 'day'}`, result.message);
    return null;
  }

  private checkRequired(name: string, value: string, rules: Common): boolean {
    if (!value && rules.required) {
      this.add(name, rules.messages?.required ?? this.t('validation.required', { label: rules.label }));
      return false;
    }
    return true;
  }
}
