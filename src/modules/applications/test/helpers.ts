import type { TestApp } from '../../../testing.ts';
import { CookieJar, csrfFrom } from '../../../testing.ts';

/** A browser-like client for app.inject: cookies, CSRF token of the last page, redirects. */
export class Client {
  readonly jar = new CookieJar();
  token = '';
  constructor(
    private readonly t: TestApp,
    cookie?: string,
  ) {
    if (cookie) this.jar.store(cookie);
  }

  async get(url: string) {
    const res = await this.t.app.inject({ method: 'GET', url, headers: { cookie: this.jar.header() } });
    this.jar.store(res.headers['set-cookie']);
    try {
      this.token = csrfFrom(res.body);
    } catch {
      /* page without a form */
    }
    return res;
  }

  async post(url: string, fields: Record<string, string | string[]>, opts: { token?: string } = {}) {
    const body = new URLSearchParams();
    body.append('_csrf', opts.token ?? this.token);
    for (const [k, v] of Object.entries(fields))
      for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    const res = await this.t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
    this.jar.store(res.headers['set-cookie']);
    return res;
  }

  /** multipart/form-data with files; the CSRF token goes into the query string. */
  async upload(
    url: string,
    fields: Record<string, string>,
    files: { field: string; filename: string; type: string; content: Buffer }[],
  ) {
    const boundary = `----okboundary${Math.random().toString(16).slice(2)}`;
    const parts: Buffer[] = [];
    for (const [k, v] of Object.entries(fields))
      parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    for (const f of files) {
      parts.push(
        Buffer.from(
          `--${boundary}\r\ncontent-disposition: form-data; name="${f.field}"; filename="${f.filename}"\r\ncontent-type: ${f.type}\r\n\r\n`,
        ),
      );
      parts.push(f.content, Buffer.from('\r\n'));
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    const res = await this.t.app.inject({
      method: 'POST',
      url: `${url}?_csrf=${encodeURIComponent(this.token)}`,
      headers: { cookie: this.jar.header(), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat(parts),
    });
    this.jar.store(res.headers['set-cookie']);
    return res;
  }

  /** Starts an application and returns the first step's path. */
  async start(slug: string): Promise<{ base: string; first: string }> {
    await this.get(`/antraege/${slug}`);
    const res = await this.post(`/antraege/${slug}/starten`, {});
    if (res.statusCode !== 303) throw new Error(`start: ${res.statusCode} ${res.body.slice(0, 300)}`);
    const first = res.headers.location as string;
    const base = first.replace(/\/schritt\/.*$/, '');
    return { base, first };
  }

  /** Posts a step (GET first for the token) and returns the response. */
  async step(path: string, fields: Record<string, string | string[]>) {
    await this.get(path);
    return this.post(path.replace(/\?.*$/, ''), fields);
  }
}

/** A minimal valid PDF (content sniffing sees application/pdf). */
export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/MediaBox[0 0 10 10]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
/** A 1×1 PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export const PERSON = {
  vorname: 'Erika',
  nachname: 'Mustermann',
  'geburtsdatum-day': '12',
  'geburtsdatum-month': '8',
  'geburtsdatum-year': '1984',
  'anschrift-street': 'Oberstraße',
  'anschrift-houseNumber': '91',
  'anschrift-postalCode': '41460',
  'anschrift-city': 'Neuss',
  email: 'erika@example.org',
  telefon: '02131 928-0',
};
