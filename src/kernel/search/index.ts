import type { KernelDeps } from '../deps.ts';

export interface Search {
  readonly ready: boolean;
}

// Placeholder until the search implementation lands.
export function createSearch(_deps: KernelDeps): Search {
  return { ready: true };
}
