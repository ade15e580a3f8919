import type { KernelDeps } from '../deps.ts';

export interface DomainEvent<T = unknown> {
  type: string;
  payload: T;
}

export interface EventBus {
  start(): Promise<void>;
  stop(): Promise<void>;
}

// Placeholder until the events implementation lands.
export function createEventBus(_deps: KernelDeps): EventBus {
  return { start: async () => undefined, stop: async () => undefined };
}
