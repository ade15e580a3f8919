import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { CookieJar, csrfFrom } from '../../testing/index.ts';
import type { Kernel } from '../../kernel.ts';

export { CookieJar };

export async function get(
  app: FastifyInstance,
  jar: CookieJar,
  url: string,
): Promise<LightMyRequestResponse> {
  const res = await app.inject({
    method: 'GET',
    url,
    headers: { cookie: jar.header(), 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0' },
  });
  jar.store(res.headers['set-cookie']);
  return res;
}

export async function post(
  app: FastifyInstance,
  jar: CookieJar,
  url: string,
  fields: Record<string, string>,
): Promise<LightMyRequestResponse> {
  const res = await app.inject({
    method: 'POST',
    url,
    headers: {
      cookie: jar.header(),
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
    },
    payload: new URLSearchParams(fields).toString(),
  });
  jar.store(res.headers['set-cookie']);
  return res;
}

/** Loads the page with the form (for its CSRF token), then posts the form. */
export async function submit(
  app: FastifyInstance,
  jar: CookieJar,
  pageUrl: string,
  action: string,
  fields: Record<string, string>,
) {
  const page = await get(app, jar, pageUrl);
  return post(app, jar, action, { _csrf: csrfFrom(page.body), ...fields });
}

/** The newest mail to an address (mail sending is synchronous with the request). */
export async function lastMail(kernel: Kernel, to: string) {
  const [mail] = await kernel.mail.recent({ to, limit: 1 });
  if (!mail) throw new Error(`no mail to ${to}`);
  return mail;
}

/** The path and query of the first link in a text that goes to the given path. */
export function linkTo(text: string, path: string): string {
  const m = new RegExp(
    `https?://[^\\s/]+(${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\?token=[A-Za-z0-9_-]+)`,
  ).exec(text);
  if (!m) throw new Error(`no link to ${path} in:\n${text}`);
  return m[1]!;
}

export async function login(
  app: FastifyInstance,
  jar: CookieJar,
  email: string,
  password: string,
  staff = false,
) {
  const url = staff ? '/verwaltung/anmelden' : '/anmelden';
  return submit(app, jar, url, url, { email, password });
}

export async function countAccounts(kernel: Kernel, email: string): Promise<number> {
  const { rows } = await kernel.db.pool.query<{ n: number }>(
    'select count(*)::int as n from kernel.accounts where lower(email) = lower($1)',
    [email],
  );
  return rows[0]!.n;
}
