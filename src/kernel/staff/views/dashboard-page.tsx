import type { AuditCheck } from '../../audit/index.ts';
import type { JobCounts } from '../../jobs/index.ts';
import { Alert, SummaryList } from '../../views/components.tsx';
import type { ViewContext } from '../../views/context.ts';
import { dateTime } from '../format.ts';
import { StaffPage } from './staff-page.tsx';

export interface DashboardProps {
  ctx: ViewContext;
  tools: { href: string; title: string; text: string }[];
  /** Only for platform administrators. */
  status?: {
    mailMode: 'smtp' | 'outbox';
    mailOutbox: number;
    mailPending: number;
    mailFailed: number;
    jobs: JobCounts;
    chain: AuditCheck | null;
  };
}

export function DashboardPage({ ctx, tools, status }: DashboardProps) {
  const { t } = ctx;
  const name = ctx.principal?.displayName ?? '';
  return (
    <StaffPage ctx={ctx} title={t('staff.title')}>
      <p class="kern-body">{t('staff.dashboard.lead', { name })}</p>
      <h2 class="kern-heading-medium">{t('staff.dashboard.tools')}</h2>
      <ul class="kern-list ok-staff-tools">
        {tools.map((tool) => (
          <li key={tool.href}>
            <a class="kern-link" href={tool.href}>
              {tool.title}
            </a>
            <span class="kern-body"> – {tool.text}</span>
          </li>
        ))}
      </ul>
      {status && (
        <>
          <h2 class="kern-heading-medium">{t('staff.dashboard.status')}</h2>
          {status.chain && !status.chain.ok && (
            <Alert
              type="danger"
              title={t('staff.audit.chain.broken', { seq: status.chain.brokenSeq ?? 0 })}
            />
          )}
          <SummaryList
            ctx={ctx}
            id="platform-status"
            rows={[
              { key: t('staff.dashboard.mailMode'), value: t(`staff.outbox.mode.${status.mailMode}`) },
              { key: t('staff.dashboard.mailOutbox'), value: String(status.mailOutbox) },
              { key: t('staff.dashboard.mailPending'), value: String(status.mailPending) },
              { key: t('staff.dashboard.mailFailed'), value: String(status.mailFailed) },
              { key: t('staff.dashboard.jobsQueued'), value: String(status.jobs.queued) },
              { key: t('staff.dashboard.jobsFailed'), value: String(status.jobs.failed) },
              {
                key: t('staff.dashboard.chain'),
                value: status.chain
                  ? t(status.chain.ok ? 'staff.audit.chain.okShort' : 'staff.audit.chain.brokenShort', {
                      time: dateTime(ctx.lang, status.chain.checkedAt),
                      entries: status.chain.entries,
                    })
                  : t('staff.audit.chain.never'),
              },
            ]}
          />
        </>
      )}
    </StaffPage>
  );
}
