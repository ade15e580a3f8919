import { nrwHoliday } from './holidays.ts';
import { addDays, berlinDate, berlinInstant, dayNumber, isoWeekday } from './time.ts';

/**
 * The availability engine: pure functions from a location's rules, closures, blocks and the
 * capacity ledger to bookable start times. No I/O, so the calendar is cheap and fully testable.
 */

export interface LocationSetup {
  slotMinutes: number;
  workstationsPublic: number;
  workstationsInternal: number;
  bufferSlots: number;
  minNoticeMinutes: number;
  maxDaysAhead: number;
}

export interface Rule {
  kind: 'weekly' | 'monthly' | 'once';
  /** ISO weekdays 1 (Mon) … 7 (Sun). */
  weekdays: number[];
  intervalWeeks: number;
  /** monthly: 1…5 or -1 (last). */
  nthWeek: number | null;
  /** Minutes after local midnight. */
  start: number;
  end: number;
  validFrom: string;
  validUntil: string | null;
  /** Group session of this service with `seats` seats; null for the ordinary desks. */
  serviceId: string | null;
  seats: number | null;
}

export interface Closure {
  from: string;
  to: string;
}

export interface Block {
  startsAt: Date;
  endsAt: Date;
  /** null = every workstation. */
  workstations: number | null;
}

export interface SlotCapacity {
  startsAt: Date;
  /** For online booking and for staff (public + internal workstations). */
  capacityPublic: number;
  capacityTotal: number;
}

export const DESK = 'desk';
export const groupResource = (serviceId: string) => `group:${serviceId}`;

/** Whether a rule opens on a date (ignores holidays and closures). */
export function ruleApplies(rule: Rule, iso: string): boolean {
  if (iso < rule.validFrom || (rule.validUntil !== null && iso > rule.validUntil)) return false;
  if (rule.kind === 'once') return iso === rule.validFrom;
  const wd = isoWeekday(iso);
  if (!rule.weekdays.includes(wd)) return false;
  if (rule.kind === 'weekly') {
    if (rule.intervalWeeks <= 1) return true;
    // Weeks counted from the Monday of the week of validFrom.
    const anchor = dayNumber(rule.validFrom) - (isoWeekday(rule.validFrom) - 1);
    const week = Math.floor((dayNumber(iso) - anchor) / 7);
    return week % rule.intervalWeeks === 0;
  }
  const day = Number(iso.slice(8, 10));
  if (rule.nthWeek === -1) return addDays(iso, 7).slice(0, 7) !== iso.slice(0, 7);
  return Math.ceil(day / 7) === rule.nthWeek;
}

/** Why a day is closed as a whole (holiday beats every rule), or null. */
export function dayClosed(iso: string, closures: Closure[]): 'holiday' | 'closure' | null {
  if (nrwHoliday(iso)) return 'holiday';
  if (closures.some((c) => iso >= c.from && iso <= c.to)) return 'closure';
  return null;
}

/** The desk slots of a day with their capacity (blocks applied), ordered by time. */
export function deskSlots(
  setup: LocationSetup,
  rules: Rule[],
  closures: Closure[],
  blocks: Block[],
  iso: string,
): SlotCapacity[] {
  if (dayClosed(iso, closures)) return [];
  const starts = new Set<number>();
  for (const r of rules) {
    if (r.serviceId !== null || !ruleApplies(r, iso)) continue;
    for (let m = r.start; m + setup.slotMinutes <= r.end; m += setup.slotMinutes) starts.add(m);
  }
  const out: SlotCapacity[] = [];
  for (const m of [...starts].sort((a, b) => a - b)) {
    const startsAt = berlinInstant(iso, m);
    const endMs = startsAt.getTime() + setup.slotMinutes * 60_000;
    let total = setup.workstationsPublic + setup.workstationsInternal;
    let pub = setup.workstationsPublic;
    for (const b of blocks) {
      if (b.startsAt.getTime() < endMs && b.endsAt.getTime() > startsAt.getTime()) {
        total = b.workstations === null ? 0 : Math.max(0, total - b.workstations);
        pub = Math.min(pub, total);
      }
    }
    out.push({ startsAt, capacityPublic: pub, capacityTotal: total });
  }
  return out;
}

export interface GroupSession {
  serviceId: string;
  startsAt: Date;
  endsAt: Date;
  seats: number;
}

export function groupSessions(
  rules: Rule[],
  closures: Closure[],
  blocks: Block[],
  iso: string,
): GroupSession[] {
  if (dayClosed(iso, closures)) return [];
  const out: GroupSession[] = [];
  for (const r of rules) {
    if (r.serviceId === null || r.seats === null || !ruleApplies(r, iso)) continue;
    const startsAt = berlinInstant(iso, r.start);
    const endsAt = berlinInstant(iso, r.end);
    const blocked = blocks.some((b) => b.workstations === null && b.startsAt < endsAt && b.endsAt > startsAt);
    if (!blocked) out.push({ serviceId: r.serviceId, startsAt, endsAt, seats: r.seats });
  }
  return out.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** Used units per resource and slot start: `${resource}|${epochMs}`. */
export type Usage = Map<string, number>;
export const usageKey = (resource: string, startsAt: Date) => `${resource}|${startsAt.getTime()}`;

export interface FreeSlot {
  startsAt: Date;
  endsAt: Date;
  /** Units still free (workstations for the desk, seats for a group session). */
  free: number;
}

export interface Demand {
  /** null: the desk; else the service of a group session. */
  groupServiceId: string | null;
  /** Slots of service time (without buffer); ignored for group sessions. */
  slots: number;
  /** Units: 1 for a desk appointment, persons for a group session. */
  units: number;
  audience: 'public' | 'staff';
}

export interface WindowInput {
  setup: LocationSetup;
  rules: Rule[];
  closures: Closure[];
  blocks: Block[];
  usage: Usage;
  now: Date;
}

/** First and last bookable calendar date (inclusive) under the booking window. */
export function bookingWindow(setup: LocationSetup, now: Date, audience: 'public' | 'staff') {
  const earliest = audience === 'staff' ? now : new Date(now.getTime() + setup.minNoticeMinutes * 60_000);
  const today = berlinDate(now);
  return { earliest, firstDate: berlinDate(earliest), lastDate: addDays(today, setup.maxDaysAhead) };
}

/** Bookable start times on one date for a demand. */
export function freeSlotsOn(input: WindowInput, demand: Demand, iso: string): FreeSlot[] {
  const { setup, rules, closures, blocks, usage, now } = input;
  const win = bookingWindow(setup, now, demand.audience);
  if (iso < win.firstDate || iso > win.lastDate) return [];
  const out: FreeSlot[] = [];
  if (demand.groupServiceId !== null) {
    const resource = groupResource(demand.groupServiceId);
    for (const s of groupSessions(rules, closures, blocks, iso)) {
      if (s.serviceId !== demand.groupServiceId || s.startsAt < win.earliest) continue;
      const free = s.seats - (usage.get(usageKey(resource, s.startsAt)) ?? 0);
      if (free >= demand.units) out.push({ startsAt: s.startsAt, endsAt: s.endsAt, free });
    }
    return out;
  }
  const slots = deskSlots(setup, rules, closures, blocks, iso);
  const need = demand.slots + setup.bufferSlots;
  const step = setup.slotMinutes * 60_000;
  for (let i = 0; i + need <= slots.length; i++) {
    const first = slots[i]!;
    if (first.startsAt < win.earliest) continue;
    let free = Infinity;
    for (let k = 0; k < need; k++) {
      const s = slots[i + k]!;
      if (s.startsAt.getTime() !== first.startsAt.getTime() + k * step) {
        free = -1;
        break;
      }
      const cap = demand.audience === 'staff' ? s.capacityTotal : s.capacityPublic;
      free = Math.min(free, cap - (usage.get(usageKey(DESK, s.startsAt)) ?? 0));
    }
    if (free >= demand.units)
      out.push({
        startsAt: first.startsAt,
        endsAt: new Date(first.startsAt.getTime() + demand.slots * step),
        free,
      });
  }
  return out;
}

/**
 * The ledger slots an appointment starting at `startsAt` takes, with their capacity, or null
 * when that start is not offered by the rules (closed, outside the window, not a slot start).
 * Does not look at usage: the database decides whether there is room.
 */
export function ledgerSlotsFor(
  input: Omit<WindowInput, 'usage'>,
  demand: Demand,
  startsAt: Date,
): { resource: string; slots: SlotCapacity[]; endsAt: Date } | null {
  const iso = berlinDate(startsAt);
  const all = freeSlotsOn({ ...input, usage: new Map() }, { ...demand, units: 1 }, iso);
  const hit = all.find((s) => s.startsAt.getTime() === startsAt.getTime());
  if (!hit) return null;
  if (demand.groupServiceId !== null) {
    const session = groupSessions(input.rules, input.closures, input.blocks, iso).find(
      (s) => s.serviceId === demand.groupServiceId && s.startsAt.getTime() === startsAt.getTime(),
    )!;
    return {
      resource: groupResource(demand.groupServiceId),
      slots: [{ startsAt, capacityPublic: session.seats, capacityTotal: session.seats }],
      endsAt: session.endsAt,
    };
  }
  const day = deskSlots(input.setup, input.rules, input.closures, input.blocks, iso);
  const i = day.findIndex((s) => s.startsAt.getTime() === startsAt.getTime());
  return {
    resource: DESK,
    slots: day.slice(i, i + demand.slots + input.setup.bufferSlots),
    endsAt: hit.endsAt,
  };
}

/** Days from `from` to `to` inclusive with at least one free slot, each with its count. */
export function freeDays(
  input: WindowInput,
  demand: Demand,
  from: string,
  to: string,
): { date: string; count: number }[] {
  const out: { date: string; count: number }[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const n = freeSlotsOn(input, demand, d).length;
    if (n > 0) out.push({ date: d, count: n });
  }
  return out;
}
