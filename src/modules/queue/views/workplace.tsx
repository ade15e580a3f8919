import { Fragment } from 'preact';
import {
  Alert,
  Button,
  ButtonGroup,
  Checkboxes,
  ErrorSummary,
  Form,
  Radios,
  Select,
  SummaryList,
  Table,
  Checkbox,
  type FieldErrors,
} from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import type { CounterRow, GroupRow, LocationRow, TicketRow } from '../db/queries.ts';
import { groupName } from './kiosk.tsx';
import { QueuePage, timeOfDay } from './parts.tsx';

/** /verwaltung/warteschlange: the locations this clerk may work at. */
export function LocationsPage({ ctx, locations }: { ctx: ViewContext; locations: LocationRow[] }) {
  const { t } = ctx;
  return (
    <QueuePage ctx={ctx} title={t('queue.staff.title')}>
      {locations.length === 0 ? (
        <p class="kern-body">{t('queue.staff.noLocations')}</p>
      ) : (
        <Table
          id="queue-locations"
          caption={t('queue.staff.locations')}
          columns={[
            { key: 'name', label: t('queue.staff.location') },
            { key: 'links', label: t('queue.staff.links') },
          ]}
          rowHeader="name"
          rows={locations.map((l) => ({
            name: (
              <a class="kern-link" href={`/verwaltung/warteschlange/${l.slug}`}>
                {l.name}
              </a>
            ),
            links: (
              <span class="ok-queue-links">
                {(
                  [
                    [`/verwaltung/warteschlange/${l.slug}/statistik`, t('queue.stats.title')],
                    [`/wartezeiten/${l.slug}/anzeige`, t('queue.display.title')],
                    [`/wartezeiten/${l.slug}/kiosk`, t('queue.kiosk.title')],
                  ] as const
                ).map(([href, label]) => (
                  <Fragment key={href}>
                    <a class="kern-link" href={href}>
                      {label}
                      <span class="kern-sr-only"> – {l.name}</span>
                    </a>{' '}
                  </Fragment>
                ))}
              </span>
            ),
          }))}
        />
      )}
    </QueuePage>
  );
}

export interface WorkplaceData {
  loc: LocationRow;
  groups: GroupRow[];
  counters: CounterRow[];
  own: CounterRow | null;
  current: TicketRow | null;
  waiting: TicketRow[];
  parked: TicketRow[];
}

export interface WorkplaceFlash {
  type: 'success' | 'info' | 'warning' | 'danger';
  text: string;
}

function ticketKind(ctx: ViewContext, tk: TicketRow): string {
  const { t } = ctx;
  const parts = [
    tk.appointment_id
      ? t('queue.kind.appointment', { time: timeOfDay(ctx, tk.appointment_starts_at!) })
      : t('queue.kind.walkIn'),
  ];
  if (tk.priority) parts.push(t('queue.kind.priority'));
  return parts.join(', ');
}

/** /verwaltung/warteschlange/<slug>: the counter workplace (all actions are POST forms). */
export function WorkplacePage({
  ctx,
  data,
  flash,
  errors,
  accountId,
}: {
  ctx: ViewContext;
  data: WorkplaceData;
  flash?: WorkplaceFlash;
  errors?: FieldErrors;
  accountId: string;
}) {
  const { t } = ctx;
  const { loc, groups, counters, own, current } = data;
  const base = `/verwaltung/warteschlange/${loc.slug}`;
  const byId = new Map(groups.map((g) => [g.id, g]));
  const gName = (id: string) => {
    const g = byId.get(id);
    return g ? groupName(ctx, g) : '';
  };
  const free = counters.filter((c) => !c.occupied_by || c.occupied_by === accountId);
  const taken = counters.filter((c) => c.occupied_by && c.occupied_by !== accountId);
  return (
    <QueuePage
      ctx={ctx}
      title={t('queue.workplace.title', { name: loc.name })}
      trail={[{ href: '/verwaltung/warteschlange', label: t('queue.staff.title') }]}
    >
      {errors && <ErrorSummary ctx={ctx} errors={errors} />}
      {flash && <Alert type={flash.type} title={flash.text} id="queue-flash" />}
      {own ? (
        <section aria-labelledby="counter-heading" class="ok-queue-workplace">
          <h2 class="kern-heading-medium" id="counter-heading">
            {t('queue.workplace.at', { counter: own.label })}
          </h2>
          {current ? (
            <div class="ok-queue-current">
              <p class="ok-queue-current__code" id="current-ticket">
                {current.code}
              </p>
              <SummaryList
                ctx={ctx}
                rows={[
                  { key: t('queue.group'), value: gName(current.group_id) },
                  { key: t('queue.workplace.kind'), value: ticketKind(ctx, current) },
                  { key: t('queue.workplace.calledAt'), value: timeOfDay(ctx, current.called_at!) },
                  {
                    key: t('queue.workplace.calls'),
                    value: t('queue.workplace.callsOf', {
                      n: String(current.call_count),
                      max: String(loc.missed_after_calls),
                    }),
                  },
                ]}
              />
              <ButtonGroup>
                <Form ctx={ctx} action={`${base}/abschliessen`} label={t('queue.action.finish')}>
                  <Button label={t('queue.action.finish')} />
                </Form>
                {current.call_count < loc.missed_after_calls && (
                  <Form ctx={ctx} action={`${base}/erneut`} label={t('queue.action.recall')}>
                    <Button label={t('queue.action.recall')} variant="secondary" />
                  </Form>
                )}
                <Form ctx={ctx} action={`${base}/parken`} label={t('queue.action.park')}>
                  <Button label={t('queue.action.park')} variant="secondary" />
                </Form>
                {current.call_count >= loc.missed_after_calls && (
                  <Form ctx={ctx} action={`${base}/nicht-erschienen`} label={t('queue.action.missed')}>
                    <Button label={t('queue.action.missed')} variant="secondary" />
                  </Form>
                )}
              </ButtonGroup>
            </div>
          ) : (
            <p class="kern-body">{t('queue.workplace.idle')}</p>
          )}
          <Form ctx={ctx} action={`${base}/aufrufen`} label={t('queue.action.next')}>
            <Button label={t('queue.action.next')} icon="arrow-forward" />
          </Form>
          {!current && (
            <Form ctx={ctx} action={`${base}/platz/verlassen`} label={t('queue.action.leave')}>
              <Button label={t('queue.action.leave')} variant="tertiary" />
            </Form>
          )}
        </section>
      ) : (
        <section aria-labelledby="take-heading">
          <h2 class="kern-heading-medium" id="take-heading">
            {t('queue.workplace.take')}
          </h2>
          {free.length === 0 ? (
            <p class="kern-body">{t('queue.workplace.allTaken')}</p>
          ) : (
            <Form ctx={ctx} action={`${base}/platz`} label={t('queue.workplace.take')}>
              <Radios
                ctx={ctx}
                name="counter"
                legend={t('queue.workplace.counter')}
                required
                error={errors?.counter}
                options={free.map((c) => ({ value: c.id, label: c.label }))}
              />
              <Checkboxes
                ctx={ctx}
                name="groups"
                legend={t('queue.workplace.groups')}
                hint={t('queue.workplace.groupsHint')}
                options={groups
                  .filter((g) => g.active)
                  .map((g) => ({ value: g.id, label: `${groupName(ctx, g)} (${g.prefix})` }))}
              />
              <Button label={t('queue.action.take')} />
            </Form>
          )}
          {taken.length > 0 && (
            <p class="kern-body">
              {t('queue.workplace.takenList')}: {taken.map((c) => c.label).join(', ')}
            </p>
          )}
        </section>
      )}

      <section aria-labelledby="waiting-heading">
        <h2 class="kern-heading-medium" id="waiting-heading">
          {t('queue.workplace.waitingLabel')}{' '}
          <span data-queue-waiting-count={`/api/v1/queue/locations/${loc.slug}/events`}>
            {data.waiting.length}
          </span>
        </h2>
        <script src="/assets/queue/workplace.js" nonce={ctx.nonce} defer />
        {data.waiting.length > 0 && (
          <Table
            id="queue-waiting"
            caption={t('queue.workplace.waitingCaption')}
            captionHidden
            small
            columns={[
              { key: 'code', label: t('queue.ticket.code') },
              { key: 'group', label: t('queue.group') },
              { key: 'kind', label: t('queue.workplace.kind') },
              { key: 'since', label: t('queue.workplace.since') },
            ]}
            rowHeader="code"
            rows={data.waiting.slice(0, 15).map((tk) => ({
              code: tk.code,
              group: gName(tk.group_id),
              kind: ticketKind(ctx, tk),
              since: timeOfDay(ctx, tk.created_at),
            }))}
          />
        )}
      </section>

      {data.parked.length > 0 && (
        <section aria-labelledby="parked-heading">
          <h2 class="kern-heading-medium" id="parked-heading">
            {t('queue.workplace.parked')}
          </h2>
          <Table
            id="queue-parked"
            caption={t('queue.workplace.parked')}
            captionHidden
            small
            columns={[
              { key: 'code', label: t('queue.ticket.code') },
              { key: 'group', label: t('queue.group') },
              { key: 'action', label: t('queue.workplace.action') },
            ]}
            rowHeader="code"
            rows={data.parked.map((tk) => ({
              code: tk.code,
              group: gName(tk.group_id),
              action: own ? (
                <Form
                  ctx={ctx}
                  action={`${base}/geparkt`}
                  label={t('queue.action.callParked', { code: tk.code })}
                >
                  <input type="hidden" name="ticket" value={tk.id} />
                  <button type="submit" class="kern-btn kern-btn--secondary">
                    <span class="kern-label">{t('queue.action.callParked', { code: tk.code })}</span>
                  </button>
                </Form>
              ) : (
                ''
              ),
            }))}
          />
        </section>
      )}

      <section aria-labelledby="issue-heading">
        <h2 class="kern-heading-medium" id="issue-heading">
          {t('queue.workplace.issue')}
        </h2>
        <Form ctx={ctx} action={`${base}/ticket`} label={t('queue.workplace.issue')}>
          <Select
            ctx={ctx}
            name="group"
            label={t('queue.group')}
            required
            error={errors?.group}
            options={groups
              .filter((g) => g.active && !g.for_appointments)
              .map((g) => ({ value: g.key, label: groupName(ctx, g) }))}
          />
          <Checkbox ctx={ctx} name="priority" value="1" label={t('queue.workplace.priority')} />
          <Button label={t('queue.action.issue')} variant="secondary" />
        </Form>
      </section>
      <p class="kern-body">
        <a class="kern-link" href={`${base}/statistik`}>
          {t('queue.stats.title')}
        </a>
      </p>
      <p class="kern-body">
        <a class="kern-link" href={`${base}/schalter`}>
          {t('queue.counters.link')}
        </a>
      </p>
    </QueuePage>
  );
}
