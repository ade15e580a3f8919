import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAccount, loginAs } from '../../../kernel/auth/test-support.ts';
import { createTestApp, csrfFrom, type TestApp } from '../../../testing.ts';
import { responsibleUnit } from '../index.ts';

describe('services: staff editor', () => {
  let t: TestApp;
  let kaarstCookie: string;
  let neussCookie: string;
  let kreisCookie: string;
  before(async () => {
    t = await createTestApp();
    const editor = (tenantId: string) =>
      createAccount(t.kernel, { kind: 'staff', roles: [{ role: 'editor', tenantId, orgUnitId: null }] });
    kaarstCookie = await loginAs(t.kernel, await editor('kaarst'));
    neussCookie = await loginAs(t.kernel, await editor('neuss'));
    kreisCookie = await loginAs(t.kernel, await editor('rhein-kreis-neuss'));
  });
  after(async () => t.close());

  const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
  const post = (url: string, cookie: string, fields: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    });

  it('lets a town editor change the town’s responsible office, audited; another town’s editor gets 403', async () => {
    const url = '/verwaltung/leistungen/hundesteuer-anmeldung/kaarst';
    const form = await get(url, kaarstCookie);
    assert.equal(form.statusCode, 200);
    assert.doesNotMatch(form.body, /name="title_de"/, 'content belongs to the Kreis');
    const units = await t.kernel.tenants.orgUnits('kaarst');
    const buergerbuero = units.find((u) => u.slug === 'buergerbuero')!;
    const cookie = `${kaarstCookie}; ${form.cookies.map((c) => `${c.name}=${c.value}`).join('; ')}`;
    const saved = await post(url, cookie, {
      _csrf: csrfFrom(form.body),
      org_unit: buergerbuero.id,
      note_de: 'Hebesatz: **96 €** je Hund (Demo).',
    });
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 300));
    const r = await responsibleUnit(t.kernel, 'hundesteuer-anmeldung', 'kaarst');
    assert.equal(r?.orgUnitId, buergerbuero.id);
    const page = await t.app.inject('/leistungen/hundesteuer-anmeldung?kommune=kaarst');
    assert.match(page.body, /<strong>96 €<\/strong>/);
    const audit = await t.kernel.db.pool.query(
      `select 1 from kernel.audit_log where action = 'services.service_updated' and tenant_id = 'kaarst'`,
    );
    assert.equal(audit.rowCount, 1);

    assert.equal((await get(url, neussCookie)).statusCode, 403);
    const foreign = await post(url, neussCookie, { org_unit: buergerbuero.id });
    assert.ok([403].includes(foreign.statusCode), String(foreign.statusCode));
    assert.equal((await t.app.inject(url)).statusCode >= 300, true, 'anonymous is refused');
  });

  it('re-renders with 422 and keeps the input on invalid data; Kreis editor edits content', async () => {
    const url = '/verwaltung/leistungen/fischereischein/rhein-kreis-neuss';
    const form = await get(url, kreisCookie);
    assert.equal(form.statusCode, 200);
    const cookie = `${kreisCookie}; ${form.cookies.map((c) => `${c.name}=${c.value}`).join('; ')}`;
    const unit = (await t.kernel.tenants.orgUnits('rhein-kreis-neuss')).find(
      (u) => u.slug === 'ordnungsamt',
    )!;
    const bad = await post(url, cookie, {
      _csrf: csrfFrom(form.body),
      title_de: '',
      title_en: 'Fishing licence',
      processing_days: 'viele',
      body_de: '<script>alert(1)</script>Text',
      org_unit: unit.id,
    });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /error-summary/);
    assert.match(bad.body, /value="Fishing licence"/);
    const ok = await post(url, cookie, {
      _csrf: csrfFrom(form.body),
      title_de: 'Fischereischein beantragen',
      title_en: 'Apply for a fishing licence',
      summary_de: 'Neu',
      body_de: 'Hallo <script>alert(1)</script> [x](javascript:alert(1)) **fett**',
      processing_days: '5',
      org_unit: unit.id,
    });
    assert.equal(ok.statusCode, 303);
    const page = await t.app.inject('/leistungen/fischereischein');
    assert.match(page.body, /<strong>fett<\/strong>/);
    assert.doesNotMatch(page.body, /alert\(1\)<\/script>|javascript:/);
    // The town editor may not open the Kreis's service.
    assert.equal((await get(url, kaarstCookie)).statusCode, 403);
  });
});
