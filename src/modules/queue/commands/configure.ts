import { readFileSync } from 'node:fs';
import { inTransaction } from '../../../kernel/db/database.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { appointmentLocations } from '../appointments-port.ts';

export interface GroupConfig {
  key: string;
  de: string;
  en: string;
  prefix: string;
  rangeStart?: number;
  rangeEnd?: number;
  minutes?: number;
  forAppointments?: boolean;
}

export interface LocationConfig {
  id: string;
  slug: string;
  tenantId: string;
  orgUnitId: string | null;
  name: string;
  dayContingent?: number;
  missedAfterCalls?: number;
  counters: string[];
  groups: GroupConfig[];
}

/** "Schalter 3" → "schalter-3", "Raum 1.12" → "raum-1-12". */
export function counterKey(label: string): string {
  return label
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 50);
}

/**
 * Creates or updates a queue location with its service groups and counters. Idempotent: existing
 * groups and counters (matched by key) keep their settings; a location whose appointments id
 * changed (matched by slug) follows it.
 */
export async function configureLocation(kernel: Kernel, c: LocationConfig): Promise<void> {
  const now = kernel.clock.now();
  await inTransaction(kernel.db.pool, async (client) => {
    await client.query(
      `insert into queue.locations (id, slug, tenant_id, org_unit_id, name, day_contingent, missed_after_calls,
         created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $8)
       on conflict (slug) do update set id = excluded.id, tenant_id = excluded.tenant_id,
         org_unit_id = excluded.org_unit_id, name = excluded.name,
         updated_at = case when (locations.id, locations.tenant_id, locations.org_unit_id, locations.name)
           is distinct from (excluded.id, excluded.tenant_id, excluded.org_unit_id, excluded.name)
           then excluded.updated_at else locations.updated_at end`,
      [c.id, c.slug, c.tenantId, c.orgUnitId, c.name, c.dayContingent ?? 400, c.missedAfterCalls ?? 3, now],
    );
    let pos = 0;
    for (const g of c.groups) {
      await client.query(
        `insert into queue.service_groups (location_id, key, name_de, name_en, prefix, range_start, range_end,
           for_appointments, default_minutes, position)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict (location_id, key) do nothing`,
        [
          c.id,
          g.key,
          g.de,
          g.en,
          g.prefix,
          g.rangeStart ?? 1,
          g.rangeEnd ?? 999,
          !!g.forAppointments,
          g.minutes ?? 10,
          pos++,
        ],
      );
    }
    pos = 0;
    for (const label of c.counters) {
      await client.query(
        `insert into queue.counters (location_id, key, label, position) values ($1, $2, $3, $4)
         on conflict (location_id, key) do nothing`,
        [c.id, counterKey(label), label, pos++],
      );
    }
  });
}

interface ConfigFile {
  locations: {
    slug: string;
    name: string;
    orgUnit: string;
    dayContingent?: number;
    counters: string[];
    groups: string;
  }[];
  groupSets: Record<string, GroupConfig[]>;
}

export const DEMO_CONFIG = new URL('../data/demo-config.json', import.meta.url);

/**
 * Configures the locations of a config file (see data/demo-config.json). Each location takes its
 * id, tenant and org unit from the appointments module when it knows the slug; otherwise it is
 * set up on its own (id = slug, the Kreis and its org unit of that slug).
 */
export async function configureFromFile(kernel: Kernel, file: URL | string): Promise<string[]> {
  const cfg = JSON.parse(readFileSync(file, 'utf8')) as ConfigFile;
  const known = new Map((await appointmentLocations(kernel)).map((l) => [l.slug, l]));
  const kreis = await kernel.tenants.kreis();
  if (!kreis) return [];
  const units = await kernel.tenants.orgUnits(kreis.id);
  const done: string[] = [];
  for (const l of cfg.locations) {
    const ref = known.get(l.slug);
    await configureLocation(kernel, {
      id: ref?.id ?? l.slug,
      slug: l.slug,
      tenantId: ref?.tenantId ?? kreis.id,
      orgUnitId: ref ? ref.orgUnitId : (units.find((u) => u.slug === l.orgUnit)?.id ?? null),
      name: ref?.name ?? l.name,
      dayContingent: l.dayContingent,
      counters: l.counters,
      groups: cfg.groupSets[l.groups] ?? [],
    });
    done.push(l.slug);
  }
  return done;
}
