import type { ComponentChildren } from 'preact';

export type ButtonVariant = 'primary' | 'secondary' | 'tertiary';

function btnClass(variant: ButtonVariant = 'primary', block?: boolean): string {
  return `kern-btn kern-btn--${variant}${block ? ' kern-btn--block' : ''}`;
}

function Icon({ name }: { name?: string }) {
  return name ? <span class={`kern-icon kern-icon--${name}`} aria-hidden="true" /> : null;
}

export function Button(p: {
  label: string;
  type?: 'submit' | 'button';
  variant?: ButtonVariant;
  /** KERN icon name, e.g. "arrow-forward". */
  icon?: string;
  name?: string;
  value?: string;
  block?: boolean;
  /** Submit to another action than the form's (e.g. "Entwurf speichern"). */
  formAction?: string;
  id?: string;
}) {
  return (
    <button
      type={p.type ?? 'submit'}
      class={btnClass(p.variant, p.block)}
      name={p.name}
      value={p.value}
      formAction={p.formAction}
      id={p.id}
    >
      <Icon name={p.icon} />
      <span class="kern-label">{p.label}</span>
    </button>
  );
}

export function SubmitButton({ label, secondary }: { label: string; secondary?: boolean }) {
  return <Button label={label} variant={secondary ? 'secondary' : 'primary'} />;
}

/** A link that looks like a button: for navigation ("Antrag starten"), never for state changes. */
export function ButtonLink(p: {
  href: string;
  label: string;
  variant?: ButtonVariant;
  icon?: string;
  block?: boolean;
  download?: boolean;
}) {
  return (
    <a class={btnClass(p.variant, p.block)} href={p.href} download={p.download}>
      <span class="kern-label">{p.label}</span>
      <Icon name={p.icon} />
    </a>
  );
}

/** Lays out buttons in a row that wraps (primary first). */
export function ButtonGroup({ children }: { children: ComponentChildren }) {
  return <div class="kern-btn-wrapper ok-button-group">{children}</div>;
}
