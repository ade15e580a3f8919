import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import { isLang } from '../i18n/index.ts';
import { cspHeader, newNonce, nonceOf } from './csp.ts';

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
  /** Route pattern, for metrics and the access log of edge hits. */
  route: string;
}

/** Mints a CSRF token for a visitor the way the CSRF plugin does (see server.ts). */
export type CsrfMinter = (signedSecretCookie: string | undefined) => { token: string; setCookie?: string };

/** Response headers that are per response and never replayed from the cache. */
const PER_RESPONSE_HEADERS = new Set([
  'content-security-policy',
  'content-length',
  'set-cookie',
  'x-request-id',
  'x-page-cache',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
]);

function cacheKey(lang: string, url: string, cookies: [string, string | undefined][]): string {
  return `${lang}\n${url}\n${cookies.map(([k, v]) => `${k}=${v ?? ''}`).join(';')}`;
}

function parseCookieHeader(header: string | undefined): [string, string][] | null {
  const out: [string, string][] = [];
  if (!header) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    let value = part.slice(i + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      return null;
    }
    out.push([name, value]);
  }
  return out;
}

export interface EdgeHit {
  route: string;
  status: number;
  seconds: number;
}

export interface PageCache {
  /** Registers the cache's hooks on the Fastify app (lookup in preHandler, store in onSend). */
  install(app: FastifyInstance): void;
  /**
   * The edge: answers a cached page straight from the Node request, before Fastify routes it —
   * like an nginx microcache in front of the app. Only for anonymous GETs; returns false to let
   * Fastify handle the request. Security headers are those of the original response, with a
   * fresh nonce and request id, and the visitor's own CSRF token (and secret cookie if new).
   */
  serveRaw(req: IncomingMessage, res: ServerResponse): boolean;
  /** Stops edge answers (while draining for shutdown responses must close their connection). */
  stopEdge(): void;
}

/**
 * A micro-cache for public pages seen by visitors without a session ("nginx microcaching"):
 * the rendered HTML is kept for `ttlSeconds` per URL, language and cookie set, and served with
 * a fresh CSP nonce and, where the page has forms, the visitor's own CSRF token. Nothing else
 * personal can be in such a page (no session), and a response that set any cookie other than
 * the CSRF secret is never stored. At most `maxEntries` pages are kept (oldest evicted first).
 */
export function createPageCache(opts: {
  ttlSeconds: number;
  maxEntries: number;
  secure: boolean;
  now?: () => number;
  /** Called for each edge answer (metrics and access log). */
  onEdgeHit?: (hit: EdgeHit) => void;
  /** Without it, pages with a form are answered by the full pipeline only. */
  mintCsrf?: CsrfMinter;
}): PageCache {
  const now = opts.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const enabled = opts.ttlSeconds > 0;
  let edgeOn = enabled;

  function keyFor(req: FastifyRequest): string | null {
    if (req.method !== 'GET' || !req.routeOptions.config.pageCache || req.principal) return null;
    const cookies = Object.entries(req.cookies)
      .filter(([name]) => !IGNORED_COOKIES.has(name))
      .sort(([a], [b]) => a.localeCompare(b));
    if (cookies.some(([name]) => name === SESSION_COOKIE)) return null;
    return cacheKey(req.lang, req.url, cookies);
  }

  function fill(parts: Part[], nonce: Buffer, csrf?: () => [Buffer, Buffer]): Buffer {
    let tokens: [Buffer, Buffer] | undefined;
    return Buffer.concat(
      parts.map((p) => {
        if (p === NONCE_MARK) return nonce;
        if (p === CSRF_MARK || p === CSRF_URL_MARK) {
          tokens ??= csrf!();
          return p === CSRF_MARK ? tokens[0] : tokens[1];
        }
        return p;
      }),
    );
  }

  return {
    stopEdge() {
      edgeOn = false;
    },

    serveRaw(req, res) {
      if (!edgeOn || req.method !== 'GET' || entries.size === 0) return false;
      const cookies = parseCookieHeader(req.headers.cookie);
      if (!cookies || cookies.some(([name]) => name === SESSION_COOKIE)) return false;
      const lang = cookies.find(([name]) => name === 'ok_lang')?.[1];
      const kept = cookies
        .filter(([name]) => !IGNORED_COOKIES.has(name))
        .sort(([a], [b]) => a.localeCompare(b));
      const hit = entries.get(cacheKey(isLang(lang) ? lang : 'de', req.url ?? '/', kept));
      const started = performance.now();
      if (!hit || hit.expires <= now()) return false;
      let setCookie: string | undefined;
      const mint = opts.mintCsrf;
      if (!mint && hit.parts.some((p) => p === CSRF_MARK || p === CSRF_URL_MARK)) return false;
      const nonce = newNonce();
      const body = fill(hit.parts, Buffer.from(nonce), () => {
        const minted = mint!(cookies.find(([name]) => name === '_csrf')?.[1]);
        setCookie = minted.setCookie;
        return [Buffer.from(minted.token), Buffer.from(encodeURIComponent(minted.token))];
      });
      const given = req.headers['x-request-id'];
      const headers: Record<string, string | number> = {
        ...hit.headers,
        'content-security-policy': cspHeader(nonce, opts.secure),
        'x-request-id':
          typeof given === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : randomUUID(),
        'x-page-cache': 'edge',
        'content-length': body.length,
      };
      if (setCookie) headers['set-cookie'] = setCookie;
      res.writeHead(200, headers);
      res.end(body);
      opts.onEdgeHit?.({ route: hit.route, status: 200, seconds: (performance.now() - started) / 1000 });
      return true;
    },

    install(app) {
      app.decorateRequest('pageCacheKey', null);
      app.decorateReply('csrfTokenUsed', null);
      if (!enabled) return;

      app.addHook('preHandler', async (req, reply) => {
        const key = keyFor(req);
        if (!key) return;
        const hit = entries.get(key);
        if (hit && hit.expires > now()) {
          const body = fill(hit.parts, Buffer.from(nonceOf(reply)), () => {
            const raw = reply.generateCsrf();
            return [Buffer.from(raw), Buffer.from(encodeURIComponent(raw))];
          });
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
        const cookies =
          setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [String(setCookie)];
        if (cookies.some((c) => !c.startsWith('_csrf='))) return payload;
        const type = String(reply.getHeader('content-type') ?? '');
        if (!type.startsWith('text/html')) return payload;
        const nonce = nonceOf(reply);
        let html = nonce ? payload.replaceAll(nonce, NONCE_MARK) : payload;
        const token = reply.csrfTokenUsed;
        if (token)
          html = html.replaceAll(encodeURIComponent(token), CSRF_URL_MARK).replaceAll(token, CSRF_MARK);
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(reply.getHeaders()))
          if (value !== undefined && !PER_RESPONSE_HEADERS.has(name)) headers[name] = String(value);
        entries.delete(key);
        entries.set(key, {
          parts: toParts(html),
          headers,
          expires: now() + opts.ttlSeconds * 1000,
          route: req.routeOptions.url ?? 'unmatched',
        });
        if (entries.size > opts.maxEntries) entries.delete(entries.keys().next().value!);
        reply.header('x-page-cache', 'miss');
        return payload;
      });
    },
  };
}
