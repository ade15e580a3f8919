import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inTransaction, type Database } from '../db/database.ts';

export interface Tenant {
  id: string;
  kind: 'kreis' | 'gemeinde';
  name: string;
  ags: string;
  ars: string;
  parentId: string | null;
  population: number | null;
  districtCodes: string[];
  postalCodes: string[];
  website: string | null;
  email: string | null;
  phone: string | null;
  address: { street: string | null; postalCode: string | null; city: string | null };
}

export interface OrgUnit {
  id: string;
  tenantId: string;
  slug: string;
  name: string;
  nameEn: string | null;
  email: string | null;
  phone: string | null;
  address: { street: string | null; postalCode: string | null; city: string | null };
  openingHours: { days: string; from: string; to: string }[];
}

interface TenantRow {
  id: string;
  kind: 'kreis' | 'gemeinde';
  name: string;
  ags: string;
  ars: string;
  parent_id: string | null;
  population: number | null;
  district_codes: string[];
  postal_codes: string[];
  website: string | null;
  email: string | null;
  phone: string | null;
  street: string | null;
  postal_code: string | null;
  city: string | null;
}

interface OrgUnitRow {
  id: string;
  tenant_id: string;
  slug: string;
  name: string;
  name_en: string | null;
  email: string | null;
  phone: string | null;
  street: string | null;
  postal_code: string | null;
  city: string | null;
  opening_hours: OrgUnit['openingHours'];
}

function toTenant(r: TenantRow): Tenant {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    ags: r.ags,
    ars: r.ars,
    parentId: r.parent_id,
    population: r.population,
    districtCodes: r.district_codes,
    postalCodes: r.postal_codes,
    website: r.website,
    email: r.email,
    phone: r.phone,
    address: { street: r.street, postalCode: r.postal_code, city: r.city },
  };
}

function toOrgUnit(r: OrgUnitRow): OrgUnit {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    slug: r.slug,
    name: r.name,
    nameEn: r.name_en,
    email: r.email,
    phone: r.phone,
    address: { street: r.street, postalCode: r.postal_code, city: r.city },
    openingHours: r.opening_hours,
  };
}

/** Read access to tenants and org units; cached in memory because they change rarely. */
export class Tenants {
  private cache: { tenants: Tenant[]; orgUnits: OrgUnit[] } | null = null;
  constructor(private readonly db: Database) {}

  invalidate(): void {
    this.cache = null;
  }

  private async load() {
    if (!this.cache) {
      const t = await this.db.pool.query<TenantRow>(
        `select * from kernel.tenants order by kind = 'kreis' desc, name collate "C"`,
      );
      const o = await this.db.pool.query<OrgUnitRow>(
        `select * from kernel.org_units order by tenant_id, name`,
      );
      this.cache = { tenants: t.rows.map(toTenant), orgUnits: o.rows.map(toOrgUnit) };
    }
    return this.cache;
  }

  async list(): Promise<Tenant[]> {
    return (await this.load()).tenants;
  }
  async get(id: string): Promise<Tenant | undefined> {
    return (await this.load()).tenants.find((t) => t.id === id);
  }
  async kreis(): Promise<Tenant | undefined> {
    return (await this.load()).tenants.find((t) => t.kind === 'kreis');
  }
  async byPostalCode(plz: string): Promise<Tenant[]> {
    return (await this.load()).tenants.filter((t) => t.postalCodes.includes(plz));
  }
  async orgUnits(tenantId?: string): Promise<OrgUnit[]> {
    const all = (await this.load()).orgUnits;
    return tenantId ? all.filter((o) => o.tenantId === tenantId) : all;
  }
  async orgUnit(id: string): Promise<OrgUnit | undefined> {
    return (await this.load()).orgUnits.find((o) => o.id === id);
  }
}

interface GemeindenFile {
  kreis: { name: string; kreisschluessel: string; ars: string; einwohner: number; kfz: string[] };
  gemeinden: { name: string; status: string; ags: string; ars: string; einwohner_approx: number }[];
}
interface Address {
  street: string;
  postalCode: string;
  city: string;
}
interface TenantFile {
  kreis: { slug: string; website: string; address: Address; email: string; phone: string };
  gemeinden: Record<string, { slug: string; postalCodes: string[]; address: Address; website: string }>;
  defaultOpeningHours: OrgUnit['openingHours'];
  orgUnits: Record<
    string,
    { slug: string; name: string; nameEn: string; email?: string; address?: Address }[]
  >;
}

/**
 * Seeds the tenants and their org units from a seed folder (gemeinden.json + tenant.json).
 * Idempotent: a second run updates rows in place and creates nothing twice.
 */
export async function seedTenants(
  db: Database,
  seedDir: string,
): Promise<{ tenants: number; orgUnits: number }> {
  const dir = resolve(seedDir);
  const g = JSON.parse(readFileSync(join(dir, 'gemeinden.json'), 'utf8')) as GemeindenFile;
  const extra = JSON.parse(readFileSync(join(dir, 'tenant.json'), 'utf8')) as TenantFile;
  return inTransaction(db.pool, async (client) => {
    let orgUnits = 0;
    const upsert = `insert into kernel.tenants
        (id, kind, name, status, ags, ars, parent_id, population, district_codes, postal_codes, website, email, phone, street, postal_code, city)
      values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)
      on conflict (id) do update set kind = excluded.kind, name = excluded.name, status = excluded.status,
        ags = excluded.ags, ars = excluded.ars, parent_id = excluded.parent_id, population = excluded.population,
        district_codes = excluded.district_codes, postal_codes = excluded.postal_codes, website = excluded.website,
        email = excluded.email, phone = excluded.phone, street = excluded.street, postal_code = excluded.postal_code,
        city = excluded.city, updated_at = now()`;
    const k = extra.kreis;
    await client.query(upsert, [
      k.slug,
      'kreis',
      g.kreis.name,
      'Kreis',
      g.kreis.kreisschluessel,
      g.kreis.ars,
      null,
      g.kreis.einwohner,
      g.kreis.kfz,
      [],
      k.website,
      k.email,
      k.phone,
      k.address.street,
      k.address.postalCode,
      k.address.city,
    ]);
    const slugs: string[] = [k.slug];
    for (const m of g.gemeinden) {
      const e = extra.gemeinden[m.ags];
      if (!e) throw new Error(`tenant.json has no entry for AGS ${m.ags} (${m.name})`);
      slugs.push(e.slug);
      await client.query(upsert, [
        e.slug,
        'gemeinde',
        m.name,
        m.status,
        m.ags,
        m.ars,
        k.slug,
        m.einwohner_approx,
        g.kreis.kfz,
        e.postalCodes,
        e.website,
        null,
        null,
        e.address.street,
        e.address.postalCode,
        e.address.city,
      ]);
    }
    for (const tenantId of slugs) {
      const units = extra.orgUnits[tenantId] ?? extra.orgUnits['*'] ?? [];
      const tenantAddress =
        tenantId === k.slug
          ? k.address
          : Object.values(extra.gemeinden).find((x) => x.slug === tenantId)?.address;
      for (const u of units) {
        const addr = u.address ?? tenantAddress;
        await client.query(
          `insert into kernel.org_units (tenant_id, slug, name, name_en, email, street, postal_code, city, opening_hours)
           values ($1,$2,$3,$4,$5,$6,$7,$8,$9)
           on conflict (tenant_id, slug) do update set name = excluded.name, name_en = excluded.name_en,
             email = excluded.email, street = excluded.street, postal_code = excluded.postal_code, city = excluded.city,
             opening_hours = excluded.opening_hours, updated_at = now()`,
          [
            tenantId,
            u.slug,
            u.name,
            u.nameEn,
            u.email ?? null,
            addr?.street ?? null,
            addr?.postalCode ?? null,
            addr?.city ?? null,
            JSON.stringify(extra.defaultOpeningHours),
          ],
        );
        orgUnits++;
      }
    }
    return { tenants: slugs.length, orgUnits };
  });
}
