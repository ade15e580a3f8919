import type { FastifyInstance } from 'fastify';
import { authRoutes, createPrincipalResolver } from './kernel/auth/index.ts';
import { discoveryRoutes, registerOpenApi } from './kernel/http/discovery.ts';
import { buildHttp } from './kernel/http/server.ts';
import { staffAreaRoutes } from './kernel/staff/index.ts';
import { searchRoutes } from './kernel/search/index.ts';
import type { Kernel } from './kernel/kernel.ts';
import type { NavItem } from './kernel/views/context.ts';

const baseNav: NavItem[] = [
  { href: '/', label: 'layout.nav.home', order: 0 },
  { href: '/kommunen', label: 'layout.nav.towns', order: 10 },
  {
    href: '/verwaltung',
    label: 'layout.nav.staff',
    order: 95,
    visible: (p) => p?.kind === 'staff' && p.mfaSatisfied,
  },
  { href: '/suche', label: 'layout.nav.search', order: 90 },
  { href: '/anmelden', label: 'layout.nav.login', order: 100, visible: (p) => !p },
  { href: '/konto', label: 'layout.nav.account', order: 100, visible: (p) => p?.kind === 'citizen' },
  {
    href: '/verwaltung/konto',
    label: 'layout.nav.account',
    order: 100,
    visible: (p) => p?.kind === 'staff' && p.mfaSatisfied,
  },
  // Logout is a POST: this page holds the button (and works without JavaScript).
  { href: '/abmelden', label: 'layout.nav.logout', order: 101, visible: (p) => !!p },
];

/** Builds the HTTP app on a ready kernel: cross-cutting plugins, kernel routes, then modules. */
export async function buildApp(kernel: Kernel): Promise<FastifyInstance> {
  const app = await buildHttp(kernel, {
    resolvePrincipal: createPrincipalResolver(kernel),
    assets: Object.fromEntries(
      kernel.modules.filter((m) => m.assetsDir).map((m) => [`/assets/${m.name}/`, m.assetsDir!]),
    ),
    nav: [...baseNav, ...kernel.modules.flatMap((m) => m.nav ?? [])],
  });
  await registerOpenApi(app, kernel);
  discoveryRoutes(app, kernel);
  await app.register(async (scope) => authRoutes(scope, kernel));
  await app.register(async (scope) => staffAreaRoutes(scope, kernel));
  await app.register(async (scope) => searchRoutes(scope, kernel));
  for (const m of kernel.modules) {
    if (m.routes) await app.register(async (scope) => m.routes!(scope, kernel));
  }
  return app;
}
