import type { ComponentChildren } from 'preact';
import type { ViewContext } from './context.ts';
import { describedBy, ErrorMessage, Hint } from './fields.tsx';
import { fieldId } from './ids.ts';

export interface FieldsetProps {
  ctx: ViewContext;
  /** Field name: ids of hint and error derive from it. */
  name: string;
  legend: string;
  hint?: string;
  error?: string;
  required?: boolean;
  /** Renders the legend as the page's h1 (one-question pages). */
  legendAsHeading?: boolean;
  /** Lay the children out in a row (date parts, yes/no). */
  horizontal?: boolean;
  children: ComponentChildren;
}

/** fieldset + legend grouping with hint and error at the group (KERN fieldset). */
export function Fieldset(p: FieldsetProps) {
  const optional = !p.required && <span class="kern-label__optional"> {p.ctx.t('form.optional')}</span>;
  return (
    <fieldset
      class={`kern-fieldset${p.error ? ' kern-fieldset--error' : ''}`}
      aria-describedby={describedBy(p)}
    >
      <legend class={`kern-label${p.legendAsHeading ? ' kern-label--large' : ''}`}>
        {p.legendAsHeading ? (
          <h1 class="kern-heading-large ok-legend-heading">
            {p.legend}
            {optional}
          </h1>
        ) : (
          <>
            {p.legend}
            {optional}
          </>
        )}
      </legend>
      <Hint name={p.name} hint={p.hint} />
      <ErrorMessage ctx={p.ctx} name={p.name} error={p.error} />
      <div class={`kern-fieldset__body${p.horizontal ? ' kern-fieldset__body--horizontal' : ''}`}>
        {p.children}
      </div>
    </fieldset>
  );
}

export interface ChoiceOption {
  value: string;
  label: string;
  hint?: string;
}

/** The first option carries the field's id so the error summary link lands on it. */
function optionId(name: string, i: number): string {
  return i === 0 ? fieldId(name) : `${fieldId(name)}-${i}`;
}

function Choice(p: {
  kind: 'radio' | 'checkbox';
  name: string;
  option: ChoiceOption;
  index: number;
  checked: boolean;
  error?: string;
}) {
  const id = optionId(p.name, p.index);
  const cls = `kern-form-check__${p.kind}${p.error ? ` kern-form-check__${p.kind}--error` : ''}`;
  return (
    <div class="kern-form-check">
      <input
        class={cls}
        id={id}
        name={p.name}
        type={p.kind}
        value={p.option.value}
        checked={p.checked}
        aria-describedby={p.option.hint ? `${id}-hint` : undefined}
      />
      <label class="kern-label" for={id}>
        {p.option.label}
      </label>
      {p.option.hint && (
        <div class="kern-hint ok-choice-hint" id={`${id}-hint`}>
          {p.option.hint}
        </div>
      )}
    </div>
  );
}

type ChoicesProps = Omit<FieldsetProps, 'children'> & { options: ChoiceOption[] };

export function Radios(p: ChoicesProps & { value?: string }) {
  return (
    <Fieldset {...p}>
      {p.options.map((o, i) => (
        <Choice
          key={o.value}
          kind="radio"
          name={p.name}
          option={o}
          index={i}
          checked={o.value === p.value}
          error={p.error}
        />
      ))}
    </Fieldset>
  );
}

export function Checkboxes(p: ChoicesProps & { values?: string[] }) {
  return (
    <Fieldset {...p}>
      {p.options.map((o, i) => (
        <Choice
          key={o.value}
          kind="checkbox"
          name={p.name}
          option={o}
          index={i}
          checked={p.values?.includes(o.value) ?? false}
          error={p.error}
        />
      ))}
    </Fieldset>
  );
}

/** A single checkbox (consent, "I confirm …") outside a group. */
export function Checkbox(p: {
  ctx: ViewContext;
  name: string;
  label: string;
  value?: string;
  checked?: boolean;
  hint?: string;
  error?: string;
}) {
  const id = fieldId(p.name);
  return (
    <div class="kern-form-input">
      <ErrorMessage ctx={p.ctx} name={p.name} error={p.error} />
      <div class={`kern-form-check${p.error ? ' kern-form-check--error' : ''}`}>
        <input
          class={`kern-form-check__checkbox${p.error ? ' kern-form-check__checkbox--error' : ''}`}
          id={id}
          name={p.name}
          type="checkbox"
          value={p.value ?? 'ja'}
          checked={p.checked}
          aria-invalid={p.error ? 'true' : undefined}
          aria-describedby={describedBy(p)}
        />
        <label class="kern-label" for={id}>
          {p.label}
        </label>
      </div>
      <Hint name={p.name} hint={p.hint} />
    </div>
  );
}
