import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createAccount, loginAs } from '../../auth/test-support.ts';
import { createTestApp, csrfFrom, type TestApp } from '../../../testing.ts';

async function deadSmtpUrl(): Promise<string> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return `smtp://127.0.0.1:${port}`;
}

async function waitFor(fn: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('staff area', () => {
  let t: TestApp;
  let admin: string;
  let tenantAdmin: string;
  let clerk: string;
  let citizen: string;
  let staffNoMfa: string;
  let tenantA: string;
  let tenantB: string;
  // Session cookies carry the CSRF secret cookie too once a page with a form was loaded.
  const cookies = new Map<string, string>();

  async function get(who: string | null, url: string) {
    const res = await t.app.inject({ method: 'GET', url, headers: who ? { cookie: cookies.get(who)! } : {} });
    const set = res.headers['set-cookie'];
    if (who && set) {
      for (const line of Array.isArray(set) ? set : [set]) {
        const pair = line.split(';')[0]!;
        if (!cookies.get(who)!.includes(pair.split('=')[0]! + '='))
          cookies.set(who, `${cookies.get(who)!}; ${pair}`);
      }
    }
    return res;
  }

  async function post(who: string, pageUrl: string, action: string, fields: Record<string, string> = {}) {
    const page = await get(who, pageUrl);
    return t.app.inject({
      method: 'POST',
      url: action,
      headers: { cookie: cookies.get(who)!, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfFrom(page.body), ...fields }).toString(),
    });
  }

  before(async () => {
    t = await createTestApp({ env: { SMTP_URL: await deadSmtpUrl(), JOBS_POLL_INTERVAL_MS: '500' } });
    const { rows } = await t.kernel.db.pool.query<{ id: string }>(
      `select id from kernel.tenants where kind = 'gemeinde' order by id limit 2`,
    );
    tenantA = rows[0]!.id;
    tenantB = rows[1]!.id;
    const k = t.kernel;
    admin = await createAccount(k, {
      kind: 'staff',
      displayName: 'Petra Plattform',
      email: 'admin@test.openkreis.de',
      roles: [{ role: 'platform_admin', tenantId: null, orgUnitId: null }],
    });
    tenantAdmin = await createAccount(k, {
      kind: 'staff',
      roles: [{ role: 'tenant_admin', tenantId: tenantA, orgUnitId: null }],
    });
    clerk = await createAccount(k, {
      kind: 'staff',
      roles: [{ role: 'clerk', tenantId: tenantA, orgUnitId: null }],
    });
    citizen = await createAccount(k, { kind: 'citizen' });
    staffNoMfa = await createAccount(k, {
      kind: 'staff',
      roles: [{ role: 'platform_admin', tenantId: null, orgUnitId: null }],
    });
    for (const id of [admin, tenantAdmin, clerk, citizen]) cookies.set(id, await loginAs(k, id));
    cookies.set(staffNoMfa, await loginAs(k, staffNoMfa, { mfa: false }));

    k.jobs.define<{ case: string }>({
      name: 'test.always-fails',
      retryLimit: 0,
      handler: async (data) => {
        throw new Error(`Fachverfahren nicht erreichbar <${data.case}>`);
      },
    });
    await k.jobs.start();
    await k.events.start();
  });
  after(async () => t.close());

  it('sends anonymous visitors to the staff login and refuses citizens and staff without second factor', async () => {
    for (const url of [
      '/verwaltung',
      '/verwaltung/postausgang',
      '/verwaltung/protokoll',
      '/verwaltung/aufgaben',
    ]) {
      const anon = await get(null, url);
      assert.equal(anon.statusCode, 303, url);
      assert.equal(anon.headers.location, `/verwaltung/anmelden?weiter=${encodeURIComponent(url)}`);
      assert.equal((await get(citizen, url)).statusCode, 403, url);
      assert.equal((await get(staffNoMfa, url)).statusCode, 403, url);
    }
  });

  it('shows clerks the dashboard but not the platform tools', async () => {
    const res = await get(clerk, '/verwaltung');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<h1[^>]*>Verwaltung<\/h1>/);
    assert.doesNotMatch(res.body, /href="\/verwaltung\/postausgang"/);
    for (const url of ['/verwaltung/postausgang', '/verwaltung/protokoll', '/verwaltung/aufgaben']) {
      assert.equal((await get(clerk, url)).statusCode, 403, url);
    }
  });

  it('shows platform admins every tool and the platform status', async () => {
    const res = await get(admin, '/verwaltung');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Angemeldet als Petra Plattform/);
    for (const href of ['/verwaltung/postausgang', '/verwaltung/protokoll', '/verwaltung/aufgaben'])
      assert.ok(res.body.includes(`href="${href}"`), href);
    assert.match(res.body, /id="platform-status"/);
    assert.match(res.body, /<meta name="robots" content="noindex"/);
    for (const url of ['/verwaltung/postausgang', '/verwaltung/protokoll', '/verwaltung/aufgaben']) {
      assert.equal((await get(admin, url)).statusCode, 200, url);
    }
  });

  it('lists the mail outbox with pages and shows one mail with escaped content', async () => {
    for (let i = 0; i < 27; i++)
      await t.kernel.mail.send({
        to: `m${i}@example.org`,
        subject: `Nachricht ${i}`,
        text: `Hallo <b>${i}</b>`,
      });
    const first = await get(admin, '/verwaltung/postausgang');
    assert.equal(first.statusCode, 200);
    assert.match(first.body, /<table class="kern-table/);
    assert.match(first.body, /Nachricht 26/);
    assert.doesNotMatch(first.body, /Nachricht 1</);
    assert.match(first.body, /href="\/verwaltung\/postausgang\?seite=2"/);
    const second = await get(admin, '/verwaltung/postausgang?seite=2');
    assert.match(second.body, /Nachricht 0</);
    assert.equal((await get(admin, '/verwaltung/postausgang?seite=abc')).statusCode, 400);

    const [mail] = await t.kernel.mail.recent({ to: 'm5@example.org' });
    const detail = await get(admin, `/verwaltung/postausgang/${mail!.id}`);
    assert.equal(detail.statusCode, 200);
    assert.match(detail.body, /Hallo &lt;b>5&lt;\/b>|Hallo &lt;b&gt;5&lt;\/b&gt;/);
    assert.doesNotMatch(detail.body, /Hallo <b>5<\/b>/);
    assert.match(detail.body, /Wartet auf Versand/);
    assert.equal(
      (await get(admin, '/verwaltung/postausgang/00000000-0000-4000-8000-000000000000')).statusCode,
      404,
    );
    assert.equal((await get(admin, '/verwaltung/postausgang/kein-mail')).statusCode, 404);
  });

  it('lets a platform admin send a failed mail again (CSRF-checked, audited)', async () => {
    const mail = await t.kernel.mail.send({ to: 'failed@example.org', subject: 'Gescheitert', text: 'x' });
    await t.kernel.db.pool.query(`update kernel.mail_outbox set status = 'failed' where id = $1`, [mail.id]);
    const page = await get(admin, `/verwaltung/postausgang/${mail.id}`);
    assert.match(page.body, /Erneut senden/);
    const noToken = await t.app.inject({
      method: 'POST',
      url: `/verwaltung/postausgang/${mail.id}/erneut-senden`,
      headers: { cookie: cookies.get(admin)! },
    });
    assert.equal(noToken.statusCode, 403);
    const res = await post(
      admin,
      `/verwaltung/postausgang/${mail.id}`,
      `/verwaltung/postausgang/${mail.id}/erneut-senden`,
    );
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/verwaltung/postausgang/${mail.id}?erneut=1`);
    assert.equal((await t.kernel.mail.get(mail.id))!.status, 'pending');
    const audit = await t.kernel.audit.list({ tenantIds: 'all', action: 'mail.resent', limit: 5, offset: 0 });
    assert.equal(audit.items[0]?.objectId, mail.id);
    assert.equal(audit.items[0].actorId, admin);
  });

  it('shows the audit log, scoped for tenant admins, with filters, validation and the chain check', async () => {
    for (let i = 0; i < 30; i++) {
      await t.kernel.audit.record({
        actorId: admin,
        action: 'case.updated',
        objectType: 'case',
        objectId: `A-${i}`,
        tenantId: tenantA,
        after: { status: `<script>${i}` },
      });
    }
    await t.kernel.audit.record({
      actorId: null,
      action: 'case.closed',
      objectType: 'case',
      objectId: 'B-1',
      tenantId: tenantB,
    });

    const all = await get(admin, '/verwaltung/protokoll');
    assert.equal(all.statusCode, 200);
    assert.match(all.body, /B-1/);
    assert.match(all.body, /Die Kette wurde noch nicht geprüft/);
    assert.doesNotMatch(all.body, /<script>\d/);

    const scoped = await get(tenantAdmin, '/verwaltung/protokoll?aktion=case.');
    assert.equal(scoped.statusCode, 200);
    assert.doesNotMatch(scoped.body, /B-1/);
    assert.match(scoped.body, /A-29/);
    assert.doesNotMatch(scoped.body, /Kette jetzt prüfen/);
    assert.ok(scoped.body.includes('href="/verwaltung/protokoll?aktion=case.&amp;seite=2"'));
    const page2 = await get(tenantAdmin, '/verwaltung/protokoll?aktion=case.&seite=2');
    assert.match(page2.body, /A-0</);

    const byActor = await get(
      admin,
      '/verwaltung/protokoll?akteur=admin%40test.openkreis.de&aktion=case.closed',
    );
    assert.match(byActor.body, /Keine Einträge gefunden/);
    const byActor2 = await get(
      admin,
      '/verwaltung/protokoll?akteur=admin%40test.openkreis.de&aktion=case.updated',
    );
    assert.match(byActor2.body, /Petra Plattform/);

    const bad = await get(admin, '/verwaltung/protokoll?von=31.02.2026&bis=2026-01-01&aktion=DROP%20TABLE');
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /id="error-summary"/);
    assert.match(bad.body, /„Von \(Datum\)“ muss ein echtes Datum sein/);
    assert.match(bad.body, /id="f-aktion-error"/);
    const control = await get(admin, '/verwaltung/protokoll?akteur=a%00b');
    assert.equal(control.statusCode, 422);
    assert.match(control.body, /id="f-akteur-error"/);
    const range = await get(admin, '/verwaltung/protokoll?von=02.01.2026&bis=01.01.2026');
    assert.equal(range.statusCode, 422);
    const today = new Date().toLocaleDateString('de-DE', {
      timeZone: 'Europe/Berlin',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    });
    const dated = await get(admin, `/verwaltung/protokoll?von=${today}&bis=${today}&aktion=case.closed`);
    assert.equal(dated.statusCode, 200);
    assert.match(dated.body, /B-1/);

    const check = await post(admin, '/verwaltung/protokoll', '/verwaltung/protokoll/pruefen');
    assert.equal(check.statusCode, 303);
    const after = await get(admin, '/verwaltung/protokoll');
    assert.match(after.body, /alle \d+ Einträge sind unverändert/);
    const denied = await post(tenantAdmin, '/abmelden', '/verwaltung/protokoll/pruefen');
    assert.equal(denied.statusCode, 403);
  });

  it('shows failed jobs with their error and retries one on request', async () => {
    const id = await t.kernel.jobs.send('test.always-fails', { case: 'V-1' });
    await waitFor(async () =>
      (await t.kernel.jobs.failed({ limit: 10, offset: 0 })).items.some((j) => j.id === id),
    );
    const page = await get(admin, '/verwaltung/aufgaben');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /test\.always-fails/);
    assert.match(
      page.body,
      /Fachverfahren nicht erreichbar &lt;V-1>|Fachverfahren nicht erreichbar &lt;V-1&gt;/,
    );
    assert.match(page.body, new RegExp(`action="/verwaltung/aufgaben/${id}/wiederholen"`));

    const res = await post(admin, '/verwaltung/aufgaben', `/verwaltung/aufgaben/${id}/wiederholen`);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/verwaltung/aufgaben?wiederholt=1');
    const { rows } = await t.kernel.db.pool.query<{ state: string }>(
      'select state::text as state from pgboss.job where id = $1',
      [id],
    );
    assert.notEqual(rows[0]!.state, 'completed');
    const audit = await t.kernel.audit.list({ tenantIds: 'all', action: 'job.retried', limit: 5, offset: 0 });
    assert.equal(audit.items[0]?.objectId, id);
    const notice = await get(admin, '/verwaltung/aufgaben?wiederholt=1');
    assert.match(notice.body, /erneut eingeplant/);

    const unknown = await post(
      admin,
      '/abmelden',
      '/verwaltung/aufgaben/00000000-0000-4000-8000-000000000000/wiederholen',
    );
    assert.equal(unknown.statusCode, 404);
    const garbage = await post(admin, '/abmelden', '/verwaltung/aufgaben/%3Cx%3E/wiederholen');
    assert.equal(garbage.statusCode, 404);
    const clerkTry = await t.app.inject({
      method: 'POST',
      url: `/verwaltung/aufgaben/${id}/wiederholen`,
      headers: { cookie: cookies.get(clerk)! },
    });
    assert.equal(clerkTry.statusCode, 403);
  });

  it('shows the events this node received and sends a test event to all nodes', async () => {
    const before = await get(admin, '/verwaltung/ereignisse');
    assert.equal(before.statusCode, 200);
    assert.match(before.body, /sofort \(LISTEN\/NOTIFY\)/);
    const res = await post(admin, '/verwaltung/ereignisse', '/verwaltung/ereignisse/test');
    assert.equal(res.statusCode, 303);
    const id = /gesendet=(\d+)/.exec(res.headers.location as string)![1]!;
    await waitFor(async () =>
      (await get(admin, '/verwaltung/ereignisse')).body.includes(`data-event-id="${id}"`),
    );
    const page = await get(admin, `/verwaltung/ereignisse?gesendet=${id}`);
    assert.match(page.body, new RegExp(`Testereignis Nr\\. ${id} wurde gesendet`));
    assert.match(page.body, /kernel\.ping/);
    assert.equal((await get(clerk, '/verwaltung/ereignisse')).statusCode, 403);
  });

  it('renders the pages in English', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/verwaltung/aufgaben',
      headers: { cookie: `${cookies.get(admin)!}; ok_lang=en` },
    });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<h1[^>]*>Background jobs<\/h1>/);
  });
});
