import type { StoredMail } from '../../mail/index.ts';
import {
  Alert,
  Badge,
  Form,
  Pagination,
  SubmitButton,
  SummaryList,
  Table,
  type Tone,
} from '../../views/components.tsx';
import type { ViewContext } from '../../views/context.ts';
import { dateTime, listHref } from '../format.ts';
import { StaffPage } from './staff-page.tsx';

const TONE: Record<StoredMail['status'], Tone> = {
  outbox: 'info',
  pending: 'warning',
  sent: 'success',
  failed: 'danger',
};

function StatusBadge({ ctx, status }: { ctx: ViewContext; status: StoredMail['status'] }) {
  return <Badge tone={TONE[status]} label={ctx.t(`staff.outbox.status.${status}`)} small />;
}

export function OutboxListPage(p: {
  ctx: ViewContext;
  mode: 'smtp' | 'outbox';
  mails: StoredMail[];
  total: number;
  page: number;
  pageCount: number;
}) {
  const { ctx } = p;
  const { t } = ctx;
  return (
    <StaffPage ctx={ctx} title={t('staff.outbox.title')} trail={[]}>
      <p class="kern-body">{t(`staff.outbox.lead.${p.mode}`)}</p>
      {p.mails.length === 0 ? (
        <p class="kern-body">{t('staff.outbox.empty')}</p>
      ) : (
        <>
          <Table
            id="outbox"
            caption={t('staff.outbox.caption', { total: p.total, page: p.page, pages: p.pageCount })}
            columns={[
              { key: 'created', label: t('staff.outbox.col.created') },
              { key: 'to', label: t('staff.outbox.col.to') },
              { key: 'subject', label: t('staff.outbox.col.subject') },
              { key: 'status', label: t('staff.outbox.col.status') },
            ]}
            rowHeader="subject"
            rows={p.mails.map((m) => ({
              created: dateTime(ctx.lang, m.createdAt),
              to: m.to,
              subject: (
                <a class="kern-link" href={`/verwaltung/postausgang/${m.id}`}>
                  {m.subject}
                </a>
              ),
              status: <StatusBadge ctx={ctx} status={m.status} />,
            }))}
          />
          <Pagination
            ctx={ctx}
            page={p.page}
            pageCount={p.pageCount}
            href={(n) => listHref('/verwaltung/postausgang', {}, n)}
          />
        </>
      )}
    </StaffPage>
  );
}

export function OutboxMailPage({
  ctx,
  mail,
  resent,
}: {
  ctx: ViewContext;
  mail: StoredMail;
  resent: boolean;
}) {
  const { t } = ctx;
  return (
    <StaffPage
      ctx={ctx}
      title={mail.subject}
      trail={[{ href: '/verwaltung/postausgang', label: t('staff.outbox.title') }]}
    >
      {resent && <Alert type="success" title={t('staff.outbox.resent')} />}
      <SummaryList
        ctx={ctx}
        id="mail-details"
        rows={[
          { key: t('staff.outbox.col.to'), value: mail.to },
          { key: t('staff.outbox.col.created'), value: dateTime(ctx.lang, mail.createdAt) },
          { key: t('staff.outbox.col.status'), value: <StatusBadge ctx={ctx} status={mail.status} /> },
          { key: t('staff.outbox.attempts'), value: String(mail.attempts) },
          { key: t('staff.outbox.sentAt'), value: dateTime(ctx.lang, mail.sentAt) },
          {
            key: t('staff.outbox.nextAttempt'),
            value: mail.status === 'pending' ? dateTime(ctx.lang, mail.nextAttemptAt) : '',
          },
          { key: t('staff.outbox.lastError'), value: mail.lastError ?? '' },
          { key: t('staff.outbox.template'), value: mail.template ?? '' },
          {
            key: t('staff.outbox.attachments'),
            value: mail.attachments
              .map((a) => `${a.filename} (${a.contentType.split(';')[0]!}, ${a.content.length} B)`)
              .join(', '),
          },
        ]}
      />
      {mail.status === 'failed' && (
        <Form ctx={ctx} action={`/verwaltung/postausgang/${mail.id}/erneut-senden`}>
          <SubmitButton label={t('staff.outbox.resend')} />
        </Form>
      )}
      <h2 class="kern-heading-medium">{t('staff.outbox.text')}</h2>
      <pre class="ok-mail-text" tabIndex={0}>
        {mail.text}
      </pre>
      {mail.html && (
        <details class="kern-accordion">
          <summary class="kern-accordion__header">
            <span class="kern-title">{t('staff.outbox.htmlSource')}</span>
          </summary>
          <div class="kern-accordion__body">
            <pre class="ok-mail-text" tabIndex={0}>
              {mail.html}
            </pre>
          </div>
        </details>
      )}
    </StaffPage>
  );
}
