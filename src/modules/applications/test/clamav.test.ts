import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { scanStream } from '../scan/clamav.ts';

/** A tiny fake clamd: reads zINSTREAM chunks and answers by content. */
function fakeClamd(): Promise<{ server: Server; port: number; received: Buffer[] }> {
  const received: Buffer[] = [];
  const server = createServer((socket) => {
    let buf = Buffer.alloc(0);
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      const cmd = 'zINSTREAM\0';
      if (buf.length < cmd.length) return;
      assert.equal(buf.subarray(0, cmd.length).toString(), cmd);
      let off = cmd.length;
      const data: Buffer[] = [];
      while (off + 4 <= buf.length) {
        const len = buf.readUInt32BE(off);
        if (len === 0) {
          const all = Buffer.concat(data);
          received.push(all);
          const text = all.toString('latin1');
          if (text.includes('HANG')) return; // never answers → timeout
          socket.end(text.includes('EICAR') ? 'stream: Eicar-Test-Signature FOUND\0' : 'stream: OK\0');
          return;
        }
        if (off + 4 + len > buf.length) return;
        data.push(buf.subarray(off + 4, off + 4 + len));
        off += 4 + len;
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as { port: number }).port, received }),
    ),
  );
}

describe('applications: ClamAV INSTREAM client', () => {
  let clamd: Awaited<ReturnType<typeof fakeClamd>>;
  before(async () => {
    clamd = await fakeClamd();
  });
  after(() => clamd.server.close());
  const opts = () => ({ host: '127.0.0.1', port: clamd.port, timeoutMs: 2000 });

  it('clean: streams the whole content in chunks and reads "OK"', async () => {
    const content = Buffer.alloc(200_000, 7);
    const r = await scanStream(
      Readable.from([content.subarray(0, 70_000), content.subarray(70_000)]),
      opts(),
    );
    assert.deepEqual(r, { status: 'clean' });
    assert.ok(clamd.received.at(-1)!.equals(content));
  });

  it('infected: reports the signature', async () => {
    const r = await scanStream(
      Readable.from([Buffer.from('X5O!P%@AP EICAR-STANDARD-ANTIVIRUS-TEST-FILE')]),
      opts(),
    );
    assert.deepEqual(r, { status: 'infected', signature: 'Eicar-Test-Signature' });
  });

  it('unavailable: connection refused and timeout are never "clean"', async () => {
    const closed = await fakeClamd();
    const port = closed.port;
    closed.server.close();
    const refused = await scanStream(Readable.from([Buffer.from('x')]), {
      host: '127.0.0.1',
      port,
      timeoutMs: 2000,
    });
    assert.equal(refused.status, 'unavailable');
    const hang = await scanStream(Readable.from([Buffer.from('HANG')]), { ...opts(), timeoutMs: 200 });
    assert.deepEqual(hang, { status: 'unavailable', reason: 'timeout' });
  });
});
