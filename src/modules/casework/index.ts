import { fileURLToPath } from 'node:url';
import { defineModule } from '../../kernel/module.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { defineNotifyJob } from './commands/notify.ts';
import { caseworkPersonalData } from './commands/personal-data.ts';
import { runRetention } from './commands/retention.ts';
import { caseworkConfig, readCaseworkConfig } from './config.ts';
import { caseworker, templateAdmin } from './policies.ts';
import { citizenRoutes } from './routes/citizen.routes.tsx';
import { staffRoutes } from './routes/staff.routes.tsx';
import { templateRoutes } from './routes/templates.routes.tsx';
import { seedCaseworkReference } from './seed.ts';
import { seedCaseworkDemo } from './demo.ts';

export const RETENTION_JOB = 'casework.retention';

/**
 * Casework: cases from submissions, the staff inbox, requests for information, notices
 * (Bescheide) as tagged PDF, the electronic file with retention, and the citizen's
 * "Mein Konto" parts (my applications, postbox, data export, account deletion).
 */
export const caseworkModule = defineModule({
  name: 'casework',
  config: caseworkConfig,
  migrationsDir: fileURLToPath(new URL('./db/migrations/', import.meta.url)),
  i18nDir: new URL('./i18n/', import.meta.url),
  setup(kernel: Kernel) {
    const cfg = readCaseworkConfig(kernel.fullConfig);
    kernel.extensions.addStaffTool({
      href: '/verwaltung/vorgaenge',
      title: 'casework.tool.inbox',
      text: 'casework.tool.inboxText',
      order: 10,
      visible: caseworker,
    });
    kernel.extensions.addStaffTool({
      href: '/verwaltung/bescheidvorlagen',
      title: 'casework.tool.templates',
      text: 'casework.tool.templatesText',
      order: 60,
      visible: templateAdmin,
    });
    kernel.extensions.addAccountSection({
      href: '/konto/antraege',
      title: 'casework.section.cases',
      text: 'casework.section.casesText',
      order: 10,
    });
    kernel.extensions.addAccountSection({
      href: '/postfach',
      title: 'casework.section.postbox',
      text: 'casework.section.postboxText',
      order: 20,
    });
    kernel.extensions.addAccountSection({
      href: '/konto/datenauskunft',
      title: 'casework.section.gdpr',
      text: 'casework.section.gdprText',
      order: 90,
    });
    kernel.extensions.addPersonalDataHandler(caseworkPersonalData(kernel));
    defineNotifyJob(kernel);
    kernel.jobs.define<Record<string, never>>({
      name: RETENTION_JOB,
      cron: cfg.retentionCron,
      retryLimit: 2,
      handler: async () => {
        await runRetention(kernel);
      },
    });
  },
  routes: async (app, kernel) => {
    await staffRoutes(app, kernel);
    await templateRoutes(app, kernel);
    await citizenRoutes(app, kernel);
  },
  commands: {
    'casework:retention': {
      description: 'Apply the retention periods to closed cases now and print what was done.',
      run: async (_args, env, withKernel) => {
        await withKernel(env, async (kernel) => {
          const r = await runRetention(kernel);
          process.stdout.write(
            `anonymised ${r.anonymised}, deleted ${r.deleted}, files deleted ${r.filesDeleted}\n`,
          );
        });
      },
    },
  },
  seed: {
    reference: seedCaseworkReference,
    demo: seedCaseworkDemo,
  },
});

// Public API for other modules (applications opens cases and records payments).
export { openCase, InvalidCaseInputError, type OpenCaseInput } from './commands/open-case.ts';
export { recordCasePayment, CaseNotFoundError, type CasePaymentInput } from './commands/record-payment.ts';
export { runRetention, type RetentionReport } from './commands/retention.ts';
export {
  CaseOpened,
  CaseStatusChanged,
  CaseAssigned,
  InformationRequested,
  InformationProvided,
  NoticeIssued,
  CasePaymentRecorded,
} from './events.ts';
