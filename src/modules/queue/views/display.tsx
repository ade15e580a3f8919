import type { ViewContext } from '../../../kernel/views/context.ts';
import type { DisplayCall } from '../live.ts';
import { ScreenDocument } from './screen-document.tsx';

/**
 * The call display for a screen in the waiting area. Server-rendered with the current calls;
 * display.js keeps it live over SSE (and reconnects by itself); without JavaScript it reloads
 * every 15 seconds.
 */
export function DisplayPage({
  ctx,
  slug,
  name,
  calls,
  sound,
  max,
}: {
  ctx: ViewContext;
  slug: string;
  name: string;
  calls: DisplayCall[];
  sound: boolean;
  max: number;
}) {
  const { t } = ctx;
  return (
    <ScreenDocument
      ctx={ctx}
      title={t('queue.display.title')}
      bodyClass="ok-display"
      scripts={['/assets/queue/display.js']}
      refreshSeconds={15}
    >
      <div
        class="ok-display__root"
        data-queue-display={`/wartezeiten/${slug}/anzeige/events`}
        data-max={String(max)}
        data-sound={sound ? 'on' : 'off'}
        data-text-call={t('queue.display.announce')}
      >
        <div class="ok-screen__top">
          <h1 class="kern-heading-large">{t('queue.display.heading', { name })}</h1>
          <p
            class="ok-display__status"
            role="status"
            data-queue-status=""
            data-text-live={t('queue.display.live')}
            data-text-lost={t('queue.display.lost')}
          >
            {t('queue.display.static')}
          </p>
        </div>
        <table class="ok-display__table">
          <caption class="kern-sr-only">{t('queue.display.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('queue.display.number')}</th>
              <th scope="col">{t('queue.display.counter')}</th>
            </tr>
          </thead>
          <tbody data-queue-calls="">
            {calls.map((c) => (
              <tr key={c.ticketId} data-ticket={c.ticketId} data-calls={String(c.callCount)}>
                <th scope="row" class="ok-display__code">
                  {c.code}
                </th>
                <td class="ok-display__counter">{c.counter}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="ok-display__empty" data-queue-empty="" hidden={calls.length > 0}>
          {t('queue.display.empty')}
        </p>
        <div class="kern-sr-only" aria-live="polite" data-queue-announce="" />
        {sound && (
          <button
            type="button"
            class="kern-btn kern-btn--tertiary ok-display__sound"
            data-queue-sound=""
            aria-pressed="false"
            hidden
          >
            <span class="kern-label">{t('queue.display.sound')}</span>
          </button>
        )}
      </div>
    </ScreenDocument>
  );
}
