import type { Kernel } from '../../../kernel/kernel.ts';
import { recordImport } from '../db/import.queries.ts';
import { importOParl } from './import.ts';

/** The staff page queues imports as this job; the HTTP request only writes the run row. */
export const IMPORT_JOB = 'council.import';

export interface ImportJobData {
  runId: number;
  bodyId: string;
  url: string;
  full: boolean;
}

export function defineImportJob(kernel: Kernel): void {
  kernel.jobs.define<ImportJobData>({
    name: IMPORT_JOB,
    // an import is long and records its own outcome; a failed attempt is not repeated blindly
    retryLimit: 0,
    expireInSeconds: 6 * 3600,
    handler: async (data) => {
      try {
        await importOParl(kernel, { bodyId: data.bodyId, url: data.url, full: data.full, runId: data.runId });
      } catch (err) {
        const now = kernel.clock.now();
        await recordImport(kernel.db.pool, {
          runId: data.runId,
          bodyId: data.bodyId,
          sourceUrl: data.url,
          startedAt: now,
          finishedAt: now,
          modifiedSince: null,
          created: 0,
          updated: 0,
          unchanged: 0,
          repairs: [],
          skips: [],
          error: err instanceof Error ? err.message : String(err),
        });
        throw err;
      }
    },
  });
}
