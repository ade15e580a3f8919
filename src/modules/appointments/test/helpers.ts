import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import type { TestApp } from '../../../testing.ts';
import { CookieJar, csrfFrom } from '../../../testing.ts';

/** Solves the ALTCHA challenge of a rendered form like the browser script does. */
export async function solveAltcha(html: string): Promise<{ altcha_challenge: string; altcha: string }> {
  const m = /name="altcha_challenge" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no ALTCHA challenge in page');
  const challenge = m[1]!;
  const issued = JSON.parse(Buffer.from(challenge, 'base64').toString()) as { c: Challenge };
  const solution = await solveChallenge({ challenge: issued.c, deriveKey });
  return {
    altcha_challenge: challenge,
    altcha: Buffer.from(JSON.stringify({ challenge: issued.c, solution })).toString('base64'),
  };
}

export function firstTime(html: string): string {
  const m = /name="start" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no free time in page');
  return m[1]!;
}

export class Browser {
  readonly jar = new CookieJar();
  constructor(private readonly t: TestApp) {}
  async get(url: string) {
    const res = await this.t.app.inject({ method: 'GET', url, headers: { cookie: this.jar.header() } });
    this.jar.store(res.headers['set-cookie']);
    return res;
  }
  async post(url: string, html: string, fields: Record<string, string>) {
    const res = await this.t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfFrom(html), ...fields }).toString(),
    });
    this.jar.store(res.headers['set-cookie']);
    return res;
  }
}
