import type { Kernel } from '../../../kernel/kernel.ts';
import { bookingWindow, freeSlotsOn, type Demand, type FreeSlot } from '../availability.ts';
import {
  loadLocationContextForDisplay,
  releaseDueCapacity,
  resolveDemand,
  type LocationContext,
  type ServiceLine,
} from '../commands/booking.ts';
import {
  selectLocations,
  selectOffers,
  selectServices,
  selectUsageAndDue,
  type LocationRecord,
  type ServiceRecord,
} from '../db/queries.ts';
import { readAppointmentsConfig } from '../config.ts';
import { addDays, berlinDate, berlinInstant } from '../time.ts';

export interface CalendarDay {
  date: string;
  slots: FreeSlot[];
}

export type CalendarResult =
  | {
      ok: true;
      ctx: LocationContext;
      demand: Demand;
      days: CalendarDay[];
      firstDate: string;
      lastDate: string;
    }
  | {
      ok: false;
      reason:
        | 'unknown_location'
        | 'unknown_service'
        | 'no_service'
        | 'not_offered'
        | 'too_many'
        | 'not_combinable'
        | 'too_long'
        | 'not_found'
        | 'slot_not_offered'
        | 'taken'
        | 'hold_expired'
        | 'limit_reached'
        | 'contact_missing'
        | 'too_late'
        | 'not_active';
    };

/**
 * Free times of an office for a set of services, day by day over the booking window (or the
 * given range inside it). Releases due capacity first so expired holds show as free.
 */
export async function freeCalendar(
  kernel: Kernel,
  locationId: string,
  lines: ServiceLine[],
  opts: { audience?: 'public' | 'staff'; from?: string; to?: string } = {},
): Promise<CalendarResult> {
  const ctx = await loadLocationContextForDisplay(kernel, locationId);
  if (!ctx || (!ctx.location.active && opts.audience !== 'staff'))
    return { ok: false, reason: 'unknown_location' };
  const resolved = resolveDemand(ctx.location, ctx.services, ctx.offers, lines);
  if (!resolved.ok) return resolved;
  const audience = opts.audience ?? 'public';
  const demand: Demand = { ...resolved.value.demand, audience };
  const cfg = readAppointmentsConfig(kernel.fullConfig);
  const now = kernel.clock.now();
  const win = bookingWindow(ctx.location, now, audience);
  const lastCap = addDays(berlinDate(now), cfg.calendarDays);
  const firstDate = opts.from && opts.from > win.firstDate ? opts.from : win.firstDate;
  let lastDate = win.lastDate < lastCap ? win.lastDate : lastCap;
  if (opts.to && opts.to < lastDate) lastDate = opts.to;
  const days: CalendarDay[] = [];
  if (firstDate > lastDate) return { ok: true, ctx, demand, days, firstDate, lastDate };
  const range = [berlinInstant(firstDate, 0), berlinInstant(addDays(lastDate, 1), 0)] as const;
  const first = await selectUsageAndDue(kernel.db.pool, ctx.location.id, range[0], range[1], now);
  let usage = first.usage;
  if (first.releaseDue) {
    await releaseDueCapacity(kernel, ctx.location);
    usage = (await selectUsageAndDue(kernel.db.pool, ctx.location.id, range[0], range[1], now)).usage;
  }
  const input = { ...ctx.window, now, usage };
  for (let d = firstDate; d <= lastDate; d = addDays(d, 1)) {
    const slots = freeSlotsOn(input, demand, d);
    if (slots.length) days.push({ date: d, slots });
  }
  return { ok: true, ctx, demand, days, firstDate, lastDate };
}

export interface Catalogue {
  services: ServiceRecord[];
  locations: LocationRecord[];
  /** location id → service id → { slots, maxQuantity } */
  offers: Map<string, Map<string, { slots: number; maxQuantity: number }>>;
}

export async function loadCatalogue(kernel: Kernel): Promise<Catalogue> {
  const db = kernel.db.pool;
  const [services, locations, offers] = await Promise.all([
    selectServices(db),
    selectLocations(db, { activeOnly: true }),
    selectOffers(db),
  ]);
  const map = new Map<string, Map<string, { slots: number; maxQuantity: number }>>();
  for (const o of offers) {
    let m = map.get(o.locationId);
    if (!m) map.set(o.locationId, (m = new Map<string, { slots: number; maxQuantity: number }>()));
    m.set(o.serviceId, { slots: o.slots, maxQuantity: o.maxQuantity });
  }
  return { services, locations, offers: map };
}

/** Offices offering every one of the services. */
export function locationsOffering(cat: Catalogue, serviceIds: string[]): LocationRecord[] {
  return cat.locations.filter((l) => serviceIds.every((id) => cat.offers.get(l.id)?.has(id)));
}

export interface EarliestOption {
  location: LocationRecord;
  slot: FreeSlot | null;
}

/** "Earliest anywhere": the first free time at each office offering the services, earliest first. */
export async function earliestAnywhere(
  kernel: Kernel,
  cat: Catalogue,
  lines: ServiceLine[],
): Promise<EarliestOption[]> {
  const out: EarliestOption[] = [];
  for (const location of locationsOffering(
    cat,
    lines.map((l) => l.serviceId),
  )) {
    const cal = await freeCalendar(kernel, location.id, lines);
    out.push({ location, slot: cal.ok ? (cal.days[0]?.slots[0] ?? null) : null });
  }
  return out.sort((a, b) => {
    if (!a.slot) return b.slot ? 1 : a.location.name.localeCompare(b.location.name);
    if (!b.slot) return -1;
    return a.slot.startsAt.getTime() - b.slot.startsAt.getTime();
  });
}
