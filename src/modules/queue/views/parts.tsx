import { dateTimeFormat, formatDateTime } from '../../../kernel/i18n/format.ts';
import type { ComponentChildren } from 'preact';
import { StaffPage } from '../../../kernel/staff/views/staff-page.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import type { TrafficLight as Light } from '../queries/waiting-time.ts';

export const QUEUE_CSS = '/assets/queue/queue.css';

/** A staff page of the queue: the kernel's staff frame with the queue styles. */
export function QueuePage(p: {
  ctx: ViewContext;
  title: string;
  trail?: { href?: string; label: string }[];
  children: ComponentChildren;
}) {
  // StaffPage has no styles prop; the queue styles are small and only used for layout here.
  return (
    <StaffPage ctx={p.ctx} title={p.title} trail={p.trail}>
      <link rel="stylesheet" href={QUEUE_CSS} />
      {p.children}
    </StaffPage>
  );
}

/** Time of day in Berlin, "10:35". */
export function timeOfDay(ctx: ViewContext, d: Date): string {
  return dateTimeFormat(ctx.lang, { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Berlin' }).format(
    d,
  );
}

export function UpdatedAt({ ctx, at, id }: { ctx: ViewContext; at: Date; id?: string }) {
  return (
    <time dateTime={at.toISOString()} id={id}>
      {formatDateTime(ctx.lang, at)}
    </time>
  );
}

/** "10 bis 20 Minuten", "etwa 5 Minuten", "unter 1 Minute" or "kein Schalter besetzt". */
export function estimateText(ctx: ViewContext, lo: number | null, hi: number | null): string {
  const { t } = ctx;
  if (lo === null || hi === null) return t('queue.estimate.closed');
  if (hi < 1) return t('queue.estimate.none');
  if (lo === hi) return t('queue.estimate.about', { minutes: String(hi) });
  return t('queue.estimate.range', { from: String(lo), to: String(hi) });
}

/** Traffic light: a coloured disc plus its meaning in words (colour is never the only signal). */
export function TrafficLight({ ctx, light, large }: { ctx: ViewContext; light: Light; large?: boolean }) {
  return (
    <span class={`ok-queue-light ok-queue-light--${light}${large ? ' ok-queue-light--large' : ''}`}>
      <svg
        viewBox="0 0 20 20"
        width={large ? 32 : 20}
        height={large ? 32 : 20}
        aria-hidden="true"
        focusable="false"
      >
        <circle cx="10" cy="10" r="9" class="ok-queue-light__disc" />
      </svg>
      <span class="ok-queue-light__label" data-queue-light-label="">
        {ctx.t(`queue.light.${light}`)}
      </span>
    </span>
  );
}
