import type { AuditCheck, AuditRecord } from '../../audit/index.ts';
import {
  Alert,
  ErrorSummary,
  Form,
  Pagination,
  SubmitButton,
  Table,
  TextField,
  type FieldErrors,
} from '../../views/components.tsx';
import type { ViewContext } from '../../views/context.ts';
import { dateTime, listHref, prettyJson } from '../format.ts';
import { StaffPage } from './staff-page.tsx';

export interface AuditFilterValues {
  aktion?: string;
  akteur?: string;
  von?: string;
  bis?: string;
}

export interface AuditPageProps {
  ctx: ViewContext;
  filter: AuditFilterValues;
  errors?: FieldErrors;
  entries: AuditRecord[];
  total: number;
  page: number;
  pageCount: number;
  chain: AuditCheck | null;
  canCheck: boolean;
  /** Tenant administrators see only their tenants. */
  scopedTo?: string[];
}

function ChainStatus({ ctx, chain }: { ctx: ViewContext; chain: AuditCheck | null }) {
  const { t } = ctx;
  if (!chain) return <Alert type="info" title={t('staff.audit.chain.never')} />;
  if (chain.ok) {
    return (
      <Alert
        type="success"
        title={t('staff.audit.chain.ok', {
          time: dateTime(ctx.lang, chain.checkedAt),
          entries: chain.entries,
        })}
      />
    );
  }
  return (
    <Alert type="danger" title={t('staff.audit.chain.broken', { seq: chain.brokenSeq ?? 0 })}>
      <p class="kern-body">
        {t('staff.audit.chain.brokenText', {
          time: dateTime(ctx.lang, chain.checkedAt),
          reason: chain.reason ?? '',
        })}
      </p>
    </Alert>
  );
}

function Change({ ctx, entry }: { ctx: ViewContext; entry: AuditRecord }) {
  if (entry.before === null && entry.after === null) return null;
  return (
    <details>
      <summary>{ctx.t('staff.audit.showChange')}</summary>
      {entry.before !== null && (
        <>
          <p class="kern-body kern-body--bold">{ctx.t('staff.audit.before')}</p>
          <pre class="ok-mail-text">{prettyJson(entry.before)}</pre>
        </>
      )}
      {entry.after !== null && (
        <>
          <p class="kern-body kern-body--bold">{ctx.t('staff.audit.after')}</p>
          <pre class="ok-mail-text">{prettyJson(entry.after)}</pre>
        </>
      )}
    </details>
  );
}

export function AuditPage(p: AuditPageProps) {
  const { ctx, filter, errors = {} } = p;
  const { t } = ctx;
  return (
    <StaffPage ctx={ctx} title={t('staff.audit.title')} trail={[]}>
      <ErrorSummary ctx={ctx} errors={errors} />
      <p class="kern-body">{t('staff.audit.lead')}</p>
      {p.scopedTo && <p class="kern-body">{t('staff.audit.scoped', { tenants: p.scopedTo.join(', ') })}</p>}
      <h2 class="kern-heading-medium">{t('staff.audit.chain.title')}</h2>
      <ChainStatus ctx={ctx} chain={p.chain} />
      {p.canCheck && (
        <Form ctx={ctx} action="/verwaltung/protokoll/pruefen">
          <SubmitButton label={t('staff.audit.chain.check')} secondary />
        </Form>
      )}
      <h2 class="kern-heading-medium">{t('staff.audit.filter.title')}</h2>
      <form method="get" action="/verwaltung/protokoll" class="ok-filter" noValidate>
        <TextField
          ctx={ctx}
          name="aktion"
          label={t('staff.audit.filter.action')}
          hint={t('staff.audit.filter.actionHint')}
          value={filter.aktion}
          error={errors.aktion}
          maxLength={100}
        />
        <TextField
          ctx={ctx}
          name="akteur"
          label={t('staff.audit.filter.actor')}
          hint={t('staff.audit.filter.actorHint')}
          value={filter.akteur}
          error={errors.akteur}
          maxLength={254}
        />
        <TextField
          ctx={ctx}
          name="von"
          label={t('staff.audit.filter.from')}
          hint={t('staff.audit.filter.dateHint')}
          value={filter.von}
          error={errors.von}
          maxLength={10}
        />
        <TextField
          ctx={ctx}
          name="bis"
          label={t('staff.audit.filter.to')}
          hint={t('staff.audit.filter.dateHint')}
          value={filter.bis}
          error={errors.bis}
          maxLength={10}
        />
        <SubmitButton label={t('staff.audit.filter.submit')} />
        <p>
          <a class="kern-link" href="/verwaltung/protokoll">
            {t('staff.audit.filter.reset')}
          </a>
        </p>
      </form>
      <h2 class="kern-heading-medium">{t('staff.audit.entries')}</h2>
      {p.entries.length === 0 ? (
        <p class="kern-body">{t('staff.audit.empty')}</p>
      ) : (
        <>
          <Table
            id="audit-log"
            small
            caption={t('staff.audit.caption', { total: p.total, page: p.page, pages: p.pageCount })}
            columns={[
              { key: 'seq', label: t('staff.audit.col.seq'), numeric: true },
              { key: 'time', label: t('staff.audit.col.time') },
              { key: 'action', label: t('staff.audit.col.action') },
              { key: 'object', label: t('staff.audit.col.object') },
              { key: 'tenant', label: t('staff.audit.col.tenant') },
              { key: 'actor', label: t('staff.audit.col.actor') },
              { key: 'change', label: t('staff.audit.col.change') },
            ]}
            rowHeader="seq"
            rows={p.entries.map((e) => ({
              seq: String(e.seq),
              time: dateTime(ctx.lang, e.createdAt),
              action: <code>{e.action}</code>,
              object: `${e.objectType}${e.objectId ? ` ${e.objectId}` : ''}`,
              tenant: e.tenantId ?? '–',
              actor: e.actorId === null ? t('staff.audit.system') : (e.actorName ?? e.actorId),
              change: <Change ctx={ctx} entry={e} />,
            }))}
          />
          <Pagination
            ctx={ctx}
            page={p.page}
            pageCount={p.pageCount}
            href={(n) => listHref('/verwaltung/protokoll', { ...filter }, n)}
          />
        </>
      )}
    </StaffPage>
  );
}
