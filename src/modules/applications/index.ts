import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { defineModule } from '../../kernel/module.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { readApplicationsConfig, applicationsConfig } from './config.ts';
import { draftsOfAccount, listPublishedSlugs, seedForm, submissionsOfAccount } from './db/queries.ts';
import { shippedForms } from './forms/index.ts';
import { createPaymentRegistry, type PaymentRegistry } from './payment/registry.ts';
import { createTestCashier, TEST_CASHIER } from './payment/test-cashier.ts';
import { canManageForms } from './policies.ts';
import { journeyRoutes } from './routes/journey.routes.tsx';
import { deliverCashierCallback, paymentRoutes } from './routes/payment.routes.tsx';
import { staffRoutes } from './routes/staff.routes.tsx';
import { seedDemoDrafts } from './commands/demo.ts';
import { deleteStaleDrafts, eraseApplicantData } from './commands/gdpr.ts';

const registries = new WeakMap<Kernel, PaymentRegistry>();

function setup(kernel: Kernel) {
  const cfg = readApplicationsConfig(kernel.fullConfig);
  const lateCallback = kernel.jobs.define<{ txId: string }>({
    name: 'applications.testkasse-late-callback',
    handler: async ({ txId }) => deliverCashierCallback(kernel, registries.get(kernel)!, txId),
    retryLimit: 3,
  });
  const payments = createPaymentRegistry(cfg.paymentProvider, async (txId) => {
    await kernel.jobs.send(lateCallback, { txId }, { delaySeconds: 20 });
  });
  registries.set(kernel, payments);
  if (cfg.paymentProvider === TEST_CASHIER) {
    const secret =
      cfg.testCashierSecret ??
      createHash('sha256').update(`applications.testkasse:${kernel.config.secretKey}`).digest('hex');
    payments.register(
      createTestCashier({
        pool: kernel.db.pool,
        clock: kernel.clock,
        secret,
        baseUrl: kernel.config.baseUrl,
      }),
    );
  }
  kernel.jobs.define<{ at?: string }>({
    name: 'applications.delete-stale-drafts',
    cron: '15 3 * * *',
    handler: async () => {
      const n = await deleteStaleDrafts(kernel, cfg.draftRetentionDays);
      if (n) kernel.log.info({ drafts: n }, 'stale application drafts deleted');
    },
  });
  const manage = canManageForms(kernel);
  kernel.extensions.addStaffTool({
    href: '/verwaltung/formulare',
    title: 'applications.staff.title',
    text: 'applications.staff.toolText',
    order: 40,
    visible: manage,
  });
  kernel.extensions.addAccountSection({
    href: '/konto/entwuerfe',
    title: 'applications.drafts.title',
    text: 'applications.drafts.sectionText',
    order: 25,
  });
  kernel.extensions.addSitemapSource(async () =>
    (await listPublishedSlugs(kernel.db.pool)).map((f) => ({
      path: `/antraege/${f.slug}`,
      lastmod: f.updatedAt,
    })),
  );
  kernel.extensions.addPersonalDataHandler({
    module: 'applications',
    export: async (accountId) => {
      const drafts = await draftsOfAccount(kernel.db.pool, accountId);
      const subs = await submissionsOfAccount(kernel.db.pool, accountId);
      return {
        drafts: drafts.map((d) => ({
          form: d.formSlug,
          version: d.formVersion,
          answers: d.answers,
          updatedAt: d.updatedAt,
        })),
        submissions: subs.map((s) => ({
          reference: s.reference,
          form: s.formSlug,
          version: s.formVersion,
          submittedAt: s.submittedAt,
          answers: s.answers,
          feeCents: s.feeCents,
          paymentStatus: s.paymentStatus,
          kassenzeichen: s.kassenzeichen,
        })),
      };
    },
    erase: async (accountId) => eraseApplicantData(kernel, accountId),
  });
}

/**
 * Online applications: declarative, versioned forms (forms/*.json), the citizen journey at
 * /antraege/<slug> (steps → check answers → declaration → payment → confirmation + receipt PDF),
 * save and resume, attachments with virus scan, payment providers with the built-in test cashier,
 * and form management for staff at /verwaltung/formulare.
 */
export const applicationsModule = defineModule({
  name: 'applications',
  config: applicationsConfig,
  migrationsDir: fileURLToPath(new URL('./db/migrations/', import.meta.url)),
  i18nDir: new URL('./i18n/', import.meta.url),
  assetsDir: fileURLToPath(new URL('./assets/', import.meta.url)),
  setup,
  routes: async (app, kernel) => {
    await journeyRoutes(app, kernel);
    await paymentRoutes(app, kernel, registries.get(kernel)!);
    await staffRoutes(app, kernel);
  },
  seed: {
    // The shipped forms are reference data: every installation gets them as published version 1.
    reference: async (kernel) => {
      const now = kernel.clock.now();
      for (const def of shippedForms()) await seedForm(kernel.db.pool, def, now);
    },
    demo: seedDemoDrafts,
  },
});

// Public API for other modules.
export { validateDefinition, type FormDefinition } from './engine/definition.ts';
export type { PaymentProvider, PaymentResult, PaymentStart, PaymentStarted } from './payment/provider.ts';
