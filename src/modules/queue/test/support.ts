import { createAccount, loginAs } from '../../../kernel/auth/test-support.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { CookieJar, csrfFrom, type TestApp } from '../../../testing.ts';
import { configureLocation } from '../commands/configure.ts';
import { countersOf, groupsOf, locationBySlug, type LocationRow } from '../db/queries.ts';

export const SLUG = 'testamt-neuss';

/** A location with groups A (Zulassung), F (Führerschein), T (appointments) and counters. */
export async function setupLocation(
  kernel: Kernel,
  opts: { slug?: string; counters?: number; contingent?: number; missedAfter?: number } = {},
): Promise<LocationRow> {
  const slug = opts.slug ?? SLUG;
  const kreis = (await kernel.tenants.kreis())!;
  const unit = (await kernel.tenants.orgUnits(kreis.id)).find((u) => u.slug === 'strassenverkehrsamt')!;
  await configureLocation(kernel, {
    id: `loc-${slug}`,
    slug,
    tenantId: kreis.id,
    orgUnitId: unit.id,
    name: 'Testamt Neuss',
    dayContingent: opts.contingent ?? 400,
    missedAfterCalls: opts.missedAfter ?? 3,
    counters: Array.from({ length: opts.counters ?? 3 }, (_, i) => `Schalter ${i + 1}`),
    groups: [
      { key: 'zulassung', de: 'Zulassung', en: 'Registration', prefix: 'A', minutes: 10 },
      {
        key: 'fuehrerschein',
        de: 'Führerschein',
        en: 'Driving licence',
        prefix: 'F',
        rangeStart: 500,
        rangeEnd: 502,
        minutes: 6,
      },
      { key: 'termin', de: 'Termin', en: 'Appointment', prefix: 'T', forAppointments: true, minutes: 10 },
    ],
  });
  return (await locationBySlug(kernel.db.pool, slug))!;
}

export async function groupId(kernel: Kernel, loc: LocationRow, key: string): Promise<string> {
  return (await groupsOf(kernel.db.pool, loc.id)).find((g) => g.key === key)!.id;
}

export async function counterIds(kernel: Kernel, loc: LocationRow): Promise<string[]> {
  return (await countersOf(kernel.db.pool, loc.id)).map((c) => c.id);
}

/** A clerk of the Straßenverkehrsamt (the test location's org unit). */
export async function createClerk(kernel: Kernel, orgUnitSlug = 'strassenverkehrsamt'): Promise<string> {
  const kreis = (await kernel.tenants.kreis())!;
  const unit = (await kernel.tenants.orgUnits(kreis.id)).find((u) => u.slug === orgUnitSlug)!;
  return createAccount(kernel, {
    kind: 'staff',
    roles: [{ role: 'clerk', tenantId: kreis.id, orgUnitId: unit.id }],
  });
}

/** A browser-like HTTP client over app.inject: cookies, and CSRF tokens from the last page. */
export class Client {
  readonly jar = new CookieJar();
  token = '';
  constructor(
    readonly t: TestApp,
    cookie?: string,
  ) {
    if (cookie) this.jar.store(cookie);
  }

  async get(url: string) {
    const res = await this.t.app.inject({ method: 'GET', url, headers: { cookie: this.jar.header() } });
    this.jar.store(res.headers['set-cookie']);
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m) this.token = csrfFrom(res.body);
    return res;
  }

  async post(url: string, fields: Record<string, string | string[]> = {}) {
    const body = new URLSearchParams();
    body.append('_csrf', this.token);
    for (const [k, v] of Object.entries(fields))
      for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    const res = await this.t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
    this.jar.store(res.headers['set-cookie']);
    return res;
  }
}

export async function clerkClient(
  t: TestApp,
  accountId?: string,
): Promise<{ client: Client; accountId: string }> {
  const id = accountId ?? (await createClerk(t.kernel));
  return { client: new Client(t, await loginAs(t.kernel, id)), accountId: id };
}
