import type { KernelDeps } from '../deps.ts';

export interface FileStorage {
  readonly driver: string;
}

// Placeholder until the files implementation lands.
export function createFileStorage(deps: KernelDeps): FileStorage {
  return { driver: deps.config.storageDriver };
}
