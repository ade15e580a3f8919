import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import cookie, { Signer, fastifyCookie } from '@fastify/cookie';
import CsrfTokens from '@fastify/csrf';
import csrf from '@fastify/csrf-protection';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Redis } from 'ioredis';
import { installCsp, nonceOf } from './csp.ts';
import { createPageCache } from './page-cache.ts';
import { parseUrlEncoded } from './urlencoded.ts';
import { installPolicyEnforcement } from '../auth/policy.ts';
import { isLang, type Lang } from '../i18n/index.ts';
import type { Kernel } from '../kernel.ts';
import type { NavItem, ViewContext } from '../views/context.ts';
import { ErrorPage } from '../views/error-page.tsx';
import { renderPage } from '../views/render.ts';
import { sendProblem, STATUS_TITLES } from './problem.ts';
import { observeHttp, registerHealth } from './health.ts';
import type { VNode } from 'preact';

declare module 'fastify' {
  interface FastifyRequest {
    lang: Lang;
    /** True for /api/… and other machine endpoints: errors are problem+json. */
    isApi: boolean;
  }
  interface FastifyReply {
    /** Renders a page with the layout context of this request. */
    html(vnode: VNode, status?: number): FastifyReply;
    viewContext(): ViewContext;
  }
}

export interface HttpOptions {
  resolvePrincipal: (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
  nav: NavItem[];
  /** Extra same-origin asset folders: URL prefix → directory. */
  assets?: Record<string, string>;
}

const API_PREFIXES = ['/api/', '/oparl/', '/health/', '/metrics'];
export const LANG_COOKIE = 'ok_lang';

function isApiPath(url: string): boolean {
  return API_PREFIXES.some((p) => url.startsWith(p)) || url === '/api';
}

export type App = FastifyInstance & { withTypeProvider(): FastifyInstance };

/** Builds the Fastify instance with every cross-cutting concern; modules add routes after. */
export async function buildHttp(kernel: Kernel, opts: HttpOptions): Promise<FastifyInstance> {
  const { config, log } = kernel;
  const secure = config.baseUrl.startsWith('https://');
  const logger: FastifyBaseLogger = log;
  // The portal carries the name of the Kreis from the tenant seed; nothing in code names it.
  const owner = (await kernel.tenants.kreis())?.name ?? kernel.i18n.translator('de')('site.owner');
  // The CSRF secret lives in a signed cookie; the page-cache edge mints tokens exactly like the
  // CSRF plugin registered below (same cookie, options, signer and token scheme).
  const csrfCookie = { path: '/', sameSite: 'lax', httpOnly: true, secure } as const;
  const csrfTokens = CsrfTokens();
  const cookieSigner = new Signer(config.secretKey, 'sha256');
  const pageCache = createPageCache({
    mintCsrf: (signed) => {
      const known = signed ? cookieSigner.unsign(signed) : null;
      if (known?.valid && known.value) return { token: csrfTokens.create(known.value) };
      const secret = csrfTokens.secretSync();
      return {
        token: csrfTokens.create(secret),
        setCookie: fastifyCookie.serialize('_csrf', cookieSigner.sign(secret), csrfCookie),
      };
    },
    ttlSeconds: config.pageCacheSeconds,
    maxEntries: config.pageCacheMaxEntries,
    secure,
    onEdgeHit: ({ route, status, seconds }) => {
      observeHttp('GET', route, status, seconds);
      log.info({ method: 'GET', route, status, ms: Math.round(seconds * 1000), cache: 'edge' }, 'request');
    },
  });
  const app = Fastify({
    loggerInstance: logger,
    // Cached anonymous pages are answered before routing (see page-cache.ts); the rest goes to Fastify.
    serverFactory: (handler) =>
      createServer((req, res) => {
        if (!pageCache.serveRaw(req, res)) handler(req, res);
      }),
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.trustProxy,
    bodyLimit: config.bodyLimitBytes,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : randomUUID();
    },
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true },
    return503OnClosing: true,
    frameworkErrors: (error, req, reply) => {
      frameworkError(error, req, reply);
    },
    forceCloseConnections: 'idle',
    // Fastify's default 0 lifts Node's limit: a client trickling a body could hold a socket forever.
    requestTimeout: 300_000,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // An undecodable URL or an over-long path parameter fails before routing, so no hook runs:
  // without this, Fastify answers with its own JSON and none of the security headers.
  function frameworkError(error: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
    const status = error.statusCode === 414 ? 414 : 400;
    req.log.info({ code: error.code, status, reqId: req.id }, 'request refused');
    reply.code(status);
    reply.header(
      'content-security-policy',
      "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'SAMEORIGIN');
    reply.header('referrer-policy', 'same-origin');
    reply.header('cross-origin-opener-policy', 'same-origin');
    if (secure) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    reply.header('x-request-id', req.id);
    if (isApiPath(req.raw.url ?? '/')) {
      void sendProblem(reply, {
        status,
        title: STATUS_TITLES[status] ?? 'Bad Request',
        detail: 'The URL cannot be decoded or is too long.',
        requestId: req.id,
      });
      return;
    }
    const cookieLang = /(?:^|;\s*)ok_lang=(\w+)/.exec(req.headers.cookie ?? '')?.[1];
    const lang: Lang = isLang(cookieLang) ? cookieLang : 'de';
    const t = kernel.i18n.translator(lang);
    const ctx: ViewContext = {
      lang,
      t,
      nonce: '',
      csrfToken: () => '',
      path: '/',
      principal: null,
      demoMode: config.demoMode,
      nav: opts.nav,
      siteName: t('site.name', { owner }),
      owner,
    };
    void reply
      .type('text/html; charset=utf-8')
      .send(renderPage(ErrorPage({ ctx, status, requestId: req.id })));
  }

  // Access log without personal data: no IP, no query string, no headers.
  app.addHook('onResponse', async (req, reply) => {
    req.log.info(
      {
        method: req.method,
        route: req.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
  // While draining for shutdown, responses close their keep-alive connection so the server can
  // finish closing as soon as in-flight requests are answered (instead of after keepAliveTimeout).
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
    pageCache.stopEdge();
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    if (closing) reply.header('connection', 'close');
  });

  await app.register(cookie, { secret: config.secretKey, hook: 'onRequest' });
  app.decorateRequest('lang', 'de');
  app.decorateRequest('isApi', false);
  app.addHook('onRequest', async (req) => {
    req.isApi = isApiPath(req.url);
    const cookieLang = req.cookies[LANG_COOKIE];
    req.lang = isLang(cookieLang) ? cookieLang : 'de';
  });
  installCsp(app, { secure });
  // helmet for the other security headers; the CSP with its per-response nonce is csp.ts.
  await app.register(helmet, {
    contentSecurityPolicy: false,
    hsts: secure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });

  // Rate limits: one bucket per client IP; shared through Redis across nodes when configured.
  // Without an offline queue a command fails at once while Redis is away, and the limiter lets the
  // request through (fail open) instead of hanging; so connect before serving the first request.
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, {
        lazyConnect: true,
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        connectTimeout: 5000,
      })
    : null;
  if (redis) {
    await redis.connect().catch((err: unknown) => {
      log.warn(
        { err: (err as Error).message },
        'Redis not reachable: rate limits are not enforced until it is',
      );
    });
    app.addHook('onClose', async () => {
      await redis.quit().catch(() => undefined);
    });
  }
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitMax,
    timeWindow: 60_000,
    redis: redis ?? undefined,
    nameSpace: 'openkreis-rl:',
    skipOnError: true,
    allowList: (req) => req.url.startsWith('/assets/') || req.url.startsWith('/health/'),
    errorResponseBuilder: (_req, ctx) => {
      const err = new Error('rate limit') as FastifyError & { retryAfter: number };
      err.statusCode = 429;
      err.retryAfter = Math.ceil(ctx.ttl / 1000);
      return err;
    },
  });

  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'buffer', bodyLimit: config.bodyLimitBytes },
    (_req, body, done) => {
      try {
        done(null, parseUrlEncoded(body as Buffer));
      } catch (err) {
        done(err as Error, undefined);
      }
    },
  );
  await app.register(multipart, {
    limits: {
      fileSize: config.uploadLimitBytes,
      files: 20,
      fields: 200,
      fieldSize: config.bodyLimitBytes,
      parts: 220,
    },
    throwFileSizeLimit: true,
  });

  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: '_csrf',
    cookieOpts: { ...csrfCookie, signed: true },
    getToken: (req) => {
      const body = req.body as Record<string, unknown> | undefined;
      const fromBody = body && typeof body._csrf === 'string' ? body._csrf : undefined;
      const fromQuery = (req.query as Record<string, unknown> | undefined)?._csrf;
      const fromHeader = req.headers['x-csrf-token'];
      return (
        fromBody ??
        (typeof fromQuery === 'string' ? fromQuery : undefined) ??
        (typeof fromHeader === 'string' ? fromHeader : undefined)
      );
    },
  });
  app.addHook('preHandler', (req, reply, done) => {
    const m = req.method;
    if (
      m === 'GET' ||
      m === 'HEAD' ||
      m === 'OPTIONS' ||
      req.routeOptions.config.csrf === false ||
      !req.routeOptions.url
    ) {
      done();
      return;
    }
    app.csrfProtection(req, reply, done);
  });

  const staticRoot = fileURLToPath(new URL('../../../public/', import.meta.url));
  const kernRoot = fileURLToPath(new URL('../../../node_modules/@kern-ux/native/dist/', import.meta.url));
  const staticOpts = { maxAge: '1d', immutable: false, cacheControl: true, index: false as const };
  await app.register(async (scope) => {
    scope.addHook('onRoute', (r) => {
      r.config = { ...(r.config ?? {}), policy: 'public' };
    });
    await scope.register(fastifyStatic, { root: kernRoot, prefix: '/assets/kern/', ...staticOpts });
    await scope.register(fastifyStatic, {
      root: staticRoot,
      prefix: '/assets/',
      decorateReply: false,
      ...staticOpts,
    });
    for (const [prefix, dir] of Object.entries(opts.assets ?? {})) {
      await scope.register(fastifyStatic, { root: dir, prefix, decorateReply: false, ...staticOpts });
    }
  });

  pageCache.install(app);

  installPolicyEnforcement(app, {
    resolvePrincipal: opts.resolvePrincipal,
    onDenied: async (req, reply) => {
      if (req.isApi) {
        const status = req.principal ? 403 : 401;
        return sendProblem(reply, {
          status,
          title: STATUS_TITLES[status]!,
          detail: req.principal ? 'You may not do this.' : 'Log in first.',
        });
      }
      if (!req.principal && req.method === 'GET') {
        const login = req.url.startsWith('/verwaltung') ? '/verwaltung/anmelden' : '/anmelden';
        return reply.redirect(`${login}?weiter=${encodeURIComponent(req.url)}`, 303);
      }
      return sendHtmlError(req, reply, 403);
    },
  });

  const i18n = kernel.i18n;
  app.decorateReply('viewContext', function (this: FastifyReply): ViewContext {
    const req = this.request;
    let token: string | undefined;
    return {
      lang: req.lang,
      t: i18n.translator(req.lang),
      nonce: nonceOf(this),
      csrfToken: () => {
        token ??= this.generateCsrf();
        this.csrfTokenUsed = token;
        return token;
      },
      path: req.url,
      principal: req.principal,
      demoMode: config.demoMode,
      nav: opts.nav,
      siteName: i18n.translator(req.lang)('site.name', { owner }),
      owner,
    };
  });
  app.decorateReply('html', function (this: FastifyReply, vnode: VNode, status = 200) {
    return this.code(status).type('text/html; charset=utf-8').send(renderPage(vnode));
  });

  function sendHtmlError(req: FastifyRequest, reply: FastifyReply, status: number, retryAfter?: number) {
    const ctx = reply.viewContext();
    return reply.html(ErrorPage({ ctx, status, requestId: req.id, retryAfter }), status);
  }

  app.setErrorHandler(
    async (error: FastifyError & { retryAfter?: number; validation?: unknown[] }, req, reply) => {
      let status =
        error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
      if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') status = 403;
      if (
        error.code === 'FST_REQ_FILE_TOO_LARGE' ||
        error.code === 'FST_PARTS_LIMIT' ||
        error.code === 'FST_FILES_LIMIT'
      )
        status = 413;
      if (status >= 500) req.log.error({ err: error, reqId: req.id }, 'request failed');
      else req.log.info({ code: error.code, status, reqId: req.id }, 'request refused');
      if (status === 429 && error.retryAfter) reply.header('retry-after', String(error.retryAfter));
      if (req.isApi) {
        const detail =
          status >= 500
            ? 'An internal error occurred. Quote the request id when you report it.'
            : error.validation
              ? 'The request does not match the schema.'
              : error.message;
        const errors = error.validation
          ? (error.validation as { instancePath?: string; message?: string }[]).map((v) => ({
              pointer: v.instancePath || '/',
              detail: v.message ?? 'invalid',
            }))
          : undefined;
        return sendProblem(reply, {
          status,
          title: STATUS_TITLES[status] ?? 'Error',
          detail,
          instance: req.url.split('?')[0],
          requestId: req.id,
          ...(errors ? { errors } : {}),
        });
      }
      return sendHtmlError(req, reply, status, error.retryAfter);
    },
  );

  app.setNotFoundHandler(
    {
      preHandler: app.rateLimit(),
    },
    async (req, reply) => {
      if (req.isApi) {
        return sendProblem(reply, {
          status: 404,
          title: 'Not Found',
          detail: `No resource at ${req.url.split('?')[0]}.`,
          instance: req.url.split('?')[0],
        });
      }
      return sendHtmlError(req, reply, 404);
    },
  );

  // Language switch keeps the page: /sprache/en?zurueck=/path
  app.get<{ Params: { lang: string }; Querystring: { zurueck?: string } }>(
    '/sprache/:lang',
    { config: { policy: 'public' } },
    async (req, reply) => {
      const lang = isLang(req.params.lang) ? req.params.lang : 'de';
      reply.setCookie(LANG_COOKIE, lang, {
        path: '/',
        sameSite: 'lax',
        httpOnly: true,
        secure,
        maxAge: 365 * 24 * 3600,
      });
      return reply.redirect(safeLocalPath(req.query.zurueck), 303);
    },
  );

  registerHealth(app, kernel);
  return app;
}

/** Only same-site absolute paths; everything else (//evil, https://, javascript:) becomes "/". */
export function safeLocalPath(p: unknown): string {
  if (
    typeof p !== 'string' ||
    !p.startsWith('/') ||
    p.startsWith('//') ||
    p.startsWith('/\\') ||
    p.length > 2000
  )
    return '/';
  if (/[\u0000-\u001f]/.test(p)) return '/';
  return p;
}
