import type { FailedJob, JobCounts } from '../../jobs/index.ts';
import { Alert, Form, Pagination, SummaryList, Table } from '../../views/components.tsx';
import type { ViewContext } from '../../views/context.ts';
import { dateTime, listHref } from '../format.ts';
import { StaffPage } from './staff-page.tsx';

export interface JobsPageProps {
  ctx: ViewContext;
  jobs: FailedJob[];
  total: number;
  page: number;
  pageCount: number;
  counts: JobCounts;
  workersHere: boolean;
  notice?: 'retried' | null;
}

export function JobsPage(p: JobsPageProps) {
  const { ctx } = p;
  const { t } = ctx;
  return (
    <StaffPage ctx={ctx} title={t('staff.jobs.title')} trail={[]}>
      {p.notice === 'retried' && <Alert type="success" title={t('staff.jobs.retried')} />}
      <p class="kern-body">{t('staff.jobs.lead')}</p>
      <SummaryList
        ctx={ctx}
        id="job-counts"
        rows={[
          { key: t('staff.jobs.count.queued'), value: String(p.counts.queued) },
          { key: t('staff.jobs.count.active'), value: String(p.counts.active) },
          { key: t('staff.jobs.count.failed'), value: String(p.counts.failed) },
          {
            key: t('staff.jobs.workers'),
            value: t(p.workersHere ? 'staff.jobs.workers.here' : 'staff.jobs.workers.elsewhere'),
          },
        ]}
      />
      {p.jobs.length === 0 ? (
        <p class="kern-body">{t('staff.jobs.empty')}</p>
      ) : (
        <>
          <Table
            id="failed-jobs"
            caption={t('staff.jobs.caption', { total: p.total, page: p.page, pages: p.pageCount })}
            columns={[
              { key: 'name', label: t('staff.jobs.col.name') },
              { key: 'error', label: t('staff.jobs.col.error') },
              { key: 'attempts', label: t('staff.jobs.col.attempts'), numeric: true },
              { key: 'failedAt', label: t('staff.jobs.col.failedAt') },
              { key: 'action', label: t('staff.jobs.col.action') },
            ]}
            rowHeader="name"
            rows={p.jobs.map((j) => ({
              name: <code>{j.name}</code>,
              error: j.error ?? t('staff.jobs.noError'),
              attempts: String(j.attempts),
              failedAt: dateTime(ctx.lang, j.failedAt),
              action: (
                <Form ctx={ctx} action={`/verwaltung/aufgaben/${j.id}/wiederholen`}>
                  <button type="submit" class="kern-btn kern-btn--secondary">
                    <span class="kern-label">
                      {t('staff.jobs.retry')}
                      <span class="kern-sr-only">
                        {' '}
                        {j.name}, {dateTime(ctx.lang, j.failedAt)}
                      </span>
                    </span>
                  </button>
                </Form>
              ),
            }))}
          />
          <Pagination
            ctx={ctx}
            page={p.page}
            pageCount={p.pageCount}
            href={(n) => listHref('/verwaltung/aufgaben', {}, n)}
          />
        </>
      )}
    </StaffPage>
  );
}
