import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { socketDirFor, startEmbeddedPostgres } from '../embedded.ts';

describe('embedded PostgreSQL connection', () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('uses the Unix-domain socket in the cluster directory when the path allows it', async () => {
    const dir = mkdtempSync(join(os.tmpdir(), 'ok-emb-'));
    chmodSync(dir, 0o755); // as root, PostgreSQL runs as its own user and must enter the directory
    dirs.push(dir);
    const handle = await startEmbeddedPostgres(join(dir, 'pg'), { durable: false });
    try {
      assert.match(handle.url, /\?host=/);
      const client = new pg.Client({ connectionString: handle.url });
      await client.connect();
      try {
        // inet_server_addr() is null exactly for a Unix-domain socket connection.
        const { rows } = await client.query<{ unix: boolean }>('select inet_server_addr() is null as unix');
        assert.equal(rows[0]!.unix, true);
      } finally {
        await client.end();
      }
      // The same cluster, found running again (a crashed app's restart), is reused over the socket.
      const again = await startEmbeddedPostgres(join(dir, 'pg'), { durable: false });
      assert.equal(again.url, handle.url);
    } finally {
      await handle.stop();
    }
  });

  it('falls back to TCP for paths a socket cannot have', () => {
    assert.equal(socketDirFor('/tmp/a/pg', 5433), '/tmp/a/pg');
    assert.equal(socketDirFor(`/tmp/${'x'.repeat(100)}/pg`, 5433), null, 'too long for sun_path');
    assert.equal(socketDirFor('/tmp/a,b/pg', 5433), null, 'a comma splits the directory list');
    assert.equal(socketDirFor('/tmp/a b/pg', 5433), null);
  });
});
