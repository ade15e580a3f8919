import { randomBytes } from 'node:crypto';
import { createAccount, loginAs } from '../../../kernel/auth/test-support.ts';
import type { RoleGrant } from '../../../kernel/auth/principal.ts';
import { inTransaction } from '../../../kernel/db/database.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { CookieJar, csrfFrom, type TestApp } from '../../../testing.ts';
import { openCase, type OpenCaseInput } from '../commands/open-case.ts';

export async function unitId(kernel: Kernel, tenantId: string, slug: string): Promise<string> {
  const u = (await kernel.tenants.orgUnits(tenantId)).find((o) => o.slug === slug);
  if (!u) throw new Error(`no org unit ${tenantId}/${slug}`);
  return u.id;
}

export function newReference(): string {
  return `T-${randomBytes(4).toString('hex').toUpperCase()}`;
}

export async function caseInput(kernel: Kernel, over: Partial<OpenCaseInput> = {}): Promise<OpenCaseInput> {
  const tenantId = over.tenantId ?? 'neuss';
  return {
    reference: newReference(),
    serviceSlug: 'fischereischein',
    tenantId,
    orgUnitId: over.orgUnitId ?? (await unitId(kernel, tenantId, 'ordnungsamt')),
    applicantAccountId: null,
    applicantEmail: 'erika@example.org',
    applicantName: 'Erika Mustermann',
    formSlug: 'fischereischein',
    formVersion: 1,
    data: { vorname: 'Erika', nachname: 'Mustermann' },
    summary: [
      { label: 'Name', value: 'Erika Mustermann' },
      { label: 'Gewässer', value: 'Erftmündung' },
    ],
    attachments: [],
    payment: { status: 'paid', amountCents: 2400, kassenzeichen: 'KZ-1', provider: 'test' },
    submittedAt: kernel.clock.now(),
    ...over,
  };
}

export async function open(kernel: Kernel, over: Partial<OpenCaseInput> = {}) {
  const input = await caseInput(kernel, over);
  return inTransaction(kernel.db.pool, (client) => openCase(kernel, client, input));
}

export interface Actor {
  id: string;
  jar: CookieJar;
}

export async function citizen(kernel: Kernel, name = 'Erika Mustermann'): Promise<Actor> {
  const id = await createAccount(kernel, { kind: 'citizen', displayName: name });
  const jar = new CookieJar();
  jar.store(await loginAs(kernel, id));
  return { id, jar };
}

export async function staff(
  kernel: Kernel,
  roles: RoleGrant[],
  name = 'Sam Sachbearbeitung',
): Promise<Actor> {
  const id = await createAccount(kernel, { kind: 'staff', displayName: name, roles });
  const jar = new CookieJar();
  jar.store(await loginAs(kernel, id));
  return { id, jar };
}

export async function get(t: TestApp, url: string, actor?: Actor) {
  const res = await t.app.inject({
    method: 'GET',
    url,
    headers: actor ? { cookie: actor.jar.header() } : {},
  });
  actor?.jar.store(res.headers['set-cookie']);
  return res;
}

/** GETs `page` for a CSRF token, then posts the form fields to `url`. */
export async function post(
  t: TestApp,
  page: string,
  url: string,
  actor: Actor,
  fields: Record<string, string | string[]>,
) {
  const form = await get(t, page, actor);
  const token = csrfFrom(form.body);
  const body = new URLSearchParams();
  body.append('_csrf', token);
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  const res = await t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: actor.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
    payload: body.toString(),
  });
  actor.jar.store(res.headers['set-cookie']);
  return res;
}
