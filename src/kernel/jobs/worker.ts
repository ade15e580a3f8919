import type { Kernel } from '../kernel.ts';

type WithKernel = <T>(
  env: Record<string, string | undefined>,
  fn: (k: Kernel) => Promise<T>,
  role?: string,
) => Promise<T>;

/**
 * `worker`: a process that runs background jobs and durable event handlers, no HTTP. Migrates
 * like every process, then works until SIGTERM/SIGINT, lets running jobs finish and exits.
 */
export async function workerCommand(
  _args: string[],
  env: Record<string, string | undefined>,
  withKernel: WithKernel,
): Promise<void> {
  await withKernel(
    env,
    async (kernel) => {
      await kernel.jobs.start();
      await kernel.events.start();
      kernel.log.info({ jobs: kernel.jobs.names() }, 'worker running');
      const signal = await new Promise<string>((resolve) => {
        process.once('SIGTERM', () => resolve('SIGTERM'));
        process.once('SIGINT', () => resolve('SIGINT'));
      });
      kernel.log.info({ signal }, 'worker stopping: waiting for running jobs');
      // A job that ignores the jobs' own timeout must not keep the process forever.
      setTimeout(() => process.exit(1), 45_000).unref();
    },
    'worker',
  );
  // withKernel has closed the kernel (jobs drained, pool ended).
  process.exit(0);
}
