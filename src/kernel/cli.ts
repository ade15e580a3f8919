import type { Kernel } from './kernel.ts';
import { describeConfig, type ConfigSchema } from './config/load.ts';
import { auditVerifyCommand } from './audit/cli.ts';
import { createAdminCommand } from './auth/cli.ts';
import { workerCommand } from './jobs/worker.ts';
import { searchReindexCommand } from './search/cli.ts';

export type WithKernel = <T>(
  env: Record<string, string | undefined>,
  fn: (k: Kernel) => Promise<T>,
  role?: string,
) => Promise<T>;
export type CliCommand = (
  args: string[],
  env: Record<string, string | undefined>,
  withKernel: WithKernel,
) => Promise<void>;

/** Kernel CLI commands beyond serve/migrate/seed. Each kernel part adds its own entry. */
export const cliCommands: Record<string, CliCommand> = {
  'audit:verify': auditVerifyCommand,
  'create-admin': createAdminCommand,
  worker: workerCommand,
  'search:reindex': searchReindexCommand,
};

export function configDocs(schema: ConfigSchema): string {
  const rows = describeConfig(schema);
  const lines = [
    '# Configuration reference',
    '',
    'Generated from the config schema by `npm run docs:config`; do not edit by hand.',
    'Every variable is read from the environment, or from the JSON file named by `CONFIG_FILE`',
    '(same keys). An invalid or missing value stops the start with a list of every problem.',
    '',
  ];
  let current = '';
  for (const r of rows) {
    if (r.slice !== current) {
      current = r.slice;
      lines.push(`## ${current}`, '', '| Variable | Type | Default | Description |', '|---|---|---|---|');
    }
    lines.push(
      `| \`${r.env}\` | ${r.type} | ${r.default === '—' ? '—' : `\`${r.default}\``} | ${r.description} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
