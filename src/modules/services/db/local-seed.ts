import type { Kernel } from '../../../kernel/kernel.ts';
import { inTransaction } from '../../../kernel/db/database.ts';
import { LOCAL_SERVICES } from '../seeds/local-services.ts';
import { refreshSearchWords } from './services.queries.ts';

/**
 * Writes the local services that do not exist yet, and their missing responsibility rows.
 * Existing rows are left alone (editors may have changed them), so running it twice changes nothing.
 */
export async function seedLocalServices(
  kernel: Kernel,
): Promise<{ services: number; responsibilities: number }> {
  const tenants = await kernel.tenants.list();
  const kreis = tenants.find((t) => t.kind === 'kreis');
  if (!kreis) return { services: 0, responsibilities: 0 };
  const towns = tenants.filter((t) => t.kind === 'gemeinde');
  const units = await kernel.tenants.orgUnits();
  const unitId = (tenantId: string, slug: string) =>
    units.find((u) => u.tenantId === tenantId && u.slug === slug)?.id;
  const now = kernel.clock.now();
  // Fast path for every start after the first: everything is there already.
  const expected = LOCAL_SERVICES.reduce((n, s) => n + (s.level === 'kreis' ? 1 : towns.length), 0);
  const have = await kernel.db.pool.query<{ s: number; r: number }>(
    `select count(distinct s.id)::int as s, count(r.for_tenant_id)::int as r
     from services.services s left join services.responsibilities r on r.service_id = s.id
     where s.slug = any($1::text[])`,
    [LOCAL_SERVICES.map((s) => s.slug)],
  );
  if (have.rows[0]?.s === LOCAL_SERVICES.length && have.rows[0].r === expected)
    return { services: 0, responsibilities: 0 };
  return inTransaction(kernel.db.pool, async (client) => {
    await client.query(`select pg_advisory_xact_lock(hashtext('services.seed'))`);
    const ozg = await client.query<{ ozg_id: number; themenfeld: string; lebenslage: string }>(
      `select ozg_id, themenfeld, lebenslage from services.ozg_services`,
    );
    const ozgById = new Map(ozg.rows.map((r) => [r.ozg_id, r]));
    let services = 0;
    let responsibilities = 0;
    for (const s of LOCAL_SERVICES) {
      const o = s.ozgId === null ? undefined : ozgById.get(s.ozgId);
      const lebenslagen = [...new Set([...(o ? [o.lebenslage] : []), ...(s.lebenslagen ?? [])])];
      const ins = await client.query<{ id: string }>(
        `insert into services.services (slug, level, owner_tenant_id, leika_key, ozg_id, themenfeld, lebenslagen,
           title_de, title_en, summary_de, summary_en, body_de, body_en, easy_language_de, keywords, fees, documents,
           processing_days, processing_de, processing_en, legal_basis, channels, online_url, appointment_url,
           created_at, updated_at)
         values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$25)
         on conflict (slug) do nothing returning id`,
        [
          s.slug,
          s.level,
          kreis.id,
          s.leikaKey,
          s.ozgId,
          o?.themenfeld ?? s.themenfeld ?? null,
          lebenslagen,
          s.title.de,
          s.title.en,
          s.summary.de,
          s.summary.en,
          s.body?.de ?? '',
          s.body?.en ?? '',
          s.easyLanguage ?? '',
          s.keywords,
          JSON.stringify(s.fees),
          JSON.stringify(s.documents),
          s.processingDays,
          s.processing?.de ?? '',
          s.processing?.en ?? '',
          s.legalBasis,
          s.channels,
          s.onlineUrl ?? null,
          s.appointmentUrl ?? null,
          now,
        ],
      );
      if (ins.rows[0]) services++;
      const id =
        ins.rows[0]?.id ??
        (await client.query<{ id: string }>(`select id from services.services where slug = $1`, [s.slug]))
          .rows[0]?.id;
      if (!id) continue;
      const rows: { forTenant: string; tenant: string; unit: string }[] =
        s.level === 'kreis'
          ? [{ forTenant: kreis.id, tenant: kreis.id, unit: s.unit }]
          : towns.map((t) => {
              const ov = s.overrides?.[t.id];
              return {
                forTenant: t.id,
                tenant: ov?.tenant === 'kreis' ? kreis.id : t.id,
                unit: ov?.unit ?? s.unit,
              };
            });
      for (const r of rows) {
        const unit = unitId(r.tenant, r.unit);
        if (!unit) throw new Error(`services seed: org unit ${r.tenant}/${r.unit} missing for ${s.slug}`);
        const res = await client.query(
          `insert into services.responsibilities (service_id, for_tenant_id, responsible_tenant_id, org_unit_id, updated_at)
           values ($1, $2, $3, $4, $5) on conflict do nothing`,
          [id, r.forTenant, r.tenant, unit, now],
        );
        responsibilities += res.rowCount ?? 0;
      }
    }
    if (services) await refreshSearchWords(client);
    return { services, responsibilities };
  });
}
