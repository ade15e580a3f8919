import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../testing/index.ts';
import { createDatabase, type Database } from '../database.ts';
import { migrate, MigrationError } from '../migrate.ts';

describe('migration runner', () => {
  let tdb: TestDatabase;
  let db: Database;
  let dir: string;
  before(async () => {
    tdb = await createTestDatabase();
    db = createDatabase(tdb.url, { max: 8 });
    dir = mkdtempSync(join(tmpdir(), 'ok-mig-'));
  });
  after(async () => {
    await db.close();
    await tdb.drop();
  });

  it('applies new migrations once even when several nodes start together', async () => {
    writeFileSync(
      join(dir, '20990101000000__widgets.sql'),
      'create schema t_mig; create table t_mig.widgets (id int primary key);',
    );
    writeFileSync(join(dir, '20990101000001__widget_rows.sql'), 'insert into t_mig.widgets values (1), (2);');
    const src = [{ name: 'testmod', dir }];
    const results = await Promise.all(Array.from({ length: 5 }, () => migrate(db.pool, src)));
    const applied = results.flatMap((r) => r.applied);
    assert.deepEqual(applied.sort(), [
      'testmod/20990101000000__widgets.sql',
      'testmod/20990101000001__widget_rows.sql',
    ]);
    const { rows } = await db.pool.query('select count(*)::int as n from t_mig.widgets');
    assert.equal(rows[0].n, 2);
  });

  it('refuses to start when an applied migration was edited', async () => {
    writeFileSync(
      join(dir, '20990101000001__widget_rows.sql'),
      'insert into t_mig.widgets values (1), (2), (3);',
    );
    await assert.rejects(migrate(db.pool, [{ name: 'testmod', dir }]), (err: Error) => {
      assert.ok(err instanceof MigrationError);
      assert.match(err.message, /testmod\/20990101000001__widget_rows\.sql was changed after it was applied/);
      return true;
    });
    writeFileSync(join(dir, '20990101000001__widget_rows.sql'), 'insert into t_mig.widgets values (1), (2);');
  });

  it('rolls a failing migration back completely and names it', async () => {
    writeFileSync(
      join(dir, '20990101000002__broken.sql'),
      'insert into t_mig.widgets values (10); select no_such_function();',
    );
    await assert.rejects(
      migrate(db.pool, [{ name: 'testmod', dir }]),
      /testmod\/20990101000002__broken\.sql failed/,
    );
    const { rows } = await db.pool.query('select count(*)::int as n from t_mig.widgets where id = 10');
    assert.equal(rows[0].n, 0, 'nothing of the failed migration stays');
    const rec = await db.pool.query(
      `select 1 from kernel.schema_migrations where name = '20990101000002__broken.sql'`,
    );
    assert.equal(rec.rowCount, 0);
  });

  it('rejects badly named migration files', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'ok-mig-bad-'));
    writeFileSync(join(bad, 'create-things.sql'), 'select 1');
    await assert.rejects(migrate(db.pool, [{ name: 'bad', dir: bad }]), /must look like/);
  });
});
