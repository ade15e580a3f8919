import type { ServiceLine } from '../commands/booking.ts';
import type { ServiceRecord } from '../db/queries.ts';
import { isIsoDate } from '../time.ts';

/**
 * The chosen services travel between the steps as one parameter: "d=kfz-zulassung:2,kfz-abmeldung:1".
 * Returns null for anything malformed (unknown keys are reported by the booking rules).
 */
export function parseServicesParam(
  raw: string | undefined,
  services: ServiceRecord[],
): { lines: ServiceLine[]; unknown: boolean } | null {
  if (!raw || raw.length > 400) return null;
  const parts = raw.split(',');
  if (parts.length > 10) return null;
  const lines: ServiceLine[] = [];
  let unknown = false;
  for (const p of parts) {
    const m = /^([a-z0-9][a-z0-9-]{0,63}):(\d{1,2})$/.exec(p);
    if (!m) return null;
    const s = services.find((x) => x.key === m[1]);
    if (!s) unknown = true;
    else lines.push({ serviceId: s.id, quantity: Number(m[2]) });
  }
  return { lines, unknown };
}

export function servicesParam(lines: ServiceLine[], services: ServiceRecord[]): string {
  return lines
    .filter((l) => l.quantity > 0)
    .map((l) => `${services.find((s) => s.id === l.serviceId)?.key ?? ''}:${l.quantity}`)
    .join(',');
}

export function parseMonth(raw: string | undefined): string | null {
  if (!raw || !/^\d{4}-\d{2}$/.test(raw)) return null;
  return isIsoDate(`${raw}-01`) ? raw : null;
}

export function parseDay(raw: string | undefined): string | null {
  return raw && isIsoDate(raw) ? raw : null;
}

/** An instant sent back by a form (ISO 8601 with Z), or null. */
export function parseInstant(raw: string | undefined): Date | null {
  if (!raw || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/.test(raw)) return null;
  const d = new Date(raw);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
