import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import { nonceOf } from './csp.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Anonymous responses of this GET route may be served from the page cache for a few seconds. */
    pageCache?: boolean;
  }
  interface FastifyRequest {
    pageCacheKey: string | null;
  }
  interface FastifyReply {
    /** The CSRF token this response embedded, if any (replaced per visitor when cached). */
    csrfTokenUsed: string | null;
  }
}

const NONCE_MARK = '\u0000ok-nonce\u0000';
const CSRF_MARK = '\u0000ok-csrf\u0000';
const CSRF_URL_MARK = '\u0000ok-csrf-url\u0000';
const MARKS = /(\u0000ok-nonce\u0000|\u0000ok-csrf\u0000|\u0000ok-csrf-url\u0000)/;

/** A cached page: UTF-8 encoded once, with slots for the per-response values. */
type Part = Buffer | typeof NONCE_MARK | typeof CSRF_MARK | typeof CSRF_URL_MARK;

function toParts(html: string): Part[] {
  return html
    .split(MARKS)
    .filter((x) => x !== '')
    .map((x) => (x === NONCE_MARK || x === CSRF_MARK || x === CSRF_URL_MARK ? x : Buffer.from(x, 'utf8')));
}
const IGNORED_COOKIES = new Set(['_csrf']);

interface Entry {
  parts: Part[];
  headers: Record<string, string>;
  expires: number;
}

/**
 * A micro-cache for public pages seen by visitors without a session ("nginx microcaching"):
 * the rendered HTML is kept for `ttlSeconds` per URL, language and cookie set, and served with
 * a fresh CSP nonce and, where the page has forms, the visitor's own CSRF token. Nothing else
 * personal can be in such a page (no session), and a response that set any cookie other than
 * the CSRF secret is never stored. At most `maxEntries` pages are kept (oldest evicted first).
 */
export function installPageCache(
  app: FastifyInstance,
  opts: { ttlSeconds: number; maxEntries: number; now?: () => number },
) {
  const now = opts.now ?? Date.now;
  const entries = new Map<string, Entry>();
  app.decorateRequest('pageCacheKey', null);
  app.decorateReply('csrfTokenUsed', null);
  if (opts.ttlSeconds <= 0) return;

  function keyFor(req: FastifyRequest): string | null {
    if (req.method !== 'GET' || !req.routeOptions.config.pageCache || req.principal) return null;
    const cookies = Object.entries(req.cookies)
      .filter(([name]) => !IGNORED_COOKIES.has(name))
      .sort(([a], [b]) => a.localeCompare(b));
    if (cookies.some(([name]) => name === SESSION_COOKIE)) return null;
    return `${req.lang}\n${req.url}\n${cookies.map(([k, v]) => `${k}=${v ?? ''}`).join(';')}`;
  }

  app.addHook('preHandler', async (req, reply) => {
    const key = keyFor(req);
    if (!key) return;
    const hit = entries.get(key);
    if (hit && hit.expires > now()) {
      const nonce = Buffer.from(nonceOf(reply));
      let token: Buffer | undefined;
      let tokenUrl: Buffer | undefined;
      const body = Buffer.concat(
        hit.parts.map((p) => {
          if (p === NONCE_MARK) return nonce;
          if (p === CSRF_MARK || p === CSRF_URL_MARK) {
            if (!token || !tokenUrl) {
              const raw = reply.generateCsrf();
              token = Buffer.from(raw);
              tokenUrl = Buffer.from(encodeURIComponent(raw));
            }
            return p === CSRF_MARK ? token : tokenUrl;
          }
          return p;
        }),
      );
      reply.headers(hit.headers).header('x-page-cache', 'hit');
      return reply.code(200).send(body);
    }
    if (hit) entries.delete(key);
    req.pageCacheKey = key;
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const key = req.pageCacheKey;
    if (!key || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const setCookie = reply.getHeader('set-cookie');
    const cookies = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [String(setCookie)];
    if (cookies.some((c) => !c.startsWith('_csrf='))) return payload;
    const type = String(reply.getHeader('content-type') ?? '');
    if (!type.startsWith('text/html')) return payload;
    const nonce = nonceOf(reply);
    let html = nonce ? payload.replaceAll(nonce, NONCE_MARK) : payload;
    const token = reply.csrfTokenUsed;
    if (token) html = html.replaceAll(encodeURIComponent(token), CSRF_URL_MARK).replaceAll(token, CSRF_MARK);
    entries.delete(key);
    entries.set(key, {
      parts: toParts(html),
      headers: { 'content-type': type },
      expires: now() + opts.ttlSeconds * 1000,
    });
    if (entries.size > opts.maxEntries) entries.delete(entries.keys().next().value!);
    reply.header('x-page-cache', 'miss');
    return payload;
  });
}
