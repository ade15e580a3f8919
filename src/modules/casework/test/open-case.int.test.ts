import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../../kernel/clock.ts';
import { inTransaction } from '../../../kernel/db/database.ts';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { openCase, recordCasePayment } from '../index.ts';
import { caseInput, open } from './helpers.ts';

describe('casework: openCase and recordCasePayment (the contract with applications)', () => {
  let t: TestApp;
  const clock = new FakeClock(new Date('2026-11-21T10:00:00+01:00'));
  before(async () => {
    t = await createTestApp({ clock });
  });
  after(async () => t.close());

  const count = async (ref: string) =>
    Number(
      (await t.kernel.db.pool.query('select count(*)::int n from casework.cases where reference = $1', [ref]))
        .rows[0].n,
    );

  it('opens a case with status received, a due date, a file entry, an audit entry and an event', async () => {
    const input = await caseInput(t.kernel);
    const r = await inTransaction(t.kernel.db.pool, (c) => openCase(t.kernel, c, input));
    assert.equal(r.reference, input.reference);
    const row = (await t.kernel.db.pool.query('select * from casework.cases where id = $1', [r.caseId]))
      .rows[0];
    assert.equal(row.status, 'received');
    assert.ok(row.due_at.getTime() > input.submittedAt.getTime());
    const entries = await t.kernel.db.pool.query(
      'select kind from casework.file_entries where case_id = $1',
      [r.caseId],
    );
    assert.deepEqual(
      entries.rows.map((e) => e.kind),
      ['received'],
    );
    const audit = await t.kernel.db.pool.query(
      "select 1 from kernel.audit_log where action = 'casework.case_opened' and object_id = $1",
      [r.caseId],
    );
    assert.equal(audit.rowCount, 1);
    const ev = await t.kernel.db.pool.query(
      "select 1 from kernel.event_outbox where type = 'casework.case_opened' and payload->>'caseId' = $1",
      [r.caseId],
    );
    assert.equal(ev.rowCount, 1);
  });

  it('is idempotent per reference, also for concurrent calls', async () => {
    const input = await caseInput(t.kernel);
    const results = await Promise.all(
      Array.from({ length: 6 }, () => inTransaction(t.kernel.db.pool, (c) => openCase(t.kernel, c, input))),
    );
    assert.equal(new Set(results.map((r) => r.caseId)).size, 1);
    assert.equal(await count(input.reference), 1);
    const again = await open(t.kernel, input);
    assert.equal(again.caseId, results[0]!.caseId);
  });

  it('rolls back with the caller: nothing is stored half-way', async () => {
    const input = await caseInput(t.kernel);
    await assert.rejects(
      inTransaction(t.kernel.db.pool, async (c) => {
        await openCase(t.kernel, c, input);
        throw new Error('payment step failed');
      }),
    );
    assert.equal(await count(input.reference), 0);
    const audit = await t.kernel.db.pool.query(
      "select 1 from kernel.audit_log where action = 'casework.case_opened' and after->>'reference' = $1",
      [input.reference],
    );
    assert.equal(audit.rowCount, 0);
  });

  it('refuses an org unit of another tenant', async () => {
    const other = (await t.kernel.tenants.orgUnits('dormagen'))[0]!.id;
    await assert.rejects(open(t.kernel, { tenantId: 'neuss', orgUnitId: other }), /orgUnitId/);
  });

  it('records a payment once per provider transaction and sets the Kassenzeichen', async () => {
    const r = await open(t.kernel, {
      payment: { status: 'due', amountCents: 3000, kassenzeichen: null, provider: null },
    });
    const pay = {
      reference: r.reference,
      status: 'paid' as const,
      amountCents: 3000,
      kassenzeichen: 'KZ-2026-77',
      provider: 'test-cashier',
      providerTxId: 'tx-1',
      at: clock.now(),
    };
    await inTransaction(t.kernel.db.pool, (c) => recordCasePayment(t.kernel, c, pay));
    await inTransaction(t.kernel.db.pool, (c) => recordCasePayment(t.kernel, c, pay));
    await inTransaction(t.kernel.db.pool, (c) =>
      recordCasePayment(t.kernel, c, { ...pay, status: 'failed', providerTxId: 'tx-0' }),
    );
    const row = (await t.kernel.db.pool.query('select * from casework.cases where id = $1', [r.caseId]))
      .rows[0];
    assert.equal(row.payment_status, 'paid');
    assert.equal(row.kassenzeichen, 'KZ-2026-77');
    const n = await t.kernel.db.pool.query(
      'select count(*)::int n from casework.payments where case_id = $1',
      [r.caseId],
    );
    assert.equal(n.rows[0].n, 2);
  });

  it('stores submissions with NUL characters (PostgreSQL refuses them) instead of failing', async () => {
    const r = await open(t.kernel, {
      applicantName: 'Nul\u0000Name',
      data: { text: 'a\u0000b', nested: ['\\u0000 stays literal'] },
      summary: [{ label: 'x\u0000', value: 'y\u0000' }],
    });
    const row = (await t.kernel.db.pool.query('select * from casework.cases where id = $1', [r.caseId]))
      .rows[0];
    assert.equal(row.applicant_name, 'NulName');
    assert.deepEqual(row.data, { text: 'ab', nested: ['\\u0000 stays literal'] });
    assert.deepEqual(row.summary, [{ label: 'x', value: 'y' }]);
  });

  it('reference and demo seeds are idempotent', async () => {
    const { caseworkModule } = await import('../index.ts');
    const counts = async () =>
      (
        await t.kernel.db.pool.query<{ c: number; tpl: number; s: number }>(
          `select (select count(*)::int from casework.cases where reference like 'DEMO-%') c,
                  (select count(*)::int from casework.notice_templates) tpl,
                  (select count(*)::int from casework.service_settings) s`,
        )
      ).rows[0]!;
    await caseworkModule.seed!.reference!(t.kernel);
    await caseworkModule.seed!.demo!(t.kernel);
    const first = await counts();
    await caseworkModule.seed!.reference!(t.kernel);
    await caseworkModule.seed!.demo!(t.kernel);
    assert.deepEqual(await counts(), first);
    assert.equal(first.s, 6);
    assert.equal(first.tpl, 6 * (await t.kernel.tenants.list()).length);
  });

  it('refuses UPDATE and DELETE on the electronic file', async () => {
    const r = await open(t.kernel);
    await assert.rejects(
      t.kernel.db.pool.query("update casework.file_entries set kind = 'x' where case_id = $1", [r.caseId]),
      /append-only/,
    );
    await assert.rejects(
      t.kernel.db.pool.query('delete from casework.file_entries where case_id = $1', [r.caseId]),
      /append-only/,
    );
  });
});
