import { randomBytes } from 'node:crypto';
import { createAccount, loginAs } from '../../../kernel/auth/test-support.ts';
import type { RoleGrant } from '../../../kernel/auth/principal.ts';
import { inTransaction } from '../../../kernel/db/database.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { CookieJar, csrfFrom, type TestApp } from '../../../testing.ts';
import { openCase, type OpenCaseInput } from '../commands/open-case.ts';

export async function unitId(kernel: Kernel, tenantId: string, slug: string): Promise<string> {
  const u = (await kernel.tenants.orgUnits(tenantId)).find((o) => o.slug === slug);
  if (!u) throw new Error(`no org unit ${tenantId}/${slug}`);
  return u.id;
}

export function newReference(): string {
  return `T-${randomBytes(4).toString('hex').toUpperCase()}`;
}

export async function caseInput(kernel: Kernel, over: Partial<OpenCaseInput> = {}): Promise<OpenCaseInput> {
  const tenantId = over.tenantId ?? 'neuss';
  return {
    reference: newReference(),
    serviceSlug: 'fischereischein',
    tenantId,
    orgUnitId: over.orgUnitId ?? (await unitId(kernel, tenantId, 'ordnungsamt')),
    applicantAccountId: null,
    applicantEmail: 'erika@example.org',
    applicantName: 'Erika Mustermann',
    formSlug: 'fischereischein',
    formVersion: 1,
    data: { vorname: 'Erika', nachname: 'Mustermann' },
    summary: [
      { label: 'Name', value: 'Erika Mustermann' },
      { label: 'Gewässer', value: 'Erftmündung' },
    ],
    attachments: [],
    payment: { status: 'paid', amountCents: 2400, kassenzeichen: 'KZ-1', provider: 'test' },
    submittedAt: kernel.clock.now(),
    ...over,
  };
}

export async function open(kernel: Kernel, over: Partial<OpenCaseInput> = {}) {
  const input = await caseInput(kernel, over);
  return inTransaction(kernel.db.pool, (client) => openCase(kernel, client, input));
}

export interface Actor {
  id: string;
  jar: CookieJar;
}

export async function citizen(kernel: Kernel, name = 'Erika Mustermann'): Promise<Actor> {
  const id = await createAccount(kernel, { kind: 'citizen', displayName: name });
  const jar = new CookieJar();
  jar.store(await loginAs(kernel, id));
  return { id, jar };
}

export async function staff(
  kernel: Kernel,
  roles: RoleGrant[],
  name = 'Sam Sachbearbeitung',
): Promise<Actor> {
  const id = await createAccount(kernel, { kind: 'staff', displayName: name, roles });
  const jar = new CookieJar();
  jar.store(await loginAs(kernel, id));
  return { id, jar };
}

export async function get(t: TestApp, url: string, actor?: Actor) {
  const res = await t.app.inject({
    method: 'GET',
    url,
    headers: actor ? { cookie: actor.jar.header() } : {},
  });
  actor?.jar.store(res.headers['set-cookie']);
  return res;
}

/** GETs `page` for a CSRF token, then posts the form fields to `url`. */
export async function post(
  t: TestApp,
  page: string,
  url: string,
  actor: Actor,
  fields: Record<string, string | string[]>,
) {
  let token = '';
  for (const p of [page, '/verwaltung/konto', '/konto']) {
    const form = await get(t, p, actor);
    if (form.statusCode !== 200 || !form.body.includes('name="_csrf"')) continue;
    token = csrfFrom(form.body);
    break;
  }
  const body = new URLSearchParams();
  body.append('_csrf', token);
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  const res = await t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: actor.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
    payload: body.toString(),
  });
  actor.jar.store(res.headers['set-cookie']);
  return res;
}

/** A multipart/form-data body (fields and files) for app.inject. */
export function multipart(
  fields: Record<string, string>,
  files: { field: string; filename: string; type: string; content: Buffer }[],
): { body: Buffer; contentType: string } {
  const boundary = `----okcw${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`,
      ),
      f.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A minimal valid PDF file. */
export const TINY_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** Text of every page of a PDF, and whether it has a structure tree (tagged). */
export async function pdfInfo(
  buf: Buffer,
): Promise<{ text: string; tagged: boolean; pages: number; lang: string | null }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(buf),
    disableFontFace: true,
    useSystemFonts: false,
  }).promise;
  let text = '';
  let tagged = false;
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    text += content.items.map((it) => ('str' in it ? it.str : '')).join(' ') + '\n';
    const tree = (await page.getStructTree()) as { children?: unknown[] } | null;
    if (tree?.children?.length) tagged = true;
  }
  const md = await doc.getMetadata();
  const info = md.info as { Language?: string } | undefined;
  const pages = doc.numPages;
  await doc.destroy();
  return { text, tagged, pages, lang: info?.Language ?? null };
}
