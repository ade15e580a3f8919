import type { FastifyInstance } from 'fastify';
import { anyStaff } from '../../auth/policy.ts';
import { isPlatformAdmin } from '../../auth/principal.ts';
import type { Kernel } from '../../kernel.ts';
import { auditReader } from '../policies.ts';
import { DashboardPage, type DashboardProps } from '../views/dashboard-page.tsx';

export async function dashboardRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  app.get('/verwaltung', { config: { policy: anyStaff } }, async (req, reply) => {
    const ctx = reply.viewContext();
    const { t } = ctx;
    const p = req.principal;
    const admin = isPlatformAdmin(p);
    const tools: DashboardProps['tools'] = [];
    if (admin)
      tools.push({
        href: '/verwaltung/postausgang',
        title: t('staff.outbox.title'),
        text: t('staff.dashboard.outboxText'),
      });
    if (await auditReader(p, req))
      tools.push({
        href: '/verwaltung/protokoll',
        title: t('staff.audit.title'),
        text: t('staff.dashboard.auditText'),
      });
    if (admin)
      tools.push({
        href: '/verwaltung/aufgaben',
        title: t('staff.jobs.title'),
        text: t('staff.dashboard.jobsText'),
      });
    if (admin)
      tools.push({
        href: '/verwaltung/ereignisse',
        title: t('staff.events.title'),
        text: t('staff.dashboard.eventsText'),
      });
    for (const tool of kernel.extensions.staffTools)
      if (await tool.visible(p, req))
        tools.push({ href: tool.href, title: t(tool.title), text: t(tool.text) });
    tools.push({
      href: '/verwaltung/konto',
      title: t('staff.dashboard.account'),
      text: t('staff.dashboard.accountText'),
    });
    let status: DashboardProps['status'];
    if (admin) {
      const [mailOutbox, mailPending, mailFailed, jobs, chain] = await Promise.all([
        kernel.mail.count({ status: 'outbox' }),
        kernel.mail.count({ status: 'pending' }),
        kernel.mail.count({ status: 'failed' }),
        kernel.jobs.counts(),
        kernel.audit.lastCheck(),
      ]);
      status = { mailMode: kernel.mail.mode, mailOutbox, mailPending, mailFailed, jobs, chain };
    }
    return reply.html(<DashboardPage ctx={ctx} tools={tools} status={status} />);
  });
}
