import type { Kernel } from '../kernel.ts';

export const AUTH_CLEANUP_JOB = 'kernel.auth-cleanup';

/**
 * Housekeeping: removes ended sessions, one-time tokens a week after they expired or were used,
 * and throttle rows for unknown addresses a day after their last failure. Ended sessions are
 * refused on use anyway; this keeps the tables small.
 */
export async function purgeAuthData(
  kernel: Pick<Kernel, 'db' | 'clock' | 'config'>,
): Promise<{ sessions: number; tokens: number; throttle: number }> {
  const now = kernel.clock.now();
  const idleCut = new Date(now.getTime() - kernel.config.sessionIdleMinutes * 60_000);
  const weekAgo = new Date(now.getTime() - 7 * 24 * 3_600_000);
  const dayAgo = new Date(now.getTime() - 24 * 3_600_000);
  const s = await kernel.db.pool.query(
    'delete from kernel.sessions where expires_at <= $1 or last_seen_at <= $2',
    [now, idleCut],
  );
  const t = await kernel.db.pool.query(
    'delete from kernel.auth_tokens where expires_at <= $1 or used_at <= $1',
    [weekAgo],
  );
  const l = await kernel.db.pool.query(
    'delete from kernel.login_throttle where updated_at <= $1 and (locked_until is null or locked_until <= $2)',
    [dayAgo, now],
  );
  return { sessions: s.rowCount ?? 0, tokens: t.rowCount ?? 0, throttle: l.rowCount ?? 0 };
}

/** Schedules the cleanup every 15 minutes (once per slot across all nodes). */
export function defineAuthCleanup(kernel: Kernel): void {
  if (kernel.jobs.names().includes(AUTH_CLEANUP_JOB)) return;
  kernel.jobs.define({
    name: AUTH_CLEANUP_JOB,
    cron: '*/15 * * * *',
    retryLimit: 1,
    handler: async (_data, ctx) => {
      const n = await purgeAuthData(kernel);
      ctx.log.info(n, 'auth cleanup');
    },
  });
}
