import type { ComponentChildren } from 'preact';

export type Tone = 'info' | 'success' | 'warning' | 'danger';

/**
 * KERN alert. Alerts rendered with the page are not live regions by default: a screen reader
 * reads them in order. Pass `live` only for content that appears after load.
 */
export function Alert({
  type,
  title,
  children,
  headingLevel,
  live,
  id,
}: {
  type: Tone;
  title: string;
  children?: ComponentChildren;
  /** Render the title as h2/h3 when it structures the page. */
  headingLevel?: 2 | 3;
  live?: boolean;
  id?: string;
}) {
  const Title = headingLevel === 2 ? 'h2' : headingLevel === 3 ? 'h3' : 'span';
  return (
    <div
      class={`kern-alert kern-alert--${type}`}
      role={live ? (type === 'danger' ? 'alert' : 'status') : undefined}
      id={id}
    >
      <div class="kern-alert__header">
        <span class={`kern-icon kern-icon--${type}`} aria-hidden="true" />
        <Title class="kern-title">{title}</Title>
      </div>
      {children && <div class="kern-alert__body">{children}</div>}
    </div>
  );
}

/** Status tag / badge (KERN badge). Colour is never the only signal: the text says it. */
export function Badge({ tone, label, small }: { tone: Tone; label: string; small?: boolean }) {
  return (
    <span class={`kern-badge kern-badge--${tone}${small ? ' kern-badge--small' : ''}`}>
      <span class={`kern-icon kern-icon--${tone}`} aria-hidden="true" />
      <span class="kern-label">{label}</span>
    </span>
  );
}

/** Alias: the GOV.UK name for the same thing. */
export const Tag = Badge;
