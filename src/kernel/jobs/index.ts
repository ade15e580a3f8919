import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { KernelDeps } from '../deps.ts';
import type { Executor } from '../events/queryable.ts';
import { bossDb, CRON_QUEUE, ensureQueueExists, JOBS_SCHEMA } from './boss.ts';
import { countJobs, listFailedJobs, failedJobName, type FailedJob, type JobCounts } from './queries.ts';

export { installJobSchema } from './boss.ts';
export type { FailedJob, JobCounts } from './queries.ts';

export interface JobContext {
  jobId: string;
  /** 1 for the first run, 2 for the first retry, … */
  attempt: number;
  /** Runs after this one if it fails (0 on the last attempt). */
  retriesLeft: number;
  log: Logger;
}

export interface JobDefinition<T extends object> {
  /** Queue name: lower case, digits, ".", "-", "_" (e.g. "kernel.mail-retry", "casework.reminder"). */
  name: string;
  /** Throw to fail the attempt; the job is retried until retryLimit is used up, then it is "failed". */
  handler: (data: T, ctx: JobContext) => Promise<void>;
  /** Retries after the first attempt (default 3). */
  retryLimit?: number;
  /** Delay before the first retry (default 30 s); doubles with each retry when retryBackoff. */
  retryDelaySeconds?: number;
  /** Exponential backoff with jitter (default true). */
  retryBackoff?: boolean;
  /** An attempt running longer than this fails (default 15 min). */
  expireInSeconds?: number;
  /** Cron schedule (5 fields, Europe/Berlin); pg-boss sends it once per slot across all nodes. */
  cron?: string;
  cronData?: T;
  /** Jobs of this queue run at the same time on one node (default 1). */
  concurrency?: number;
}

/** A typed handle to a defined job: `jobs.send(ref, data)` checks the data type. */
export interface JobRef<T extends object> {
  readonly name: string;
  /** Type marker only. */
  readonly __data?: T;
}

export interface SendOptions {
  /** Start no earlier than this many seconds from now. */
  delaySeconds?: number;
  /** At most one queued job with this key (pg-boss singletonKey). */
  singletonKey?: string;
  /** Enqueue inside the caller's transaction: the job exists only if the change commits. */
  trx?: Executor;
}

export interface Jobs {
  define<T extends object>(def: JobDefinition<T>): JobRef<T>;
  send<T extends object>(job: JobRef<T> | string, data: T, opts?: SendOptions): Promise<string>;
  /** Creates queues and schedules, starts the workers (app with JOBS_IN_PROCESS, or the worker process). */
  start(): Promise<void>;
  /** Stops fetching, waits for running jobs (up to 30 s). */
  stop(): Promise<void>;
  readonly started: boolean;
  /** Names of the defined jobs. */
  names(): string[];
  failed(opts: { limit: number; offset: number }): Promise<{ items: FailedJob[]; total: number }>;
  /** Sends a failed job back to the queue; false when it is not (or no longer) failed. */
  retry(id: string): Promise<boolean>;
  counts(): Promise<JobCounts>;
}

const NAME_RE = /^[a-z][a-z0-9_.-]{0,99}$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Failed jobs stay in the job table (where they can be retried) this long before pg-boss archives them.
const KEEP_FAILED_SECONDS = 30 * 24 * 3600;

function queueOptions(def: JobDefinition<object>): PgBoss.Queue {
  return {
    name: def.name,
    retryLimit: def.retryLimit ?? 3,
    retryDelay: def.retryDelaySeconds ?? 30,
    retryBackoff: def.retryBackoff ?? true,
    expireInSeconds: def.expireInSeconds ?? 900,
    retentionMinutes: 14 * 24 * 60,
  };
}

export function createJobs(deps: KernelDeps): Jobs {
  const { db, log, config } = deps;
  const defs = new Map<string, JobDefinition<object>>();
  const queues = new Map<string, Promise<void>>();
  let boss: PgBoss | null = null;
  let started = false;

  function getBoss(): PgBoss {
    if (!boss) {
      boss = new PgBoss({
        db: bossDb(db.pool),
        schema: JOBS_SCHEMA,
        migrate: false,
        pollingIntervalSeconds: config.jobsPollIntervalMs / 1000,
        archiveFailedAfterSeconds: KEEP_FAILED_SECONDS,
        cronMonitorIntervalSeconds: 30,
      });
      boss.on('error', (err) => log.error({ err }, 'jobs: pg-boss error'));
    }
    return boss;
  }

  function ensureQueue(name: string): Promise<void> {
    let p = queues.get(name);
    if (!p) {
      const def = defs.get(name);
      p = ensureQueueExists(db.pool, name, def ? queueOptions(def) : { name });
      p.catch(() => queues.delete(name));
      queues.set(name, p);
    }
    return p;
  }

  async function run(def: JobDefinition<object>, job: PgBoss.JobWithMetadata) {
    const attempt = job.retryCount + 1;
    const ctx: JobContext = {
      jobId: job.id,
      attempt,
      retriesLeft: job.retryLimit - job.retryCount,
      log: log.child({ job: def.name, jobId: job.id, attempt }),
    };
    try {
      await def.handler(job.data, ctx);
    } catch (err) {
      ctx.log.warn(
        { err: err instanceof Error ? err.message : String(err), retriesLeft: ctx.retriesLeft },
        'job attempt failed',
      );
      throw err;
    }
  }

  const jobs: Jobs = {
    define<T extends object>(def: JobDefinition<T>): JobRef<T> {
      if (!NAME_RE.test(def.name)) throw new Error(`invalid job name "${def.name}"`);
      if (defs.has(def.name)) throw new Error(`job "${def.name}" is defined twice`);
      if (started) throw new Error(`job "${def.name}" defined after jobs.start()`);
      defs.set(def.name, def as unknown as JobDefinition<object>);
      return { name: def.name };
    },

    async send(job, data, opts = {}) {
      const name = typeof job === 'string' ? job : job.name;
      if (!NAME_RE.test(name)) throw new Error(`invalid job name "${name}"`);
      await ensureQueue(name);
      const id = await getBoss().send(name, data, {
        ...(opts.delaySeconds ? { startAfter: opts.delaySeconds } : {}),
        ...(opts.singletonKey ? { singletonKey: opts.singletonKey } : {}),
        ...(opts.trx ? { db: bossDb(opts.trx) } : {}),
      });
      if (!id && !opts.singletonKey) throw new Error(`job "${name}" was not queued`);
      return id ?? '';
    },

    async start() {
      if (started) return;
      const b = getBoss();
      await ensureQueueExists(db.pool, CRON_QUEUE, { name: CRON_QUEUE });
      await b.start();
      started = true;
      for (const def of defs.values()) {
        await ensureQueue(def.name);
        await b.updateQueue(def.name, queueOptions(def));
        const concurrency = Math.max(1, def.concurrency ?? 1);
        for (let i = 0; i < concurrency; i++) {
          await b.work<object>(def.name, { includeMetadata: true, batchSize: 1 }, async ([job]) => {
            if (job) await run(def, job);
          });
        }
        if (def.cron) await b.schedule(def.name, def.cron, def.cronData ?? {}, { tz: 'Europe/Berlin' });
        else await b.unschedule(def.name);
      }
      log.info({ jobs: [...defs.keys()] }, 'jobs started');
    },

    async stop() {
      if (!boss || !started) return;
      started = false;
      await boss.stop({ graceful: true, close: false, timeout: 30_000, wait: true });
    },

    get started() {
      return started;
    },

    names: () => [...defs.keys()].sort(),

    failed: (opts) => listFailedJobs(db.pool, opts),

    async retry(id) {
      if (!UUID_RE.test(id)) return false;
      const name = await failedJobName(db.pool, id);
      if (!name) return false;
      await getBoss().retry(name, id);
      return true;
    },

    counts: () => countJobs(db.pool),
  };
  return jobs;
}
