import type { CliCommand } from '../cli.ts';

/** `search:reindex [source …]`: rebuilds the search index of the given sources (all by default). */
export const searchReindexCommand: CliCommand = async (args, env, withKernel) => {
  await withKernel(env, async (kernel) => {
    const report = await kernel.search.rebuild(kernel, args.length ? args : undefined);
    for (const r of report) {
      process.stdout.write(
        r.error ? `${r.source}: FAILED (${r.error})\n` : `${r.source}: rebuilt, ${r.removed} stale removed\n`,
      );
    }
    if (report.some((r) => r.error)) process.exitCode = 1;
  });
};
