import { fileURLToPath } from 'node:url';
import { defineModule } from '../../kernel/module.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { aggregateHours } from './commands/aggregate.ts';
import { closeEarlierDays } from './commands/close-day.ts';
import { configureFromFile, DEMO_CONFIG } from './commands/configure.ts';
import { seedDemoHistory } from './commands/demo-history.ts';
import { queueConfig } from './config.ts';
import { listLocationRows, locationBySlug } from './db/queries.ts';
import { hubOf } from './live.ts';
import { waitingTimesDataset } from './open-data.ts';
import { isQueueStaff } from './policies.ts';
import { presentWaitingTime, waitingTime } from './queries/waiting-time.ts';
import { apiRoutes } from './routes/api.routes.ts';
import { publicRoutes } from './routes/public.routes.tsx';
import { staffRoutes } from './routes/staff.routes.tsx';

export const HOURLY_STATS_JOB = 'queue.hourly-stats';

/** Walk-in tickets, counter calling, call display and live waiting times ("Wartezeiten-App"). */
export const queueModule = defineModule({
  name: 'queue',
  config: queueConfig,
  migrationsDir: fileURLToPath(new URL('./db/migrations/', import.meta.url)),
  i18nDir: new URL('./i18n/', import.meta.url),
  assetsDir: fileURLToPath(new URL('./assets/', import.meta.url)),
  nav: [{ href: '/wartezeiten', label: 'queue.nav', order: 40 }],
  setup(kernel) {
    hubOf(kernel).subscribe();
    kernel.jobs.define<Record<string, never>>({
      name: HOURLY_STATS_JOB,
      cron: '2 * * * *',
      retryLimit: 2,
      handler: async () => {
        await closeEarlierDays(kernel);
        await aggregateHours(kernel);
      },
    });
    kernel.extensions.registerDataset(waitingTimesDataset(kernel));
    kernel.extensions.addStaffTool({
      href: '/verwaltung/warteschlange',
      title: 'queue.staff.title',
      text: 'queue.staff.toolText',
      order: 40,
      visible: (p) => isQueueStaff(p),
    });
    kernel.extensions.addSitemapSource(async () => {
      const locs = await listLocationRows(kernel.db.pool);
      return [{ path: '/wartezeiten' }, ...locs.map((l) => ({ path: `/wartezeiten/${l.slug}` }))];
    });
    kernel.extensions.addPersonalDataHandler({
      module: 'queue',
      // Tickets carry no citizen data; staff accounts appear as the caller of tickets and holder of a counter.
      export: async (accountId) => {
        const { rows } = await kernel.db.pool.query<{ n: number }>(
          'select count(*)::int as n from queue.tickets where called_by = $1',
          [accountId],
        );
        const counters = await kernel.db.pool.query<{ label: string; slug: string; since: Date }>(
          `select c.label, l.slug, c.occupied_since as since from queue.counters c
           join queue.locations l on l.id = c.location_id where c.occupied_by = $1`,
          [accountId],
        );
        return rows[0]!.n || counters.rows.length
          ? { ticketsCalled: rows[0]!.n, countersHeld: counters.rows }
          : {};
      },
      erase: async (accountId) => {
        await kernel.db.pool.query('update queue.tickets set called_by = null where called_by = $1', [
          accountId,
        ]);
        await kernel.db.pool.query(
          'update queue.counters set occupied_by = null, occupied_since = null, group_ids = null where occupied_by = $1',
          [accountId],
        );
        return { retained: [] };
      },
    });
  },
  routes: async (app, kernel) => {
    // Open streams end when the app closes, so that shutdown does not wait for them; EventSource
    // clients reconnect (to another node behind the proxy).
    app.addHook('preClose', async () => hubOf(kernel).close());
    await publicRoutes(app, kernel);
    await apiRoutes(app, kernel);
    await staffRoutes(app, kernel);
  },
  commands: {
    'queue:configure': {
      description:
        'Configure queue locations from a JSON file (format: src/modules/queue/data/demo-config.json)',
      run: async (args, env, withKernel) => {
        const file = args[0];
        if (!file) {
          process.stderr.write('usage: queue:configure <file.json>\n');
          process.exitCode = 2;
          return;
        }
        await withKernel(env, async (kernel) => {
          const done = await configureFromFile(kernel, file);
          process.stdout.write(`configured: ${done.join(', ') || 'nothing'}\n`);
        });
      },
    },
    'queue:aggregate': {
      description: 'Write the hourly waiting-time aggregates now (the hourly job does this)',
      run: async (_args, env, withKernel) => {
        await withKernel(env, async (kernel) => {
          const n = await aggregateHours(kernel);
          process.stdout.write(`hours written: ${n}\n`);
        });
      },
    },
  },
  seed: {
    demo: async (kernel) => {
      await configureFromFile(kernel, DEMO_CONFIG);
      await seedDemoHistory(kernel);
      await aggregateHours(kernel);
    },
  },
});

// ---- Public API for other modules ------------------------------------------------------------

/** The URL a booking confirmation's QR code points to (online check-in at the location). */
export function checkInUrl(baseUrl: string, locationSlug: string, bookingCode: string): string {
  return `${baseUrl.replace(/\/$/, '')}/wartezeiten/${encodeURIComponent(locationSlug)}/einchecken?code=${encodeURIComponent(bookingCode)}`;
}

export type QueueWaitingTime = ReturnType<typeof presentWaitingTime>;

/** Current waiting time of a location (null when it has no queue), e.g. for an office page. */
export async function currentWaitingTime(
  kernel: Kernel,
  locationSlug: string,
): Promise<QueueWaitingTime | null> {
  const loc = await locationBySlug(kernel.db.pool, locationSlug);
  return loc ? presentWaitingTime(await waitingTime(kernel, loc)) : null;
}

export { TicketCalled, QueueChanged } from './events.ts';
export type { TicketCalledPayload, QueueChangedPayload } from './events.ts';
export type { QueueConfig } from './config.ts';
