import type { EventBus } from '../../events/index.ts';
import { Alert, Form, SubmitButton, SummaryList, Table } from '../../views/components.tsx';
import type { ViewContext } from '../../views/context.ts';
import { dateTime } from '../format.ts';
import { StaffPage } from './staff-page.tsx';

export interface EventsPageProps {
  ctx: ViewContext;
  status: ReturnType<EventBus['status']>;
  events: ReturnType<EventBus['recent']>;
  sentId?: number;
}

export function EventsPage({ ctx, status, events, sentId }: EventsPageProps) {
  const { t } = ctx;
  return (
    <StaffPage ctx={ctx} title={t('staff.events.title')} trail={[]}>
      {sentId !== undefined && <Alert type="success" title={t('staff.events.sent', { id: sentId })} />}
      <p class="kern-body">{t('staff.events.lead')}</p>
      <SummaryList
        ctx={ctx}
        id="node-status"
        rows={[
          { key: t('staff.events.node'), value: <code>{status.node}</code> },
          {
            key: t('staff.events.dispatcher'),
            value: t(status.running ? 'staff.events.running' : 'staff.events.stopped'),
          },
          {
            key: t('staff.events.listen'),
            value: t(status.listening ? 'staff.events.listening' : 'staff.events.polling'),
          },
        ]}
      />
      <Form ctx={ctx} action="/verwaltung/ereignisse/test">
        <SubmitButton label={t('staff.events.send')} secondary />
      </Form>
      {events.length === 0 ? (
        <p class="kern-body">{t('staff.events.empty')}</p>
      ) : (
        <Table
          id="received-events"
          caption={t('staff.events.caption')}
          columns={[
            { key: 'id', label: t('staff.events.col.id'), numeric: true },
            { key: 'type', label: t('staff.events.col.type') },
            { key: 'tenant', label: t('staff.events.col.tenant') },
            { key: 'occurred', label: t('staff.events.col.occurred') },
            { key: 'received', label: t('staff.events.col.received') },
          ]}
          rowHeader="id"
          rows={events.map((e) => ({
            id: <span data-event-id={String(e.id)}>{e.id}</span>,
            type: <code>{e.type}</code>,
            tenant: e.tenantId ?? '–',
            occurred: dateTime(ctx.lang, e.occurredAt),
            received: dateTime(ctx.lang, e.receivedAt),
          }))}
        />
      )}
    </StaffPage>
  );
}
