import type { ComponentChildren } from 'preact';
import type { ViewContext } from './context.ts';
import { fieldId } from './ids.ts';
import type { FieldErrors } from './validation.ts';

/**
 * The view component kit (KERN UX markup). Modules import from this file only; the parts live
 * in small files beside it.
 */
export { fieldId } from './ids.ts';
export type { FieldErrors } from './validation.ts';
export { FormValidator, formValue, formValues, type TextRules } from './validation.ts';
export {
  parseDateInput,
  dateParts,
  formatIsoDate,
  isoDateIn,
  daysInMonth,
  isLeapYear,
  type DateParts,
  type DatePart,
  type DateRules,
  type DateResult,
} from './date.ts';
export {
  TextField,
  EmailField,
  PasswordField,
  TextArea,
  FileField,
  Select,
  Label,
  Hint,
  ErrorMessage,
  type FieldProps,
  type Option,
  type TextFieldProps,
} from './fields.tsx';
export { Fieldset, Radios, Checkboxes, Checkbox, type ChoiceOption } from './choices.tsx';
export { DateField } from './date-field.tsx';
export { Table, type Column } from './table.tsx';
export { Pagination, pageWindow } from './pagination.tsx';
export { Alert, Badge, Tag, type Tone } from './alerts.tsx';
export { SummaryList, SummaryCard, type SummaryRow } from './summary-list.tsx';
export { Button, SubmitButton, ButtonLink, ButtonGroup, type ButtonVariant } from './buttons.tsx';

/**
 * The error summary at the top of a re-rendered form (status 422). public/ok.js moves the
 * focus to it on load; each message links to its field.
 */
export function ErrorSummary({ ctx, errors }: { ctx: ViewContext; errors: FieldErrors }) {
  const entries = Object.entries(errors);
  if (!entries.length) return null;
  return (
    <div
      class="kern-alert kern-alert--danger ok-error-summary"
      tabIndex={-1}
      id="error-summary"
      aria-labelledby="error-summary-title"
      data-ok-focus=""
    >
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--danger" aria-hidden="true" />
        <h2 class="kern-title" id="error-summary-title">
          {ctx.t('form.errorSummary')}
        </h2>
      </div>
      <div class="kern-alert__body">
        <ul class="kern-list">
          {entries.map(([field, message]) => (
            <li key={field}>
              <a class="kern-link" href={`#${fieldId(field)}`}>
                {message}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** POST form with CSRF token; method override is not supported on purpose. */
export function Form(props: {
  ctx: ViewContext;
  action: string;
  children: ComponentChildren;
  multipart?: boolean;
  id?: string;
  class?: string;
  /** Accessible name when a page has more than one form. */
  label?: string;
}) {
  const token = props.ctx.csrfToken();
  // Multipart bodies are parsed after the CSRF check, so the token also travels in the query.
  const action = props.multipart
    ? `${props.action}${props.action.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(token)}`
    : props.action;
  return (
    <form
      method="post"
      action={action}
      id={props.id}
      class={props.class ? `ok-form ${props.class}` : 'ok-form'}
      enctype={props.multipart ? 'multipart/form-data' : undefined}
      aria-label={props.label}
      noValidate
    >
      <input type="hidden" name="_csrf" value={token} />
      {props.children}
    </form>
  );
}
