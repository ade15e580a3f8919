import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { countWithin, INBOX_COUNT } from '../db/inbox.ts';
import { get, staff, unitId, type Actor } from './helpers.ts';

const N = 1_100;

describe('casework: the inbox count is exact or honestly "more than"', () => {
  let t: TestApp;
  let clerk: Actor;
  const budget = INBOX_COUNT.exactBudgetMs;
  before(async () => {
    t = await createTestApp();
    const unit = await unitId(t.kernel, 'neuss', 'ordnungsamt');
    clerk = await staff(t.kernel, [{ role: 'clerk', tenantId: 'neuss', orgUnitId: unit }], 'Clara Clerk');
    // 1,100 cases of the clerk's unit, a tenth of them open.
    await t.kernel.db.pool.query(
      `insert into casework.cases (reference, service_slug, service_title, tenant_id, org_unit_id, applicant_email,
         applicant_name, form_slug, form_version, data, summary, status, due_at, submitted_at, updated_at,
         payment_status, payment_amount_cents, search_text)
       select 'C-' || lpad(i::text, 5, '0'), 'fischereischein', 'Fischereischein beantragen', 'neuss', $1,
              'a' || i || '@example.org', 'Anna ' || i, 'fischereischein', 1, '{}', '[]',
              case when i % 10 = 0 then 'received' else 'closed' end,
              now() + interval '30 days', now() - i * interval '1 minute', now(), 'none', 0, 'C-' || i || ' Anna'
       from generate_series(1, $2::int) i`,
      [unit, N],
    );
  });
  afterEach(() => {
    INBOX_COUNT.exactBudgetMs = budget;
  });
  after(async () => t.close());

  it('shows the exact count (German digit grouping) and every page when counting is cheap', async () => {
    const res = await get(t, '/verwaltung/vorgaenge', clerk);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /1\.100 Vorgänge gefunden\./);
    assert.match(res.body, /Vorgänge, Seite 1 von 44/);
    assert.match(res.body, /seite=44/);
    const open = await get(t, '/verwaltung/vorgaenge?status=open', clerk);
    assert.match(open.body, /110 Vorgänge gefunden\./);
  });

  it('says "more than 1.000" when an exact count would take too long, with previous/next paging only', async () => {
    INBOX_COUNT.exactBudgetMs = 0; // as if counting exceeded its budget
    const res = await get(t, '/verwaltung/vorgaenge', clerk);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Mehr als 1\.000 Vorgänge gefunden; grenzen Sie die Suche ein\./);
    assert.doesNotMatch(res.body, /1\.100|Seite 1 von/);
    assert.match(res.body, /Vorgänge, Seite 1</);
    assert.match(res.body, /href="\/verwaltung\/vorgaenge\?seite=2" rel="next"/);
    // A page beyond the first 1,000 still counts to its own end: never a number below what is shown.
    const deep = await get(t, '/verwaltung/vorgaenge?seite=41', clerk);
    assert.match(deep.body, /Mehr als 1\.025 Vorgänge gefunden/);
    assert.match(deep.body, /seite=40" rel="prev"/);
    assert.match(deep.body, /seite=42" rel="next"/);
    // The last page: everything up to its end was counted, so the number is exact again.
    const last = await get(t, '/verwaltung/vorgaenge?seite=44', clerk);
    assert.match(last.body, /1\.100 Vorgänge gefunden\./);
    // A narrow filter below the cap is always exact.
    const open = await get(t, '/verwaltung/vorgaenge?status=open', clerk);
    assert.match(open.body, /110 Vorgänge gefunden\./);
  });

  it('countWithin gives up (and cancels the statement) when the budget is exceeded', async () => {
    assert.equal(await countWithin(t.kernel.db.pool, 'select pg_sleep(0.5)', [], 50), null);
    assert.equal(
      await countWithin(t.kernel.db.pool, 'select 1 from generate_series(1, $1::int)', [7], 1000),
      7,
    );
    const running = await t.kernel.db.pool.query(
      `select 1 from pg_stat_activity where query like 'select count(*) as n from (select pg_sleep%' and state = 'active'`,
    );
    assert.equal(running.rowCount, 0, 'the slow count does not keep running');
  });
});
