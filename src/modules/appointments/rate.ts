import type { Clock } from '../../kernel/clock.ts';

/**
 * Per-key hourly counter (per process) for booking attempts. Cheap and good enough against a
 * single bot; the per-address maximum and the capacity ledger hold across nodes anyway.
 */
export class HourlyLimiter {
  readonly #hits = new Map<string, number[]>();
  constructor(private readonly clock: Clock) {}

  /** Counts one attempt; false when the key already used `max` in the last hour. */
  take(key: string, max: number): boolean {
    const now = this.clock.now().getTime();
    const from = now - 3_600_000;
    const list = (this.#hits.get(key) ?? []).filter((t) => t > from);
    if (list.length >= max) {
      this.#hits.set(key, list);
      return false;
    }
    list.push(now);
    this.#hits.set(key, list);
    if (this.#hits.size > 50_000)
      for (const [k, v] of this.#hits) if (!v.some((t) => t > from)) this.#hits.delete(k);
    return true;
  }
}
