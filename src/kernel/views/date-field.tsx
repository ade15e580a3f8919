import type { ViewContext } from './context.ts';
import type { DatePart, DateParts } from './date.ts';
import { Fieldset } from './choices.tsx';
import { fieldId } from './ids.ts';
import type { FieldErrors } from './validation.ts';

const PARTS: DatePart[] = ['day', 'month', 'year'];

export interface DateFieldProps {
  ctx: ViewContext;
  /** Inputs are named <name>-day, <name>-month, <name>-year (what FormValidator.date reads). */
  name: string;
  legend: string;
  hint?: string;
  value?: DateParts;
  /** The form's errors; the date's message is found under any of its part names. */
  errors?: FieldErrors;
  /** The parts to highlight (FormValidator.dateParts[name]); defaults to the part named in the error key. */
  invalidParts?: DatePart[];
  required?: boolean;
  legendAsHeading?: boolean;
  /** "bday" for a birth date: the browser may fill it in. */
  autocomplete?: 'bday';
}

/** Date as three text inputs (day, month, year) in a fieldset — KERN's date input pattern. */
export function DateField(p: DateFieldProps) {
  const { t } = p.ctx;
  const errorPart = PARTS.find((part) => p.errors?.[`${p.name}-${part}`]);
  const error = errorPart ? p.errors![`${p.name}-${errorPart}`] : p.errors?.[p.name];
  const invalid = new Set<DatePart>(p.invalidParts ?? (errorPart ? [errorPart] : error ? PARTS : []));
  return (
    <Fieldset
      ctx={p.ctx}
      name={p.name}
      legend={p.legend}
      hint={p.hint ?? t('form.date.hint')}
      error={error}
      required={p.required}
      legendAsHeading={p.legendAsHeading}
      horizontal
    >
      {PARTS.map((part) => {
        const name = `${p.name}-${part}`;
        const bad = invalid.has(part);
        return (
          <div class="kern-form-input ok-date-part" key={part}>
            <label class="kern-label" for={fieldId(name)}>
              {t(`form.date.${part}`)}
            </label>
            <input
              type="text"
              inputMode="numeric"
              class={`kern-form-input__input kern-form-input__input--width-${part === 'year' ? 4 : 2}${bad ? ' kern-form-input__input--error' : ''}`}
              id={fieldId(name)}
              name={name}
              value={p.value?.[part]}
              maxLength={part === 'year' ? 4 : 2}
              autocomplete={p.autocomplete ? `${p.autocomplete}-${part}` : undefined}
              aria-invalid={bad ? 'true' : undefined}
            />
          </div>
        );
      })}
    </Fieldset>
  );
}
