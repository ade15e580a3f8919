import type { Kernel } from '../../../kernel/kernel.ts';
import { isoDateIn } from '../../../kernel/views/components.tsx';
import { readQueueConfig, type QueueConfig } from '../config.ts';
import {
  countersOf,
  groupsOf,
  recentHandlingSeconds,
  waitingByGroup,
  type GroupRow,
  type LocationRow,
} from '../db/queries.ts';

export type TrafficLight = 'green' | 'yellow' | 'red' | 'closed';

export interface GroupWaiting {
  key: string;
  nameDe: string;
  nameEn: string;
  prefix: string;
  waiting: number;
}

/** The public waiting-time figures of one location (what the page, the API and the stream show). */
export interface WaitingTime {
  slug: string;
  name: string;
  waiting: number;
  openCounters: number;
  /** Minutes; null while no counter is open. */
  optimisticMinutes: number | null;
  pessimisticMinutes: number | null;
  light: TrafficLight;
  groups: GroupWaiting[];
  updatedAt: Date;
}

/** Linear-interpolated quantile of a non-empty list (q in [0, 1]). */
export function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

/** Optimistic and pessimistic handling time (seconds) of one group: 25th/75th percentile or the default. */
export function handlingBounds(
  samples: number[] | undefined,
  group: GroupRow,
  minSamples: number,
): [number, number] {
  if (samples && samples.length >= minSamples) return [quantile(samples, 0.25), quantile(samples, 0.75)];
  const d = group.default_minutes * 60;
  return [d * 0.75, d * 1.25];
}

/**
 * The estimate (documented in the README): with W_g customers waiting in group g, the recent
 * handling times' 25th and 75th percentiles h25_g and h75_g, and C open counters,
 *   optimistic  = Σ_g W_g · h25_g / C   (rounded down to minutes)
 *   pessimistic = Σ_g W_g · h75_g / C   (rounded up)
 * The traffic light follows the pessimistic figure; without an open counter it is "closed".
 */
export function estimate(
  groups: GroupRow[],
  waiting: Map<string, number>,
  samples: Map<string, number[]>,
  openCounters: number,
  loc: Pick<LocationRow, 'green_minutes' | 'yellow_minutes'>,
  cfg: Pick<QueueConfig, 'estimateMinSamples'>,
): { optimisticMinutes: number | null; pessimisticMinutes: number | null; light: TrafficLight } {
  if (openCounters <= 0) return { optimisticMinutes: null, pessimisticMinutes: null, light: 'closed' };
  let lo = 0;
  let hi = 0;
  for (const g of groups) {
    const w = waiting.get(g.id) ?? 0;
    if (!w) continue;
    const [a, b] = handlingBounds(samples.get(g.id), g, cfg.estimateMinSamples);
    lo += w * a;
    hi += w * b;
  }
  const optimisticMinutes = Math.floor(lo / openCounters / 60);
  const pessimisticMinutes = Math.max(optimisticMinutes, Math.ceil(hi / openCounters / 60));
  const light: TrafficLight =
    pessimisticMinutes <= loc.green_minutes
      ? 'green'
      : pessimisticMinutes <= loc.yellow_minutes
        ? 'yellow'
        : 'red';
  return { optimisticMinutes, pessimisticMinutes, light };
}

export async function waitingTime(kernel: Kernel, loc: LocationRow): Promise<WaitingTime> {
  const cfg = readQueueConfig(kernel.fullConfig);
  const now = kernel.clock.now();
  const db = kernel.db.pool;
  const [groups, counters, waiting, samples] = await Promise.all([
    groupsOf(db, loc.id),
    countersOf(db, loc.id),
    waitingByGroup(db, loc.id, isoDateIn(now)),
    recentHandlingSeconds(db, loc.id, new Date(now.getTime() - cfg.estimateWindowMinutes * 60_000), now),
  ]);
  const openCounters = counters.filter((c) => c.occupied_by).length;
  const est = estimate(groups, waiting, samples, openCounters, loc, cfg);
  return {
    slug: loc.slug,
    name: loc.name,
    waiting: [...waiting.values()].reduce((a, b) => a + b, 0),
    openCounters,
    ...est,
    groups: groups
      .filter((g) => g.active)
      .map((g) => ({
        key: g.key,
        nameDe: g.name_de,
        nameEn: g.name_en,
        prefix: g.prefix,
        waiting: waiting.get(g.id) ?? 0,
      })),
    updatedAt: now,
  };
}

/** JSON shape of the API and the stream. */
export function presentWaitingTime(w: WaitingTime) {
  return {
    location: w.slug,
    name: w.name,
    waiting: w.waiting,
    openCounters: w.openCounters,
    estimatedMinutes: { optimistic: w.optimisticMinutes, pessimistic: w.pessimisticMinutes },
    trafficLight: w.light,
    groups: w.groups.map((g) => ({
      key: g.key,
      name: { de: g.nameDe, en: g.nameEn },
      prefix: g.prefix,
      waiting: g.waiting,
    })),
    updatedAt: w.updatedAt.toISOString(),
  };
}

/** The estimate for one ticket: the same formula over the customers called before it. */
export async function ticketEstimate(
  kernel: Kernel,
  loc: LocationRow,
  ahead: Map<string, number>,
): Promise<{ optimisticMinutes: number | null; pessimisticMinutes: number | null }> {
  const cfg = readQueueConfig(kernel.fullConfig);
  const now = kernel.clock.now();
  const db = kernel.db.pool;
  const [groups, counters, samples] = await Promise.all([
    groupsOf(db, loc.id),
    countersOf(db, loc.id),
    recentHandlingSeconds(db, loc.id, new Date(now.getTime() - cfg.estimateWindowMinutes * 60_000), now),
  ]);
  const open = counters.filter((c) => c.occupied_by).length;
  const { optimisticMinutes, pessimisticMinutes } = estimate(groups, ahead, samples, open, loc, cfg);
  return { optimisticMinutes, pessimisticMinutes };
}
