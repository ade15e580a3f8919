import { Form } from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import type { GroupRow } from '../db/queries.ts';
import { estimateText, timeOfDay } from './parts.tsx';
import { ScreenDocument, ScreenLanguageSwitch } from './screen-document.tsx';

export function groupName(ctx: ViewContext, g: Pick<GroupRow, 'name_de' | 'name_en'>): string {
  return ctx.lang === 'en' ? g.name_en : g.name_de;
}

/** The touch-screen kiosk: one large button per service group, the check-in, DE/EN. */
export function KioskPage({
  ctx,
  slug,
  name,
  groups,
  waiting,
  contingentLeft,
  message,
}: {
  ctx: ViewContext;
  slug: string;
  name: string;
  groups: GroupRow[];
  waiting: Map<string, number>;
  contingentLeft: number;
  message?: string;
}) {
  const { t } = ctx;
  const walkIn = groups.filter((g) => g.active && !g.for_appointments);
  return (
    <ScreenDocument ctx={ctx} title={t('queue.kiosk.title')} bodyClass="ok-kiosk">
      <div class="ok-screen__top">
        <p class="ok-screen__place">{name}</p>
        <ScreenLanguageSwitch ctx={ctx} />
      </div>
      <h1 class="kern-heading-x-large">{t('queue.kiosk.title')}</h1>
      {message && (
        <div class="kern-alert kern-alert--danger" role="alert">
          <div class="kern-alert__header">
            <span class="kern-icon kern-icon--danger" aria-hidden="true" />
            <span class="kern-title">{message}</span>
          </div>
        </div>
      )}
      {contingentLeft <= 0 ? (
        <p class="kern-body kern-body--large">{t('queue.kiosk.contingentReached')}</p>
      ) : (
        <>
          <p class="kern-body kern-body--large">{t('queue.kiosk.choose')}</p>
          <ul class="ok-kiosk__choices">
            {walkIn.map((g) => (
              <li key={g.id}>
                <Form ctx={ctx} action={`/wartezeiten/${slug}/kiosk`} label={groupName(ctx, g)}>
                  <input type="hidden" name="group" value={g.key} />
                  <button type="submit" class="kern-btn kern-btn--primary ok-kiosk__button">
                    <span class="kern-label">
                      <span class="ok-kiosk__name">{groupName(ctx, g)}</span>
                      <span class="ok-kiosk__meta">
                        {t('queue.waiting.count', { count: String(waiting.get(g.id) ?? 0) })}
                      </span>
                    </span>
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </>
      )}
      <p class="ok-kiosk__appointment">
        <a
          class="kern-btn kern-btn--secondary ok-kiosk__button"
          href={`/wartezeiten/${slug}/einchecken?kiosk=1`}
        >
          <span class="kern-label">{t('queue.kiosk.haveAppointment')}</span>
        </a>
      </p>
    </ScreenDocument>
  );
}

export interface TicketView {
  id: string;
  code: string;
  group: string;
  createdAt: Date;
  appointmentAt: Date | null;
  status: string;
  ahead: number;
  optimisticMinutes: number | null;
  pessimisticMinutes: number | null;
  counter: string | null;
}

/** The ticket: shown on the kiosk screen or the phone and printable (@media print). */
export function TicketPage({
  ctx,
  slug,
  name,
  ticket,
  kiosk,
}: {
  ctx: ViewContext;
  slug: string;
  name: string;
  ticket: TicketView;
  kiosk: boolean;
}) {
  const { t } = ctx;
  return (
    <ScreenDocument
      ctx={ctx}
      title={t('queue.ticket.title')}
      bodyClass={kiosk ? 'ok-kiosk' : 'ok-ticket-page'}
      scripts={['/assets/queue/ticket.js']}
    >
      <div class="ok-screen__top ok-noprint">
        <p class="ok-screen__place">{name}</p>
        <ScreenLanguageSwitch ctx={ctx} />
      </div>
      <h1 class="kern-heading-large">{t('queue.ticket.title')}</h1>
      <div class="ok-ticket" id="ticket">
        <p class="ok-ticket__place">{name}</p>
        <p class="ok-ticket__code" aria-label={t('queue.ticket.number', { code: ticket.code })}>
          {ticket.code}
        </p>
        <p class="ok-ticket__group">{ticket.group}</p>
        <dl class="ok-queue-facts">
          <dt>{t('queue.ticket.issued')}</dt>
          <dd>{timeOfDay(ctx, ticket.createdAt)}</dd>
          {ticket.appointmentAt && (
            <>
              <dt>{t('queue.ticket.appointment')}</dt>
              <dd>{timeOfDay(ctx, ticket.appointmentAt)}</dd>
            </>
          )}
          {ticket.status === 'waiting' && (
            <>
              <dt>{t('queue.ticket.ahead')}</dt>
              <dd>{ticket.ahead}</dd>
              <dt>{t('queue.estimate.label')}</dt>
              <dd>{estimateText(ctx, ticket.optimisticMinutes, ticket.pessimisticMinutes)}</dd>
            </>
          )}
          {ticket.status !== 'waiting' && (
            <>
              <dt>{t('queue.ticket.status')}</dt>
              <dd>
                {t(`queue.status.${ticket.status}`)}
                {ticket.status === 'called' && ticket.counter ? ` – ${ticket.counter}` : ''}
              </dd>
            </>
          )}
        </dl>
        <p class="ok-ticket__hint">{t('queue.ticket.hint')}</p>
      </div>
      <div class="ok-noprint ok-ticket__actions">
        <button type="button" class="kern-btn kern-btn--primary ok-kiosk__button" data-queue-print="" hidden>
          <span class="kern-label">{t('queue.ticket.print')}</span>
        </button>
        {kiosk ? (
          <a
            class="kern-btn kern-btn--secondary ok-kiosk__button"
            href={`/wartezeiten/${slug}/kiosk`}
            data-queue-return="60"
          >
            <span class="kern-label">{t('queue.ticket.done')}</span>
          </a>
        ) : (
          <a class="kern-link" href={`/wartezeiten/${slug}`}>
            {t('queue.ticket.toWaitingTimes')}
          </a>
        )}
      </div>
      {kiosk && <p class="kern-body ok-noprint">{t('queue.ticket.kioskReturn')}</p>}
    </ScreenDocument>
  );
}
