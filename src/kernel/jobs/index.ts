import type { KernelDeps } from '../deps.ts';

export interface Jobs {
  start(): Promise<void>;
  stop(): Promise<void>;
}

// Placeholder until the jobs implementation lands.
export function createJobs(_deps: KernelDeps): Jobs {
  return { start: async () => undefined, stop: async () => undefined };
}
