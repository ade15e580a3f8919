import { freePort } from '../../src/kernel/db/embedded.ts';
import { createTestApp, type TestApp, type TestAppOptions } from '../../src/testing.ts';

export interface E2EServer {
  /** The real app on a fresh database copy (use t.kernel for mail, db, clock). */
  t: TestApp;
  /** http://127.0.0.1:<port>, also the app's BASE_URL (links in mails point here). */
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Boots the real app in this process and listens on a free loopback port. BASE_URL must match
 * the port before the app is built, so the port is picked first; if another process grabs it in
 * between, the app is rebuilt on a new port.
 */
export async function startServer(
  opts: { env?: Record<string, string> } & Omit<TestAppOptions, 'env'> = {},
): Promise<E2EServer> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const t = await createTestApp({ ...opts, env: { BASE_URL: baseUrl, ...opts.env } });
    try {
      await t.app.listen({ port, host: '127.0.0.1' });
    } catch (err) {
      lastError = err;
      await t.close();
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') continue;
      throw err;
    }
    return { t, baseUrl, close: () => t.close() };
  }
  throw new Error(`could not listen on a free port: ${String(lastError)}`);
}
