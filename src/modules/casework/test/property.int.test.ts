import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { FakeClock } from '../../../kernel/clock.ts';
import { csrfFrom, createTestApp, type TestApp } from '../../../testing.ts';
import { readInboxQuery } from '../routes/staff.routes.tsx';
import { citizen, get, open, staff, unitId, type Actor } from './helpers.ts';

/** Hostile strings: unicode, control characters, SQL/tsquery/LIKE syntax, very long values. */
const hostile = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    "' or 1=1 --",
    '%_\\',
    '!(a|b):*&',
    '<script>alert(1)</script>',
    '\u0000',
    'a'.repeat(5000),
    '-1',
    '1e9',
    'NaN',
    'open',
    'closed',
    '-due',
    'priority',
  ),
);

describe('casework: property tests (hostile input never gives a 500 or a half-stored change)', () => {
  let t: TestApp;
  const clock = new FakeClock(new Date('2026-11-21T10:00:00+01:00'));
  let clerk: Actor;
  let owner: Actor;
  let token: string;
  let ownerToken: string;

  before(async () => {
    t = await createTestApp({ clock });
    const unit = await unitId(t.kernel, 'neuss', 'ordnungsamt');
    clerk = await staff(t.kernel, [{ role: 'clerk', tenantId: 'neuss', orgUnitId: unit }]);
    owner = await citizen(t.kernel);
    for (let i = 0; i < 5; i++)
      await open(t.kernel, { applicantAccountId: owner.id, applicantName: `Person ${i}` });
    token = csrfFrom((await get(t, '/verwaltung/konto', clerk)).body);
    ownerToken = csrfFrom((await get(t, '/konto', owner)).body);
  });
  after(async () => t.close());

  it('readInboxQuery never throws and always yields a valid query', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('q', 'status', 'leistung', 'ueberfaellig', 'meine', 'sortierung', 'seite', 'x'),
          fc.oneof(hostile, fc.array(hostile, { maxLength: 3 })),
        ),
        (query) => {
          const { iq } = readInboxQuery(query, (k) => k);
          assert.ok(iq.q.length <= 200);
          assert.ok(Number.isInteger(iq.seite) && iq.seite >= 1);
          assert.ok(!/[\u0000-\u001f]/.test(iq.q));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('inbox and CSV export: any query string answers 200 or 422', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            q: hostile,
            status: hostile,
            leistung: hostile,
            ueberfaellig: hostile,
            meine: hostile,
            sortierung: hostile,
            seite: fc.oneof(hostile, fc.integer().map(String)),
          },
          { requiredKeys: [] },
        ),
        async (params) => {
          const qs = new URLSearchParams(params).toString();
          const res = await get(t, `/verwaltung/vorgaenge?${qs}`, clerk);
          assert.ok([200, 422].includes(res.statusCode), `${res.statusCode} for ${qs}`);
          const csv = await get(t, `/verwaltung/vorgaenge/export.csv?${qs}`, clerk);
          assert.equal(csv.statusCode, 200, qs);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('staff POSTs with hostile bodies: 303, 404 or 422; a refused change leaves case and file untouched', async () => {
    const c = await open(t.kernel, { applicantAccountId: owner.id });
    const snapshot = async () => {
      const row = (await t.kernel.db.pool.query('select * from casework.cases where id = $1', [c.caseId]))
        .rows[0];
      const n = // The record of a sent notification comes with the change (a request for information).
        (
          await t.kernel.db.pool.query(
            `select count(*)::int n from casework.file_entries where case_id = $1 and kind <> 'mail_sent'`,
            [c.caseId],
          )
        ).rows[0].n;
      return { row, n };
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('status', 'notiz', 'prioritaet', 'zuweisung', 'rueckfrage'),
        fc.dictionary(
          fc.constantFrom('statusTo', 'statusReason', 'note', 'priority', 'assignee', 'question'),
          hostile,
        ),
        fc.boolean(),
        async (action, fields, badId) => {
          const before = await snapshot();
          const id = badId ? "../'x" : c.caseId;
          const res = await t.app.inject({
            method: 'POST',
            url: `/verwaltung/vorgaenge/${encodeURIComponent(id)}/${action}`,
            headers: { cookie: clerk.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
            payload: new URLSearchParams({ _csrf: token, ...fields }).toString(),
          });
          assert.ok(
            [303, 404, 422].includes(res.statusCode),
            `${res.statusCode} ${action} ${JSON.stringify(fields)}`,
          );
          const after = await snapshot();
          if (res.statusCode !== 303) {
            assert.deepEqual(after, before);
          } else {
            assert.ok(after.n === Number(before.n) + 1 || (after.n === before.n && action !== 'notiz'));
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  it('citizen answers with hostile text while no request is open: always 422, nothing stored', async () => {
    const c = await open(t.kernel, { applicantAccountId: owner.id });
    await fc.assert(
      fc.asyncProperty(hostile, async (answer) => {
        const res = await t.app.inject({
          method: 'POST',
          url: `/konto/antraege/${c.caseId}/antwort`,
          headers: { cookie: owner.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ _csrf: ownerToken, answer }).toString(),
        });
        // there is no open request: always refused, never stored
        assert.equal(res.statusCode, 422);
        const n = await t.kernel.db.pool.query(
          'select count(*)::int n from casework.documents where case_id = $1',
          [c.caseId],
        );
        assert.equal(n.rows[0].n, 0);
      }),
      { numRuns: 30 },
    );
  });
});
