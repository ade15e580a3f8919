import type { ComponentChildren } from 'preact';
import type { ViewContext } from './context.ts';

export interface Crumb {
  href?: string;
  label: string;
}

export interface LayoutProps {
  ctx: ViewContext;
  title: string;
  breadcrumbs?: Crumb[];
  children: ComponentChildren;
  /** Extra stylesheet hrefs (same origin only). */
  styles?: string[];
  /** Extra script hrefs (same origin only, bundled by esbuild). */
  scripts?: string[];
  /** noindex for staff and account pages. */
  noindex?: boolean;
  /** The page shows form errors: the title starts with "Fehler:" so screen readers hear it first. */
  hasErrors?: boolean;
  /** Language of the main content when it differs from the interface (Leichte Sprache is always German). */
  contentLang?: string;
}

function pathOnly(p: string): string {
  const q = p.indexOf('?');
  return q === -1 ? p : p.slice(0, q);
}

function langSwitchHref(ctx: ViewContext): string {
  const other = ctx.lang === 'de' ? 'en' : 'de';
  return `/sprache/${other}?zurueck=${encodeURIComponent(ctx.path)}`;
}

/** The federal colours of the KERN Kopfzeile, drawn without inline styles (strict CSP). */
function Flag() {
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      width="24"
      height="16"
      viewBox="0 0 24 16"
      focusable="false"
      aria-hidden="true"
    >
      <rect width="24" height="5.34" y="0" fill="#000" />
      <rect width="24" height="5.33" y="5.33" fill="#DD0000" />
      <rect width="24" height="5.34" y="10.66" fill="#FFCC00" />
    </svg>
  );
}

/** A neutral emblem; an installation may replace /assets/emblem.svg with its coat of arms. */
function Emblem() {
  return <img class="ok-header__emblem" src="/assets/emblem.svg" alt="" width="40" height="48" />;
}

const FOOTER_LINKS: { href: string; key: string }[] = [
  { href: '/impressum', key: 'layout.footer.imprint' },
  { href: '/datenschutz', key: 'layout.footer.privacy' },
  { href: '/barrierefreiheit', key: 'layout.footer.accessibility' },
  { href: '/leichte-sprache', key: 'layout.footer.easyLanguage' },
  { href: '/gebaerdensprache', key: 'layout.footer.signLanguage' },
  { href: '/kontakt', key: 'layout.footer.contact' },
];

/** Accessible alternatives, shown with their customary pictograms in the header. */
const ACCESS_LINKS: { href: string; key: string; icon: string; hrefLang?: string }[] = [
  { href: '/leichte-sprache', key: 'layout.footer.easyLanguage', icon: 'easy-language', hrefLang: 'de' },
  { href: '/gebaerdensprache', key: 'layout.footer.signLanguage', icon: 'sign-language' },
];

/** "page" on the link to this page; "true" on the link to the section that holds it. */
function current(path: string, href: string): 'page' | 'true' | undefined {
  if (path === href) return 'page';
  return href !== '/' && path.startsWith(`${href}/`) ? 'true' : undefined;
}

export function Layout({
  ctx,
  title,
  breadcrumbs,
  children,
  styles,
  scripts,
  noindex,
  hasErrors,
  contentLang,
}: LayoutProps) {
  const { t } = ctx;
  const path = pathOnly(ctx.path);
  const other = ctx.lang === 'de' ? 'en' : 'de';
  const nav = ctx.nav.filter((n) => !n.visible || n.visible(ctx.principal)).sort((a, b) => a.order - b.order);
  const fullTitle = `${hasErrors ? `${t('layout.titleError')} ` : ''}${title} – ${ctx.siteName}`;
  return (
    <html lang={ctx.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        {noindex && <meta name="robots" content="noindex" />}
        <link rel="stylesheet" href="/assets/kern/fonts/fira-sans.css" />
        <link rel="stylesheet" href="/assets/kern/kern.min.css" />
        <link rel="stylesheet" href="/assets/app.css" />
        {styles?.map((s) => (
          <link rel="stylesheet" href={s} key={s} />
        ))}
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        <script src="/assets/ok.js" nonce={ctx.nonce} defer />
        {scripts?.map((s) => (
          <script src={s} nonce={ctx.nonce} defer key={s} />
        ))}
      </head>
      <body class="ok-body">
        <a class="ok-skip-link" href="#main">
          {t('layout.skip')}
        </a>
        <header class="ok-header">
          <div class="kern-kopfzeile">
            <div class="kern-container">
              <div class="kern-kopfzeile__content">
                <span class="kern-kopfzeile__flagge">
                  <Flag />
                </span>
                <span class="kern-kopfzeile__label">{t('layout.kopfzeile', { owner: ctx.owner })}</span>
              </div>
            </div>
          </div>
          <div class="kern-container ok-header__bar">
            <a class="ok-header__brand" href="/">
              <Emblem />
              <span class="ok-header__name">
                <span class="ok-header__owner">{ctx.owner}</span>
                <span class="ok-header__portal">{t('site.portal')}</span>
              </span>
              <span class="kern-sr-only"> – {t('layout.homeLink')}</span>
            </a>
            <ul class="ok-header__tools" aria-label={t('layout.tools')}>
              {ctx.utilityLinks?.map((l) => (
                <li key={l.href}>
                  <a href={l.href} aria-current={current(path, l.href)}>
                    {l.icon && <span class={`kern-icon kern-icon--${l.icon}`} aria-hidden="true" />}
                    {l.label}
                  </a>
                </li>
              ))}
              {ACCESS_LINKS.map((l) => (
                <li key={l.href}>
                  <a href={l.href} hrefLang={l.hrefLang} aria-current={path === l.href ? 'page' : undefined}>
                    <span class={`kern-icon kern-icon--${l.icon}`} aria-hidden="true" />
                    {t(l.key)}
                  </a>
                </li>
              ))}
              <li>
                <a href={langSwitchHref(ctx)} lang={other} hrefLang={other}>
                  <span class="kern-icon kern-icon--language" aria-hidden="true" />
                  <span aria-hidden="true">{t('layout.language.switch')}</span>
                  <span class="kern-sr-only">{t('layout.language.switch.label')}</span>
                </a>
              </li>
            </ul>
          </div>
          {nav.length > 0 && (
            <nav class="ok-nav" aria-label={t('layout.nav.label')}>
              <div class="kern-container">
                <ul class="ok-nav__list">
                  {nav.map((n) => (
                    <li key={n.href}>
                      <a href={n.href} aria-current={current(path, n.href)}>
                        {t(n.label)}
                      </a>
                    </li>
                  ))}
                </ul>
              </div>
            </nav>
          )}
        </header>
        {ctx.demoMode && (
          <div class="ok-demo-banner">
            <p class="kern-container kern-body">{t('layout.demo')}</p>
          </div>
        )}
        {breadcrumbs && breadcrumbs.length > 0 && (
          <nav class="kern-container ok-breadcrumbs" aria-label={t('layout.breadcrumbs')}>
            <ol>
              {breadcrumbs.map((c, i) => (
                <li key={i}>
                  {c.href && i < breadcrumbs.length - 1 ? (
                    <a class="kern-link" href={c.href}>
                      {c.label}
                    </a>
                  ) : (
                    <span aria-current="page">{c.label}</span>
                  )}
                </li>
              ))}
            </ol>
          </nav>
        )}
        <main
          id="main"
          class="kern-container ok-main"
          tabIndex={-1}
          lang={contentLang && contentLang !== ctx.lang ? contentLang : undefined}
        >
          {children}
        </main>
        <footer class="ok-footer">
          <div class="kern-container">
            <nav aria-label={t('layout.footer.label')}>
              <ul class="ok-footer__links">
                {FOOTER_LINKS.map((l) => (
                  <li key={l.href}>
                    <a
                      class="kern-link"
                      href={l.href}
                      aria-current={path === l.href ? 'page' : undefined}
                      hrefLang={l.href === '/leichte-sprache' ? 'de' : undefined}
                    >
                      {t(l.key)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            <p class="kern-body kern-body--small ok-footer__licence">{t('layout.footer.licence')}</p>
          </div>
        </footer>
      </body>
    </html>
  );
}
