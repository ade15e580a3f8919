import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../../kernel/clock.ts';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { importOParl } from '../commands/import.ts';
import { checkObject } from './oparl-validate.ts';

/**
 * A local OParl server with the defects real endpoints have: System without type, agenda order
 * from 1, empty strings, wrong media types, date-times in the wrong form, a broken next link,
 * an object without id, a relative next link.
 */
function fixtureServer() {
  const state = {
    paperName: 'Haushaltssatzung 2021',
    paperModified: '2021-01-10T10:00:00+01:00',
    requests: [] as string[],
  };
  let base = '';
  const T = (t: string) => `https://schema.oparl.org/1.0/${t}`;
  const page = (data: unknown[], next?: string) => ({ data, pagination: {}, links: next ? { next } : {} });
  const routes: Record<string, (q: URLSearchParams) => unknown> = {
    '/oparl/system': () => ({
      id: `${base}/oparl/system`,
      oparlVersion: 'https://schema.oparl.org/1.0/',
      body: `${base}/oparl/bodies`,
    }),
    '/oparl/bodies': () =>
      page([
        {
          id: `${base}/oparl/body/1`,
          type: T('Body'),
          name: 'Stadt Altsystem',
          organization: `${base}/oparl/body/1/org`,
          person: `${base}/oparl/body/1/person`,
          meeting: `${base}/oparl/body/1/meeting`,
          paper: `${base}/oparl/body/1/paper`,
          legislativeTerm: [
            {
              id: `${base}/oparl/term/1`,
              type: T('LegislativeTerm'),
              name: 'WP 2020',
              startDate: '01.11.2020',
              endDate: '',
            },
          ],
        },
      ]),
    '/oparl/body/1/org': () =>
      page(
        [
          {
            id: `${base}/oparl/org/1`,
            type: T('Organization'),
            name: 'Rat',
            organizationType: 'Gremium',
            shortName: '',
          },
          { id: `${base}/oparl/org/2`, name: 'Hauptausschuss', organizationType: 'Gremium' },
        ],
        '/oparl/body/1/org2',
      ),
    '/oparl/body/1/org2': () =>
      page(
        [
          {
            id: `${base}/oparl/org/3`,
            type: T('Organization'),
            name: 'SPD-Fraktion',
            organizationType: 'Fraktion',
          },
          { type: T('Organization'), name: 'Ohne ID' },
        ],
        `${base}/oparl/body/1/org-broken`,
      ),
    '/oparl/body/1/person': () =>
      page([
        {
          id: `${base}/oparl/person/1`,
          type: T('Person'),
          name: 'Erika Muster',
          email: ['erika@example.org', ''],
          membership: [
            {
              id: `${base}/oparl/membership/1`,
              type: T('Membership'),
              organization: `${base}/oparl/org/1`,
              role: 'Mitglied',
              onBehalfOf: `${base}/oparl/org/3`,
              startDate: '2020-11-01',
            },
          ],
        },
      ]),
    '/oparl/body/1/meeting': (q) => {
      const all = [
        {
          id: `${base}/oparl/meeting/1`,
          type: T('Meeting'),
          name: 'Sitzung des Rates',
          start: '2021-02-24 17:00:00',
          end: '2021-02-24T19:00:00Z',
          modified: '2021-01-05T10:00:00+01:00',
          organization: [`${base}/oparl/org/1`],
          location: {
            id: `${base}/oparl/location/1`,
            type: T('Location'),
            description: 'Rathaus',
            streetAddress: 'Markt 1',
            locality: '',
          },
          agendaItem: [
            {
              id: `${base}/oparl/ai/2`,
              type: T('AgendaItem'),
              order: 2,
              number: '2',
              name: 'Haushalt',
              public: true,
            },
            { id: `${base}/oparl/ai/1`, order: 1, number: '1', name: 'Eröffnung', public: true },
            { id: `${base}/oparl/ai/3`, type: T('AgendaItem'), order: 3, name: 'Personal', public: false },
          ],
          resultsProtocol: {
            id: `${base}/oparl/file/9`,
            type: T('File'),
            name: 'Niederschrift',
            fileName: 'protokoll.pdf',
            mimeType: 'application/octet-stream',
            accessUrl: `${base}/files/9.pdf`,
            size: 1234,
          },
        },
      ];
      return page(q.get('modified_since') ? [] : all);
    },
    '/oparl/body/1/paper': (q) => {
      const p = {
        id: `${base}/oparl/paper/1`,
        type: T('Paper'),
        name: state.paperName,
        reference: '2021/001',
        paperType: 'Beschlussvorlage',
        date: '2021-01-10T00:00:00',
        modified: state.paperModified,
        originatorOrganization: [`${base}/oparl/org/3`],
        mainFile: {
          id: `${base}/oparl/file/1`,
          type: T('File'),
          name: 'Vorlage',
          fileName: 'vorlage.pdf',
          mimeType: 'pdf',
          accessUrl: `${base}/files/1.pdf`,
          text: 'Der Haushalt der Stadt für das Jahr 2021.',
        },
        consultation: [
          {
            id: `${base}/oparl/consultation/1`,
            type: T('Consultation'),
            agendaItem: `${base}/oparl/ai/2`,
            meeting: `${base}/oparl/meeting/1`,
            organization: [`${base}/oparl/org/1`],
            role: 'Entscheidung',
            authoritative: true,
          },
        ],
      };
      const since = q.get('modified_since');
      const list = since && new Date(state.paperModified) < new Date(since) ? [] : [p];
      return page(list, since ? undefined : '?page=2');
    },
  };
  const server: Server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', base);
    state.requests.push(u.pathname + u.search);
    if (u.pathname === '/oparl/body/1/paper' && u.searchParams.get('page') === '2') {
      // page 2 (served as text/html) repeats page 1 and links back to it: a loop
      const again = routes['/oparl/body/1/paper']!(new URLSearchParams()) as { data: unknown[] };
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(JSON.stringify(page(again.data, `${base}/oparl/body/1/paper`)));
      return;
    }
    const route = routes[u.pathname];
    if (!route) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': 'text/plain' }).end(JSON.stringify(route(u.searchParams)));
  });
  return {
    state,
    start: () =>
      new Promise<string>((r) =>
        server.listen(0, '127.0.0.1', () =>
          r((base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
        ),
      ),
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('import from another council system (OParl fixture server with defects)', () => {
  let t: TestApp;
  const fx = fixtureServer();
  let url = '';
  const clock = new FakeClock(new Date('2026-11-21T10:00:00+01:00'));
  const BODY = 'grevenbroich';
  before(async () => {
    t = await createTestApp({
      env: { BASE_URL: 'http://ratsinfo.test', COUNCIL_IMPORT_ALLOWED_HOSTS: '127.0.0.1' },
      clock,
    });
    url = `${await fx.start()}/oparl/system`;
  });
  after(async () => {
    await fx.stop();
    await t.close();
  });
  const snapshot = async () =>
    (
      await t.kernel.db.pool.query<{ t: string; n: number; m: Date | null }>(
        `select 'paper' t, count(*)::int n, max(modified) m from council.paper where body_id = $1
         union all select 'meeting', count(*)::int, max(modified) from council.meeting where body_id = $1
         union all select 'agenda', count(*)::int, max(modified) from council.agenda_item where body_id = $1
         union all select 'org', count(*)::int, max(modified) from council.organization where body_id = $1
         union all select 'file', count(*)::int, max(modified) from council.file where body_id = $1
         union all select 'membership', count(*)::int, max(modified) from council.membership where body_id = $1`,
        [BODY],
      )
    ).rows;

  it('imports, repairs what it can and reports what it skipped', async () => {
    const r = await importOParl(t.kernel, { bodyId: BODY, url });
    assert.equal(r.error, null);
    const rules = new Set(r.repairs.map((x) => x.rule));
    for (const rule of [
      'missing-type',
      'agenda-order',
      'empty-string',
      'media-type',
      'date-time-format',
      'broken-next',
      'relative-next',
      'next-loop',
      'date-format',
    ])
      assert.ok(rules.has(rule), `repair ${rule} reported (${[...rules].join(', ')})`);
    assert.ok(r.skips.some((s) => s.rule === 'missing-id'));
    assert.ok(r.created >= 12);
    const items = (
      await t.kernel.db.pool.query<{ name: string; position: number; public: boolean }>(
        `select name, position, public from council.agenda_item where body_id = $1 order by position`,
        [BODY],
      )
    ).rows;
    assert.deepEqual(
      items.map((i) => [i.name, i.position]),
      [
        ['Eröffnung', 0],
        ['Haushalt', 1],
        ['Personal', 2],
      ],
    );
    const file = (
      await t.kernel.db.pool.query<{ mime_type: string }>(
        `select mime_type from council.file where body_id = $1 and file_name = 'protokoll.pdf'`,
        [BODY],
      )
    ).rows[0]!;
    assert.equal(file.mime_type, 'application/pdf');
    const m = (
      await t.kernel.db.pool.query<{ start_at: Date }>(
        `select start_at from council.meeting where body_id = $1`,
        [BODY],
      )
    ).rows[0]!;
    assert.equal(
      m.start_at.toISOString(),
      '2021-02-24T16:00:00.000Z',
      'local time without offset read as Berlin time',
    );
    // the imported data is valid OParl 1.1 on our side
    const papers = await t.app.inject({ method: 'GET', url: `/oparl/v1/body/${BODY}/papers` });
    const data = papers.json<{ data: unknown[] }>().data;
    assert.equal(data.length, 1);
    assert.deepEqual(checkObject(data[0]), []);
    const meeting = await t.app.inject({ method: 'GET', url: `/oparl/v1/body/${BODY}/meetings` });
    const md = meeting.json<{ data: Record<string, unknown>[] }>().data[0]!;
    assert.deepEqual(checkObject(md), []);
    assert.equal((md.agendaItem as unknown[]).length, 2, 'the non-public agenda item stays non-public');
    const run = (
      await t.kernel.db.pool.query<{ repairs: unknown[] }>(
        'select repairs from council.import_run where id = $1',
        [r.runId],
      )
    ).rows[0]!;
    assert.ok(run.repairs.length > 0);
  });

  it('a rerun changes nothing', async () => {
    const before = await snapshot();
    clock.advance(3600_000);
    const r = await importOParl(t.kernel, { bodyId: BODY, url, full: true });
    assert.equal(r.error, null);
    assert.equal(r.created, 0);
    assert.equal(r.updated, 0);
    assert.deepEqual(await snapshot(), before);
  });

  it('syncs incrementally with modified_since', async () => {
    fx.state.requests.length = 0;
    fx.state.paperName = 'Haushaltssatzung 2021 (geändert)';
    fx.state.paperModified = '2026-11-21T11:30:00+01:00';
    clock.advance(3600_000);
    const r = await importOParl(t.kernel, { bodyId: BODY, url });
    assert.equal(r.error, null);
    assert.ok(r.modifiedSince, 'the last run sets modified_since');
    assert.ok(fx.state.requests.some((q) => q.startsWith('/oparl/body/1/paper?modified_since=')));
    assert.equal(r.updated, 1, 'only the changed paper');
    assert.equal(r.created, 0);
    const p = (
      await t.kernel.db.pool.query<{ name: string }>(`select name from council.paper where body_id = $1`, [
        BODY,
      ])
    ).rows[0]!;
    assert.equal(p.name, 'Haushaltssatzung 2021 (geändert)');
  });

  it('reports an unreachable endpoint as an error, without a crash', async () => {
    const r = await importOParl(t.kernel, {
      bodyId: BODY,
      url: url.replace('/system', '/nothing'),
      full: true,
    });
    assert.match(r.error ?? '', /HTTP 404/);
  });
});
