import { connect } from 'node:net';
import type { Readable } from 'node:stream';

export type ScanResult =
  { status: 'clean' } | { status: 'infected'; signature: string } | { status: 'unavailable'; reason: string };

/**
 * Scans a stream with a ClamAV daemon using the INSTREAM command (clamd protocol): the command
 * "zINSTREAM\0", then chunks of <4-byte big-endian length><data>, then a zero-length chunk; the
 * daemon answers "stream: OK", "stream: <Signature> FOUND" or "... ERROR". Every network or
 * protocol failure and the timeout count as "unavailable" — never as clean.
 */
export function scanStream(
  source: Readable,
  opts: { host: string; port: number; timeoutMs: number },
): Promise<ScanResult> {
  return new Promise((resolve) => {
    let done = false;
    let answer = '';
    const finish = (r: ScanResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      source.destroy();
      resolve(r);
    };
    const socket = connect({ host: opts.host, port: opts.port });
    const timer = setTimeout(() => finish({ status: 'unavailable', reason: 'timeout' }), opts.timeoutMs);
    socket.on('error', (e) => finish({ status: 'unavailable', reason: e.message }));
    socket.on('data', (d) => {
      answer += d.toString('utf8');
      if (answer.includes('\0')) settle();
    });
    socket.on('end', settle);
    socket.on('close', settle);
    function settle() {
      const line = answer.replace(/\0/g, '').trim();
      if (!line) return finish({ status: 'unavailable', reason: 'no answer' });
      const m = /^(?:stream:\s*)?(.*?)\s+FOUND$/.exec(line);
      if (m) return finish({ status: 'infected', signature: m[1]!.slice(0, 200) });
      if (/(?:^|:\s*)OK$/.test(line)) return finish({ status: 'clean' });
      return finish({ status: 'unavailable', reason: line.slice(0, 200) });
    }
    socket.on('connect', () => {
      socket.write('zINSTREAM\0');
      source.on('data', (chunk: Buffer) => {
        const len = Buffer.alloc(4);
        len.writeUInt32BE(chunk.length, 0);
        const ok = socket.write(Buffer.concat([len, chunk]));
        if (!ok) {
          source.pause();
          socket.once('drain', () => source.resume());
        }
      });
      source.on('end', () => socket.write(Buffer.alloc(4)));
      source.on('error', (e) => finish({ status: 'unavailable', reason: e.message }));
    });
  });
}
