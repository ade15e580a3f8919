import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAccount, loginAs } from '../../../kernel/auth/test-support.ts';
import { FakeClock } from '../../../kernel/clock.ts';
import { createTestApp, CookieJar, csrfFrom, type TestApp } from '../../../testing.ts';
import { councilModule } from '../index.ts';

const BODY = 'rhein-kreis-neuss';

describe('council office: meetings, agenda editing, conflicts, non-public items', () => {
  let t: TestApp;
  const clock = new FakeClock(new Date('2026-11-21T10:00:00+01:00'));
  const user = async (name: string, role: 'council_office' | 'council_member' | 'clerk', tenantId = BODY) => {
    const id = await createAccount(t.kernel, {
      kind: 'staff',
      displayName: name,
      roles: [{ role, tenantId, orgUnitId: null }],
    });
    const jar = new CookieJar();
    jar.store((await loginAs(t.kernel, id)) + ';');
    return jar;
  };
  let anna: CookieJar;
  let bernd: CookieJar;
  before(async () => {
    t = await createTestApp({ clock });
    await councilModule.seed!.demo!(t.kernel);
    anna = await user('Anna Amt', 'council_office');
    bernd = await user('Bernd Büro', 'council_office');
  });
  after(() => t.close());

  const get = async (jar: CookieJar | null, url: string) => {
    const res = await t.app.inject({ method: 'GET', url, headers: jar ? { cookie: jar.header() } : {} });
    jar?.store(res.headers['set-cookie']);
    return res;
  };
  const post = async (jar: CookieJar, url: string, fields: Record<string, string>, token: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, ...fields }).toString(),
    });
    jar.store(res.headers['set-cookie']);
    return res;
  };
  const versionIn = (html: string) => /name="version" value="(\d+)"/.exec(html)![1]!;
  const agenda = async (meetingId: number) =>
    (
      await t.kernel.db.pool.query<{ id: string; name: string; position: number; public: boolean }>(
        'select id, name, position, public from council.agenda_item where meeting_id = $1 and deleted_at is null order by position',
        [meetingId],
      )
    ).rows;

  let meetingId = 0;
  let ids: number[] = [];

  it('creates a draft meeting (bad input first: 422 with the messages at the fields)', async () => {
    const page = await get(anna, `/verwaltung/ratsinfo/${BODY}/sitzungen/neu`);
    assert.equal(page.statusCode, 200);
    const token = csrfFrom(page.body);
    const org = /<option value="(\d+)">Ausschuss für Innovation/.exec(page.body)![1]!;
    const bad = await post(
      anna,
      `/verwaltung/ratsinfo/${BODY}/sitzungen/neu`,
      { name: 'Sondersitzung IDS', gremium: org, datum: '31.02.2027', beginn: '25:00' },
      token,
    );
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /error-summary/);
    assert.match(bad.body, /TT\.MM\.JJJJ/);
    assert.match(bad.body, /value="Sondersitzung IDS"/, 'typed input is kept');
    const ok = await post(
      anna,
      `/verwaltung/ratsinfo/${BODY}/sitzungen/neu`,
      { name: 'Sondersitzung IDS', gremium: org, datum: '15.01.2027', beginn: '17:00', ende: '19:30' },
      token,
    );
    assert.equal(ok.statusCode, 303);
    meetingId = Number(/sitzungen\/(\d+)$/.exec(ok.headers.location as string)![1]);
    const m = (
      await t.kernel.db.pool.query('select start_at, published from council.meeting where id = $1', [
        meetingId,
      ])
    ).rows[0] as { start_at: Date; published: boolean };
    assert.equal(m.start_at.toISOString(), '2027-01-15T16:00:00.000Z');
    assert.equal(m.published, false);
    // a draft is not public anywhere
    assert.equal((await get(null, `/ratsinfo/${BODY}/sitzungen/${meetingId}`)).statusCode, 404);
    assert.equal((await get(null, `/oparl/v1/meeting/${meetingId}`)).statusCode, 404);
  });

  it('adds agenda items and reorders them by buttons (forms, no drag and drop)', async () => {
    for (const [name, np] of [
      ['Eröffnung', ''],
      ['Masterplan Digitalisierung', ''],
      ['Personalangelegenheit Vertraulich-Xyz', 'ja'],
    ] as const) {
      const page = await get(anna, `/verwaltung/ratsinfo/${BODY}/sitzungen/${meetingId}`);
      const res = await post(
        anna,
        `/verwaltung/ratsinfo/${BODY}/sitzungen/${meetingId}/top`,
        { version: versionIn(page.body), top_name: name, nichtoeffentlich: np },
        csrfFrom(page.body),
      );
      assert.equal(res.statusCode, 303);
    }
    ids = (await agenda(meetingId)).map((a) => Number(a.id));
    const page = await get(anna, `/verwaltung/ratsinfo/${BODY}/sitzungen/${meetingId}`);
    assert.match(page.body, /Nach oben<span class="kern-sr-only"> TOP 3/);
    const res = await post(
      anna,
      `/verwaltung/ratsinfo/${BODY}/sitzungen/${meetingId}/top/${ids[2]}/hoch`,
      { version: versionIn(page.body) },
      csrfFrom(page.body),
    );
    assert.equal(res.statusCode, 303);
    assert.deepEqual(
      (await agenda(meetingId)).map((a) => [Number(a.id), a.position]),
      [
        [ids[0], 0],
        [ids[2], 1],
        [ids[1], 2],
      ],
    );
  });

  it('two clerks editing the same agenda: the second gets a clear conflict, nothing is overwritten', async () => {
    const pa = await get(anna, `/verwaltung/ratsinfo/${BODY}/sitzungen/${meetingId}`);
    const pb = await get(bernd, `/verwaltung/ratsinfo/${BODY}/sitzungen/${meetingId}`);
    assert.equal(versionIn(pa.body), versionIn(pb.body));
    const before = await agenda(meetingId);
    const ra = await post(
      anna,
      `/verwaltung/ratsinfo/${BODY}/sitzungen/${meetingId}/top/${ids[1]}/hoch`,
      { version: versionIn(pa.body) },
      csrfFrom(pa.body),
    );
    assert.equal(ra.statusCode, 303);
    const afterA = await agenda(meetingId);
    assert.notDeepEqual(afterA, before);
    const rb = await post(
      bernd,
      `/verwaltung/ratsinfo/${BODY}/sitzungen/${meetingId}/top/${ids[0]}/runter`,
      { version: versionIn(pb.body) },
      csrfFrom(pb.body),
    );
    assert.equal(rb.statusCode, 409);
    assert.match(rb.body, /Ihre Änderung wurde nicht gespeichert/);
    assert.match(rb.body, /Anna Amt hat diesen Datensatz am/);
    assert.deepEqual(await agenda(meetingId), afterA, 'the stale change wrote nothing');
    // Bernd's meeting form keeps what he typed
    const pb2 = await get(bernd, `/verwaltung/ratsinfo/${BODY}/sitzungen/${meetingId}`);
    const org = /<option value="(\d+)" selected/.exec(pb2.body)![1]!;
    const stale = await post(
      bernd,
      `/verwaltung/ratsinfo/${BODY}/sitzungen/${meetingId}`,
      {
        version: String(Number(versionIn(pb2.body)) - 1),
        name: 'Umbenannt von Bernd',
        gremium: org,
        datum: '15.01.2027',
        beginn: '18:00',
      },
      csrfFrom(pb2.body),
    );
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /value="Umbenannt von Bernd"/);
    const name = (await t.kernel.db.pool.query('select name from council.meeting where id = $1', [meetingId]))
      .rows[0] as { name: string };
    assert.equal(name.name, 'Sondersitzung IDS');
  });

  it('concurrent moves with the same version: exactly one wins', async () => {
    const p = await get(anna, `/verwaltung/ratsinfo/${BODY}/sitzungen/${meetingId}`);
    const v = versionIn(p.body);
    const token = csrfFrom(p.body);
    const results = await Promise.all(
      [ids[0], ids[1], ids[2]].map((id) =>
        post(
          anna,
          `/verwaltung/ratsinfo/${BODY}/sitzungen/${meetingId}/top/${id}/runter`,
          { version: v },
          token,
        ),
      ),
    );
    const codes = results.map((r) => r.statusCode).sort();
    assert.equal(codes.filter((c) => c === 303).length, 1, `codes ${codes.join(',')}`);
    assert.ok(codes.filter((c) => c !== 303).every((c) => c === 409));
    const positions = (await agenda(meetingId)).map((a) => a.position);
    assert.deepEqual(positions, [0, 1, 2]);
  });

  it('publishes; the non-public item is seen by members of the tenant only', async () => {
    const p = await get(anna, `/verwaltung/ratsinfo/${BODY}/sitzungen/${meetingId}`);
    const res = await post(
      anna,
      `/verwaltung/ratsinfo/${BODY}/sitzungen/${meetingId}/veroeffentlichen`,
      { version: versionIn(p.body), veroeffentlicht: 'ja' },
      csrfFrom(p.body),
    );
    assert.equal(res.statusCode, 303);
    const pub = await get(null, `/ratsinfo/${BODY}/sitzungen/${meetingId}`);
    assert.equal(pub.statusCode, 200);
    assert.match(pub.body, /Masterplan Digitalisierung/);
    assert.ok(!pub.body.includes('Vertraulich-Xyz'));
    const oparl = await get(null, `/oparl/v1/meeting/${meetingId}`);
    const items = oparl.json<{ agendaItem: { order: number; name: string }[] }>().agendaItem;
    assert.deepEqual(
      items.map((i) => i.order),
      [0, 1],
    );
    assert.ok(!oparl.body.includes('Vertraulich-Xyz'));
    const secretId = ids[2]!;
    assert.equal((await get(null, `/oparl/v1/agendaitem/${secretId}`)).statusCode, 404);
    const member = await user('Mitglied Kreistag', 'council_member');
    const asMember = await get(member, `/ratsinfo/${BODY}/sitzungen/${meetingId}`);
    assert.match(asMember.body, /Vertraulich-Xyz/);
    assert.match(asMember.body, /nicht öffentlich/);
    const otherTown = await user('Mitglied Neuss', 'council_member', 'neuss');
    assert.ok(
      !(await get(otherTown, `/ratsinfo/${BODY}/sitzungen/${meetingId}`)).body.includes('Vertraulich-Xyz'),
    );
    const clerk = await user('Sachbearbeitung', 'clerk');
    assert.ok(
      !(await get(clerk, `/ratsinfo/${BODY}/sitzungen/${meetingId}`)).body.includes('Vertraulich-Xyz'),
    );
  });

  it('staff of another tenant or without the role cannot edit', async () => {
    const neuss = await user('Ratsbüro Neuss', 'council_office', 'neuss');
    assert.equal((await get(neuss, `/verwaltung/ratsinfo/${BODY}/sitzungen/${meetingId}`)).statusCode, 403);
    const clerk = await user('Sachbearbeitung 2', 'clerk');
    const r = await get(clerk, `/verwaltung/ratsinfo/${BODY}`);
    assert.equal(r.statusCode, 403);
    assert.equal((await get(anna, `/verwaltung/ratsinfo/${BODY}/sitzungen/abc`)).statusCode, 404);
    assert.equal((await get(anna, `/verwaltung/ratsinfo/nirgendwo`)).statusCode, 404);
  });

  it('sends the invitation to members who agreed to be contacted', async () => {
    const p = await get(anna, `/verwaltung/ratsinfo/${BODY}/sitzungen/${meetingId}`);
    const res = await post(
      anna,
      `/verwaltung/ratsinfo/${BODY}/sitzungen/${meetingId}/einladung`,
      { version: versionIn(p.body) },
      csrfFrom(p.body),
    );
    assert.equal(res.statusCode, 303);
    const mails = (
      await t.kernel.db.pool.query<{ to_address: string; subject: string }>(
        "select * from kernel.mail_outbox where subject like 'Einladung:%'",
      )
    ).rows;
    assert.ok(mails.length >= 1);
    assert.ok(mails.every((m) => m.subject === 'Einladung: Sondersitzung IDS'));
  });
});
