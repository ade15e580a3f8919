import { randomBytes } from 'node:crypto';
import { inTransaction } from '../../../kernel/db/database.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { DEMO_LOCATIONS, DEMO_SERVICES } from '../data/demo.ts';
import { insertRule } from '../db/queries.ts';
import { parseTime } from '../time.ts';

const KREIS = 'rhein-kreis-neuss';

/**
 * Demo offices, services and opening rules (idempotent: upserts by slug/key; rules are only
 * written for an office that has none, so staff changes survive a second run).
 */
export async function seedDemoData(kernel: Kernel): Promise<void> {
  const units = await kernel.tenants.orgUnits(KREIS);
  const unitId = (slug: string) => units.find((u) => u.slug === slug)?.id ?? null;
  const validFrom = `${kernel.clock.now().getUTCFullYear() - 1}-01-01`;
  await inTransaction(kernel.db.pool, async (c) => {
    const serviceIds = new Map<string, string>();
    for (const s of DEMO_SERVICES) {
      const { rows } = await c.query<{ id: string }>(
        `insert into appointments.services (key, tenant_id, org_unit_id, name, name_en, description, combine_group, anonymous, ask_phone, group_session, sort)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         on conflict (key) do update set name = excluded.name, name_en = excluded.name_en, description = excluded.description,
           combine_group = excluded.combine_group, anonymous = excluded.anonymous, ask_phone = excluded.ask_phone,
           group_session = excluded.group_session, sort = excluded.sort, org_unit_id = excluded.org_unit_id
         returning id`,
        [
          s.key,
          KREIS,
          unitId(s.orgUnit),
          s.name,
          s.nameEn,
          s.description,
          s.combineGroup ?? null,
          !!s.anonymous,
          !!s.askPhone,
          !!s.groupSession,
          s.sort,
        ],
      );
      serviceIds.set(s.key, rows[0]!.id);
    }
    for (const l of DEMO_LOCATIONS) {
      const { rows } = await c.query<{ id: string }>(
        `insert into appointments.locations (slug, tenant_id, org_unit_id, name, street, postal_code, city, slot_minutes,
           workstations_public, workstations_internal, requires_confirmation, email, feed_token)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         on conflict (slug) do update set name = excluded.name, street = excluded.street, postal_code = excluded.postal_code,
           city = excluded.city, org_unit_id = excluded.org_unit_id
         returning id`,
        [
          l.slug,
          KREIS,
          unitId(l.orgUnit),
          l.name,
          l.street,
          l.postalCode,
          l.city,
          l.slotMinutes,
          l.workstationsPublic,
          l.workstationsInternal,
          !!l.requiresConfirmation,
          l.email ?? null,
          randomBytes(24).toString('base64url'),
        ],
      );
      const locationId = rows[0]!.id;
      for (const o of l.offers)
        await c.query(
          `insert into appointments.location_services (location_id, service_id, slots, max_quantity) values ($1, $2, $3, $4)
           on conflict (location_id, service_id) do nothing`,
          [locationId, serviceIds.get(o.service), o.slots, o.maxQuantity],
        );
      const { rows: has } = await c.query('select 1 from appointments.rules where location_id = $1 limit 1', [
        locationId,
      ]);
      if (has.length) continue;
      for (const r of l.rules)
        await insertRule(c, locationId, {
          kind: r.kind,
          weekdays: r.weekdays,
          intervalWeeks: r.intervalWeeks ?? 1,
          nthWeek: r.nthWeek ?? null,
          start: parseTime(r.start)!,
          end: parseTime(r.end)!,
          validFrom,
          validUntil: null,
          serviceId: r.service ? serviceIds.get(r.service)! : null,
          seats: r.seats ?? null,
        });
    }
  });
}
