import type { DatasetContext } from '../../../kernel/extensions.ts';
import { selectResponsibilities, selectServices } from '../db/services.queries.ts';

interface DatasetRow {
  slug: string;
  title: string;
  titleEn: string;
  level: string;
  leikaKey: string | null;
  ozgId: number | null;
  themenfeld: string | null;
  channels: string[];
  url: string;
  responsibilities: {
    municipality: string;
    responsibleTenant: string;
    office: string;
    email: string | null;
  }[];
}

async function rows(ctx: DatasetContext): Promise<{ rows: DatasetRow[]; modified: Date }> {
  const services = await selectServices(ctx.db.pool, { publishedOnly: true });
  const resp = await selectResponsibilities(
    ctx.db.pool,
    services.map((s) => s.id),
  );
  const tenants = await ctx.tenants.list();
  const units = await ctx.tenants.orgUnits();
  let modified = new Date(0);
  const out = services.map((s) => {
    if (s.updated_at > modified) modified = s.updated_at;
    return {
      slug: s.slug,
      title: s.title_de,
      titleEn: s.title_en,
      level: s.level,
      leikaKey: s.leika_key,
      ozgId: s.ozg_id,
      themenfeld: s.themenfeld,
      channels: s.channels,
      url: `/leistungen/${s.slug}`,
      responsibilities: resp
        .filter((r) => r.service_id === s.id)
        .map((r) => {
          const unit = units.find((u) => u.id === r.org_unit_id);
          if (r.updated_at > modified) modified = r.updated_at;
          return {
            municipality: tenants.find((t) => t.id === r.for_tenant_id)?.name ?? r.for_tenant_id,
            responsibleTenant:
              tenants.find((t) => t.id === r.responsible_tenant_id)?.name ?? r.responsible_tenant_id,
            office: unit?.name ?? '',
            email: unit?.email ?? null,
          };
        }),
    };
  });
  return { rows: out, modified };
}

function csvCell(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  // Formula injection guard for spreadsheet users, then RFC 4180 quoting.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r;]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export async function renderDatasetCsv(ctx: DatasetContext) {
  const { rows: data, modified } = await rows(ctx);
  const header = [
    'slug',
    'titel',
    'title_en',
    'ebene',
    'leika_schluessel',
    'ozg_id',
    'themenfeld',
    'zugangswege',
    'kommune',
    'zustaendige_koerperschaft',
    'zustaendige_stelle',
    'email',
    'url',
  ];
  const lines = [header.join(',')];
  for (const r of data)
    for (const z of r.responsibilities)
      lines.push(
        [
          r.slug,
          r.title,
          r.titleEn,
          r.level,
          r.leikaKey,
          r.ozgId,
          r.themenfeld,
          r.channels.join(' '),
          z.municipality,
          z.responsibleTenant,
          z.office,
          z.email,
          r.url,
        ]
          .map(csvCell)
          .join(','),
      );
  return { body: `${lines.join('\r\n')}\r\n`, modified };
}

export async function renderDatasetJson(ctx: DatasetContext) {
  const { rows: data, modified } = await rows(ctx);
  return { body: JSON.stringify({ services: data }, null, 2), modified };
}
