import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { defineEvent } from '../../events/index.ts';
import { combineStatements, inTransaction } from '../database.ts';

const Noted = defineEvent<{ n: number }>('test.noted');

describe('commit buffers', () => {
  it('combines statements into data-modifying CTEs with their parameters renumbered', () => {
    assert.deepEqual(combineStatements([{ text: 'insert into a values ($1)', values: [1] }]), {
      text: 'insert into a values ($1)',
      values: [1],
    });
    const ten = Array.from({ length: 10 }, (_, i) => `$${i + 1}`).join(', ');
    const c = combineStatements([
      { text: `insert into a values (${ten})`, values: Array.from({ length: 10 }, (_, i) => i) },
      { text: 'insert into b select $1, $2 where $1 > 0', values: ['x', 'y'] },
    ]);
    assert.equal(
      c.text,
      `with w0 as (insert into a values (${ten})),\nw1 as (insert into b select $11, $12 where $11 > 0)\nselect 1`,
    );
    assert.deepEqual(c.values, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 'x', 'y']);
  });

  describe('audit entry, event and mail of one transaction', () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp();
    });
    after(async () => t.close());

    it('go out in one statement right before COMMIT, and not at all on rollback', async () => {
      const pool = t.kernel.db.pool;
      const statements: string[] = [];
      const mailId = await inTransaction(pool, async (c) => {
        const query = c.query.bind(c) as (...a: unknown[]) => Promise<unknown>;
        (c as unknown as { query: (...a: unknown[]) => Promise<unknown> }).query = (...a: unknown[]) => {
          const q = a[0] as string | { text: string };
          statements.push(typeof q === 'string' ? q : q.text);
          return query(...a);
        };
        await t.kernel.audit.record(
          { actorId: 'b', action: 'test.combined', objectType: 'x', objectId: '1' },
          c,
        );
        await t.kernel.events.publish(c, Noted.of({ n: 1 }));
        await t.kernel.events.publish(c, Noted.of({ n: 2 }));
        const mail = await t.kernel.mail.send(
          { to: 'combined@example.org', subject: 'Zusammen', text: 'Mit dem Rest.' },
          { trx: c },
        );
        assert.deepEqual(statements, [], 'nothing written while the transaction works');
        return mail.id;
      });
      assert.equal(statements.length, 2, statements.join('\n---\n'));
      const [flush, commit] = statements as [string, string];
      assert.equal(commit, 'commit');
      for (const table of ['kernel.audit_pending', 'kernel.event_outbox', 'kernel.mail_outbox'])
        assert.ok(flush.includes(`insert into ${table}`), table);

      const [mail] = await t.kernel.mail.recent({ to: 'combined@example.org' });
      assert.equal(mail!.id, mailId, 'the id given out in the transaction is the stored one');
      assert.equal(mail!.subject, 'Zusammen');
      const { rows } = await pool.query<{ n: string }>(
        `select payload->>'n' as n from kernel.event_outbox where type = 'test.noted' order by id`,
      );
      assert.deepEqual(
        rows.map((r) => r.n),
        ['1', '2'],
      );
      const audit = await t.kernel.audit.list({
        tenantIds: 'all',
        action: 'test.combined',
        limit: 5,
        offset: 0,
      });
      assert.equal(audit.items.length, 1);
      assert.equal((await t.kernel.audit.verify()).ok, true);

      await assert.rejects(
        inTransaction(pool, async (c) => {
          await t.kernel.audit.record(
            { actorId: 'b', action: 'test.combined', objectType: 'x', objectId: '2' },
            c,
          );
          await t.kernel.events.publish(c, Noted.of({ n: 3 }));
          await t.kernel.mail.send({ to: 'combined@example.org', subject: 'Nie', text: 'Nie.' }, { trx: c });
          throw new Error('change failed');
        }),
        /change failed/,
      );
      assert.equal((await t.kernel.mail.recent({ to: 'combined@example.org' })).length, 1);
      assert.equal(
        (await pool.query(`select 1 from kernel.event_outbox where type = 'test.noted'`)).rowCount,
        2,
      );
      assert.equal(
        (await t.kernel.audit.list({ tenantIds: 'all', action: 'test.combined', limit: 5, offset: 0 })).items
          .length,
        1,
      );
    });
  });
});
