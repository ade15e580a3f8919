import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { SEARCH_COUNT_CAP, searchPapers, type PaperSearch } from '../db/public.queries.ts';

const BODY = 'rhein-kreis-neuss';

/**
 * The paper search takes different query plans for rare and frequent terms and for shallow and
 * deep pages. Every plan must give exactly what the plain definition gives: public, not deleted,
 * matching, filtered, newest first (date desc nulls last, id desc), paged; the total capped.
 */
describe('council paper search: the fast plans answer like the plain definition', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    const db = t.kernel.db.pool;
    const other = (
      await db.query<{ id: string }>('select id from council.body where id <> $1 limit 1', [BODY])
    ).rows[0]?.id;
    assert.ok(other, 'the reference seed has more than one body');
    // 2,600 papers: "Haushalt" in every second (frequent: > 1,000 public matches), "Radweg" in every
    // tenth (some 250: rare), "Sonderfall" in one; every seventh non-public, every eleventh deleted,
    // every 13th without a date, every third in the other body.
    await db.query(
      `insert into council.paper (body_id, name, reference, date, paper_type, public, search_text, created, modified, deleted_at)
       select case when g % 3 = 0 then $2 else $1 end, 'Vorlage ' || g, 'V/' || g,
         case when g % 13 = 0 then null else date '2015-01-01' + (g * 7 % 3000) end,
         (array['Antrag','Anfrage','Beschlussvorlage'])[1 + g % 3], g % 7 <> 0,
         concat_ws(' ', case when g % 2 = 0 then 'Haushaltes' end, case when g % 10 = 0 then 'Radwege' end,
           case when g = 1234 then 'Sonderfall' end, 'Vorlage', g),
         now(), now(), case when g % 11 = 0 then now() end
       from generate_series(1, 2600) g`,
      [BODY, other],
    );
    await db.query('analyze council.paper');
  });
  after(() => t.close());

  async function reference(s: PaperSearch) {
    const params: unknown[] = [];
    const where = ['public', 'deleted_at is null'];
    const add = (cond: string, v: unknown) => {
      params.push(v);
      where.push(cond.replace('?', `$${params.length}`));
    };
    if (s.q) add(`search @@ websearch_to_tsquery('german', ?)`, s.q);
    if (s.bodyId) add('body_id = ?', s.bodyId);
    if (s.paperType) add('paper_type = ?', s.paperType);
    if (s.from) add('date >= ?::date', s.from);
    if (s.to) add('date <= ?::date', s.to);
    const rows = (
      await t.kernel.db.pool.query<{ id: number }>(
        `select id from council.paper where ${where.join(' and ')} order by date desc nulls last, id desc`,
        params,
      )
    ).rows;
    return {
      ids: rows.slice(s.offset, s.offset + s.limit).map((r) => r.id),
      total: Math.min(rows.length, SEARCH_COUNT_CAP),
      capped: rows.length > SEARCH_COUNT_CAP,
    };
  }

  it('gives the same pages and totals for rare, frequent and absent terms, with and without filters', async () => {
    const queries: Omit<PaperSearch, 'limit' | 'offset'>[] = [
      { q: 'Haushalt' },
      { q: 'Haushalt Vorlage' },
      { q: 'Radweg' },
      { q: 'Sonderfall' },
      { q: 'Nichtvorhanden' },
      { q: 'Haushalt', bodyId: BODY },
      { q: 'Haushalt', paperType: 'Antrag', from: '2016-01-01', to: '2020-12-31' },
      { q: 'Radweg OR Sonderfall', bodyId: BODY },
      {},
      { paperType: 'Anfrage' },
      { from: '2019-01-01' },
    ];
    let sawCapped = false;
    let sawUncapped = false;
    for (const base of queries) {
      for (const offset of [0, 20, 180, 200, 400, 980, 1000, 5000]) {
        const s = { ...base, limit: 20, offset };
        const got = await searchPapers(t.kernel.db.pool, s);
        const want = await reference(s);
        const label = JSON.stringify(s);
        assert.deepEqual(
          got.rows.map((r) => r.id),
          want.ids,
          label,
        );
        assert.equal(got.total, want.total, label);
        assert.equal(got.capped, want.capped, label);
        if (got.capped) sawCapped = true;
        else if (got.total > 0) sawUncapped = true;
      }
    }
    assert.ok(sawCapped && sawUncapped, 'both the frequent and the rare plan were exercised');
  });

  it('says "Mehr als 1000 Treffer" for a frequent term on the page and lists only public papers', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/ratsinfo/suche?q=Haushalt' });
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /Mehr als 1000 Treffer/);
    const secret = (
      await t.kernel.db.pool.query<{ name: string }>(
        `select name from council.paper where not public or deleted_at is not null order by date desc nulls last limit 5`,
      )
    ).rows;
    const newest = await searchPapers(t.kernel.db.pool, { q: 'Haushalt', limit: 1, offset: 0 });
    assert.ok(r.body.includes(`>${newest.rows[0]!.name}<`), 'the newest public match is listed');
    for (const p of secret) assert.ok(!r.body.includes(`>${p.name}<`), `${p.name} is not public`);
  });
});
