import type { ComponentChildren } from 'preact';
import type { ViewContext } from './context.ts';
import { fieldId } from './ids.ts';

export interface FieldProps {
  ctx: ViewContext;
  name: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
  /** Bigger label, e.g. when the label is the question of a one-question page. */
  largeLabel?: boolean;
}

export function Label({ ctx, name, label, required, largeLabel }: FieldProps) {
  return (
    <label class={`kern-label${largeLabel ? ' kern-label--large' : ''}`} for={fieldId(name)}>
      {label}
      {!required && <span class="kern-label__optional"> {ctx.t('form.optional')}</span>}
    </label>
  );
}

export function describedBy(p: { name: string; hint?: string; error?: string }): string | undefined {
  const ids = [p.hint ? `${fieldId(p.name)}-hint` : null, p.error ? `${fieldId(p.name)}-error` : null].filter(
    Boolean,
  );
  return ids.length ? ids.join(' ') : undefined;
}

export function Hint({ name, hint }: { name: string; hint?: string }) {
  if (!hint) return null;
  return (
    <div class="kern-hint" id={`${fieldId(name)}-hint`}>
      {hint}
    </div>
  );
}

/** The message at the field; the hidden prefix makes screen readers say "Fehler:" first. */
export function ErrorMessage({ ctx, name, error }: { ctx: ViewContext; name: string; error?: string }) {
  if (!error) return null;
  return (
    <p class="kern-error" id={`${fieldId(name)}-error`}>
      <span class="kern-icon kern-icon--danger" aria-hidden="true" />
      <span class="kern-body">
        <span class="kern-sr-only">{ctx.t('form.errorPrefix')} </span>
        {error}
      </span>
    </p>
  );
}

function Wrapper({ error, children }: { error?: string; children: ComponentChildren }) {
  return <div class={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>{children}</div>;
}

function inputClass(error?: string, width?: 2 | 4): string {
  return `kern-form-input__input${error ? ' kern-form-input__input--error' : ''}${width ? ` kern-form-input__input--width-${width}` : ''}`;
}

/** Required/invalid state and the ids of hint and error, the same on every form control. */
function stateAttrs(p: FieldProps) {
  return {
    required: p.required,
    'aria-required': p.required ? ('true' as const) : undefined,
    'aria-invalid': p.error ? ('true' as const) : undefined,
    'aria-describedby': describedBy(p),
  };
}

/** preact's input typings are a union per type; the runtime value is what matters here. */
function inputType(type: string | undefined): { type: 'text' } {
  return { type: type ?? 'text' } as { type: 'text' };
}

export interface TextFieldProps extends FieldProps {
  value?: string;
  type?: 'text' | 'email' | 'password' | 'tel' | 'number' | 'search' | 'url';
  autocomplete?: string;
  inputmode?: 'numeric' | 'decimal' | 'email' | 'tel' | 'text' | 'url';
  maxLength?: number;
  /** Fixed character width for short inputs (postal code, day, month). */
  width?: 2 | 4;
  spellcheck?: boolean;
}

export function TextField(p: TextFieldProps) {
  return (
    <Wrapper error={p.error}>
      <Label {...p} />
      <Hint name={p.name} hint={p.hint} />
      <input
        {...inputType(p.type)}
        class={inputClass(p.error, p.width)}
        id={fieldId(p.name)}
        name={p.name}
        value={p.type === 'password' ? undefined : p.value}
        autocomplete={p.autocomplete}
        inputMode={p.inputmode}
        maxLength={p.maxLength}
        spellcheck={p.spellcheck}
        {...stateAttrs(p)}
      />
      <ErrorMessage ctx={p.ctx} name={p.name} error={p.error} />
    </Wrapper>
  );
}

export function EmailField(p: Omit<TextFieldProps, 'type' | 'inputmode'>) {
  return (
    <TextField
      {...p}
      type="email"
      inputmode="email"
      autocomplete={p.autocomplete ?? 'email'}
      spellcheck={false}
    />
  );
}

/** Never echoes the value back into the page. */
export function PasswordField(
  p: Omit<TextFieldProps, 'type' | 'value'> & { autocomplete: 'current-password' | 'new-password' },
) {
  return <TextField {...p} type="password" spellcheck={false} />;
}

export function TextArea(
  p: FieldProps & { value?: string; rows?: number; maxLength?: number; autocomplete?: string },
) {
  return (
    <Wrapper error={p.error}>
      <Label {...p} />
      <Hint name={p.name} hint={p.hint} />
      <textarea
        class={inputClass(p.error)}
        id={fieldId(p.name)}
        name={p.name}
        rows={p.rows ?? 5}
        maxLength={p.maxLength}
        autocomplete={p.autocomplete}
        {...stateAttrs(p)}
      >
        {p.value}
      </textarea>
      <ErrorMessage ctx={p.ctx} name={p.name} error={p.error} />
    </Wrapper>
  );
}

/** File input; the surrounding Form needs `multipart`. */
export function FileField(p: FieldProps & { accept?: string; multiple?: boolean }) {
  return (
    <Wrapper error={p.error}>
      <Label {...p} />
      <Hint name={p.name} hint={p.hint} />
      <input
        type="file"
        class={inputClass(p.error)}
        id={fieldId(p.name)}
        name={p.name}
        accept={p.accept}
        multiple={p.multiple}
        {...stateAttrs(p)}
      />
      <ErrorMessage ctx={p.ctx} name={p.name} error={p.error} />
    </Wrapper>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function Select(
  p: FieldProps & { options: Option[]; value?: string; placeholder?: string; autocomplete?: string },
) {
  return (
    <Wrapper error={p.error}>
      <Label {...p} />
      <Hint name={p.name} hint={p.hint} />
      <div class="kern-form-input__select-wrapper">
        <select
          class={`kern-form-input__select${p.error ? ' kern-form-input__select--error' : ''}`}
          id={fieldId(p.name)}
          name={p.name}
          autocomplete={p.autocomplete}
          {...stateAttrs(p)}
        >
          <option value="">{p.placeholder ?? p.ctx.t('form.select.placeholder')}</option>
          {p.options.map((o) => (
            <option key={o.value} value={o.value} selected={o.value === p.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <ErrorMessage ctx={p.ctx} name={p.name} error={p.error} />
    </Wrapper>
  );
}
