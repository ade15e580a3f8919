import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal.ts';
import type { Lang, Translate } from '../i18n/index.ts';

export interface NavItem {
  href: string;
  /** i18n key */
  label: string;
  order: number;
  /** Only shown when this returns true. */
  visible?: (p: Principal | null) => boolean;
}

/** A link in the header's tool bar, already translated (e.g. the chosen municipality). */
export interface UtilityLink {
  href: string;
  label: string;
  /** KERN icon name without prefix, e.g. "home". */
  icon?: string;
}

/** Everything a page component needs from the request, passed explicitly as `ctx`. */
export interface ViewContext {
  lang: Lang;
  t: Translate;
  /** Nonce for inline <script>/<style> under the CSP. */
  nonce: string;
  /** A CSRF token for forms on this page (creates the secret cookie on first use). */
  csrfToken: () => string;
  /** Path and query of the current page, for "back" links and the language switch. */
  path: string;
  principal: Principal | null;
  demoMode: boolean;
  nav: NavItem[];
  siteName: string;
  /** Name of the Kreis that runs the portal (from the tenant seed). */
  owner: string;
  /** Optional extra header links; pages set them by spreading the context ({ ...ctx, utilityLinks }). */
  utilityLinks?: UtilityLink[];
}

export type ViewContextFactory = (req: FastifyRequest, reply: FastifyReply) => ViewContext;
