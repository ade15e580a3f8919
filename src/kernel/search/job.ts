import type { Kernel } from '../kernel.ts';

export const SEARCH_REBUILD_JOB = 'kernel.search-rebuild';

export interface SearchRebuildData {
  /** Sources to rebuild; all when omitted. Unknown names are skipped with a warning. */
  sources?: string[];
}

/**
 * The job hook: `kernel.jobs.send(SEARCH_REBUILD_JOB, { sources: ['services'] })` after a bulk
 * import, and every night all sources, so that a missed update heals by itself.
 */
export function defineSearchRebuildJob(kernel: Kernel): void {
  if (kernel.jobs.started || kernel.jobs.names().includes(SEARCH_REBUILD_JOB)) return;
  kernel.jobs.define<SearchRebuildData>({
    name: SEARCH_REBUILD_JOB,
    cron: '40 3 * * *',
    retryLimit: 2,
    expireInSeconds: 3600,
    handler: async (data, ctx) => {
      const known = new Set(kernel.search.sources().map((s) => s.name));
      const unknown = data.sources?.filter((s) => !known.has(s)) ?? [];
      if (unknown.length) ctx.log.warn({ unknown }, 'search rebuild: unknown sources skipped');
      const names = data.sources?.filter((s) => known.has(s));
      if (names && !names.length) return;
      const report = await kernel.search.rebuild(kernel, names);
      const failed = report.filter((r) => r.error);
      if (failed.length)
        throw new Error(`search rebuild failed for ${failed.map((r) => r.source).join(', ')}`);
      ctx.log.info({ report }, 'search rebuilt');
    },
  });
}
