import type { CliCommand } from '../../../kernel/cli.ts';
import { readServicesConfig } from '../config.ts';
import { formatReport, importCatalogue } from '../db/catalogue-import.ts';

/** `npm run cli -- services:import [dir]` — prints inserted/updated/unchanged/deleted per table. */
export const importCommand: CliCommand = async (args, env, withKernel) => {
  await withKernel(env, async (kernel) => {
    const dir = args[0] ?? readServicesConfig(kernel.fullConfig).catalogueDir;
    const r = await importCatalogue(kernel.db.pool, kernel.clock.now(), { dir });
    if (!r.ok) {
      process.stderr.write(`services:import failed: ${r.reason}\n`);
      process.exitCode = 1;
      return;
    }
    process.stdout.write(`${formatReport(r.report)}\n`);
  });
};
