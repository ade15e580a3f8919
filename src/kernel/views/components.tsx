import type { ComponentChildren } from 'preact';
import type { ViewContext } from './context.ts';

/** A field error map as produced by form validation: field name → i18n'd message. */
export type FieldErrors = Record<string, string>;

export function ErrorSummary({ ctx, errors }: { ctx: ViewContext; errors: FieldErrors }) {
  const entries = Object.entries(errors);
  if (!entries.length) return null;
  return (
    <div class="kern-alert kern-alert--danger" role="alert" tabIndex={-1} id="error-summary" aria-labelledby="error-summary-title">
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--danger" aria-hidden="true" />
        <h2 class="kern-title" id="error-summary-title">{ctx.t('form.errorSummary')}</h2>
      </div>
      <div class="kern-alert__body">
        <ul class="kern-list">
          {entries.map(([field, message]) => (
            <li key={field}>
              <a href={`#${fieldId(field)}`}>{message}</a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

export function fieldId(name: string): string {
  return `f-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
}

/** POST form with CSRF token; method override is not supported on purpose. */
export function Form(props: {
  ctx: ViewContext;
  action: string;
  children: ComponentChildren;
  multipart?: boolean;
  id?: string;
  class?: string;
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
      class={props.class}
      enctype={props.multipart ? 'multipart/form-data' : undefined}
      noValidate
    >
      <input type="hidden" name="_csrf" value={token} />
      {props.children}
    </form>
  );
}

interface FieldProps {
  ctx: ViewContext;
  name: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
}

function Label({ ctx, name, label, required }: FieldProps) {
  return (
    <label class="kern-label" for={fieldId(name)}>
      {label}
      {!required && <span class="kern-label__optional"> {ctx.t('form.optional')}</span>}
    </label>
  );
}

function describedBy(p: FieldProps): string | undefined {
  const ids = [p.hint ? `${fieldId(p.name)}-hint` : null, p.error ? `${fieldId(p.name)}-error` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function HintAndError(p: FieldProps) {
  return (
    <>
      {p.hint && (
        <div class="kern-hint" id={`${fieldId(p.name)}-hint`}>
          {p.hint}
        </div>
      )}
      {p.error && (
        <p class="kern-error" id={`${fieldId(p.name)}-error`} role="status">
          <span class="kern-icon kern-icon--danger kern-icon--md" aria-hidden="true" />
          <span class="kern-body">{p.error}</span>
        </p>
      )}
    </>
  );
}

/** preact's input typings are a union per type; the runtime value is what matters here. */
function inputType(type: string | undefined): { type: 'text' } {
  return { type: (type ?? 'text') } as { type: 'text' };
}

export function TextField(
  p: FieldProps & { value?: string; type?: 'text' | 'email' | 'password' | 'tel' | 'number' | 'search'; autocomplete?: string; inputmode?: 'numeric' | 'decimal' | 'email' | 'tel' | 'text' },
) {
  return (
    <div class={`kern-form-input${p.error ? ' kern-form-input--error' : ''}`}>
      <Label {...p} />
      <HintAndError {...p} />
      <input
        {...inputType(p.type)}
        class={`kern-form-input__input${p.error ? ' kern-form-input__input--error' : ''}`}
        id={fieldId(p.name)}
        name={p.name}
        value={p.type === 'password' ? undefined : p.value}
        autocomplete={p.autocomplete}
        inputMode={p.inputmode}
        required={p.required}
        aria-required={p.required ? 'true' : undefined}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p)}
      />
    </div>
  );
}

export function TextArea(p: FieldProps & { value?: string; rows?: number; maxLength?: number }) {
  return (
    <div class={`kern-form-input${p.error ? ' kern-form-input--error' : ''}`}>
      <Label {...p} />
      <HintAndError {...p} />
      <textarea
        class={`kern-form-input__input${p.error ? ' kern-form-input__input--error' : ''}`}
        id={fieldId(p.name)}
        name={p.name}
        rows={p.rows ?? 5}
        maxLength={p.maxLength}
        aria-required={p.required ? 'true' : undefined}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p)}
      >
        {p.value}
      </textarea>
    </div>
  );
}

export function SubmitButton({ label, secondary }: { label: string; secondary?: boolean }) {
  return (
    <button type="submit" class={`kern-btn ${secondary ? 'kern-btn--secondary' : 'kern-btn--primary'}`}>
      <span class="kern-label">{label}</span>
    </button>
  );
}

export function Alert({ type, title, children }: { type: 'info' | 'success' | 'warning' | 'danger'; title: string; children?: ComponentChildren }) {
  return (
    <div class={`kern-alert kern-alert--${type}`} role={type === 'danger' ? 'alert' : 'status'}>
      <div class="kern-alert__header">
        <span class={`kern-icon kern-icon--${type}`} aria-hidden="true" />
        <span class="kern-title">{title}</span>
      </div>
      {children && <div class="kern-alert__body">{children}</div>}
    </div>
  );
}
