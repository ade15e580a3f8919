import type { CliCommand } from '../../../kernel/cli.ts';
import { importOParl } from './import.ts';

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/** npm run cli -- council:import --body <local body id> --url <OParl System or Body URL> [--full] */
export const importCommand: { description: string; run: CliCommand } = {
  description:
    'Import/sync from another council system: council:import --body <tenant id> --url <OParl System or Body URL> [--full]',
  run: async (args, env, withKernel) => {
    const body = arg(args, 'body');
    const url = arg(args, 'url');
    if (!body || !url || !/^https?:\/\//.test(url)) {
      console.error(
        'usage: council:import --body <tenant id> --url <http(s) URL of the OParl System or Body> [--full]',
      );
      process.exitCode = 2;
      return;
    }
    await withKernel(env, async (kernel) => {
      const r = await importOParl(kernel, { bodyId: body, url, full: args.includes('--full') });
      console.log(
        JSON.stringify(
          {
            run: r.runId,
            created: r.created,
            updated: r.updated,
            unchanged: r.unchanged,
            deleted: r.deleted,
            modifiedSince: r.modifiedSince,
            repairs: r.repairs.length,
            skips: r.skips.length,
            error: r.error,
          },
          null,
          2,
        ),
      );
      const byRule = new Map<string, number>();
      for (const x of [...r.repairs, ...r.skips]) byRule.set(x.rule, (byRule.get(x.rule) ?? 0) + 1);
      for (const [rule, n] of byRule) console.log(`${rule}: ${n}`);
      if (r.error) process.exitCode = 1;
    });
  },
};
