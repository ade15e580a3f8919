import { buildApp } from './app.ts';
import { loadAppConfig } from './config.ts';
import { ConfigError } from './kernel/config/load.ts';
import { MigrationError } from './kernel/db/migrate.ts';
import { createKernel, seedDemo, seedReference, type Kernel } from './kernel/kernel.ts';
import { cliCommands } from './kernel/cli.ts';
import { modules } from './modules.ts';

const USAGE = `Usage: openkreis <command>

  demo            migrate, seed reference and demo data, serve with DEMO_MODE (what npm start runs)
  serve           migrate, seed reference data, serve (production)
  migrate         apply pending database migrations
  seed            seed reference and demo data
  worker          run background jobs only (no HTTP)
  create-admin    create a platform admin: create-admin <email> <name>  (password from OPENKREIS_ADMIN_PASSWORD or prompted)
  audit:verify    verify the hash chain of the audit log
  search:reindex  rebuild the search index: search:reindex [source …] (all sources by default)
  config:docs     print the configuration reference (Markdown)
`;

function moduleCommand(name: string) {
  for (const m of modules) if (m.commands?.[name]) return m.commands[name].run;
  return undefined;
}

function moduleUsage(): string {
  const lines = modules.flatMap((m) =>
    Object.entries(m.commands ?? {}).map(([name, c]) => `  ${name.padEnd(15)} ${c.description}`),
  );
  return lines.length ? `\nModule commands:\n${lines.join('\n')}\n` : '';
}

async function withKernel<T>(
  env: Record<string, string | undefined>,
  fn: (k: Kernel) => Promise<T>,
  role = 'cli',
): Promise<T> {
  const fullConfig = loadAppConfig(env);
  const kernel = await createKernel({ fullConfig, modules, role });
  try {
    return await fn(kernel);
  } finally {
    await kernel.close();
  }
}

async function serve(env: Record<string, string | undefined>, demo: boolean) {
  const fullConfig = loadAppConfig(env);
  const kernel = await createKernel({ fullConfig, modules, role: 'app' });
  await seedReference(kernel);
  if (demo) await seedDemo(kernel);
  const app = await buildApp(kernel);
  if (kernel.config.jobsInProcess) await kernel.jobs.start();
  await kernel.events.start();
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    kernel.log.info({ signal }, 'shutting down: draining requests');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await app.close(); // stops accepting, drains in-flight requests
      await kernel.close();
    } finally {
      clearTimeout(force);
      process.exit(0);
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: kernel.config.port, host: kernel.config.host });
  const addr = app.server.address();
  const port = addr && typeof addr === 'object' ? addr.port : kernel.config.port;
  kernel.log.info(
    `OpenKreis is running on ${kernel.config.baseUrl} (port ${port})${demo ? ' in demo mode' : ''}`,
  );
}

async function main(argv: string[]) {
  const [command = 'serve', ...args] = argv;
  const env = { ...process.env };
  switch (command) {
    case 'demo':
      env.DEMO_MODE ??= 'true';
      return serve(env, env.DEMO_MODE === 'true');
    case 'serve':
      return serve(env, false);
    case 'migrate':
      return withKernel(env, async () => undefined);
    case 'seed':
      env.DEMO_MODE ??= 'true';
      return withKernel(env, async (k) => {
        await seedReference(k);
        await seedDemo(k);
      });
    case 'help':
    case '--help':
      process.stdout.write(USAGE + moduleUsage());
      return;
    default: {
      const cmd = cliCommands[command] ?? moduleCommand(command);
      if (!cmd) {
        process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
        process.exitCode = 2;
        return;
      }
      return cmd(args, env, withKernel);
    }
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof MigrationError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`OpenKreis could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    if (process.env.LOG_LEVEL === 'debug' && err instanceof Error)
      process.stderr.write(`${err.stack ?? ''}\n`);
  }
  process.exit(1);
});
