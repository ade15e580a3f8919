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
}

function langSwitchHref(ctx: ViewContext): string {
  const other = ctx.lang === 'de' ? 'en' : 'de';
  return `/sprache/${other}?zurueck=${encodeURIComponent(ctx.path)}`;
}

export function Layout({ ctx, title, breadcrumbs, children, styles, scripts, noindex }: LayoutProps) {
  const { t } = ctx;
  const nav = ctx.nav.filter((n) => !n.visible || n.visible(ctx.principal)).sort((a, b) => a.order - b.order);
  return (
    <html lang={ctx.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} – ${ctx.siteName}`}</title>
        {noindex && <meta name="robots" content="noindex" />}
        <link rel="stylesheet" href="/assets/kern/fonts/fira-sans.css" />
        <link rel="stylesheet" href="/assets/kern/kern.min.css" />
        <link rel="stylesheet" href="/assets/app.css" />
        {styles?.map((s) => <link rel="stylesheet" href={s} key={s} />)}
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <a class="ok-skip-link" href="#main">
          {t('layout.skip')}
        </a>
        <header class="ok-header">
          <div class="ok-container ok-header__bar">
            <a class="ok-header__brand" href="/">
              <span class="ok-header__logo" aria-hidden="true">RKN</span>
              <span>{ctx.siteName}</span>
            </a>
            <a class="ok-header__lang" href={langSwitchHref(ctx)} lang={ctx.lang === 'de' ? 'en' : 'de'} hrefLang={ctx.lang === 'de' ? 'en' : 'de'}>
              <span aria-hidden="true">{t('layout.language.switch')}</span>
              <span class="ok-visually-hidden">{t('layout.language.switch.label')}</span>
            </a>
          </div>
          <nav class="ok-container ok-nav" aria-label={t('layout.nav.label')}>
            <ul>
              {nav.map((n) => (
                <li key={n.href}>
                  <a href={n.href} aria-current={ctx.path === n.href || ctx.path.startsWith(`${n.href}/`) ? 'page' : undefined}>
                    {t(n.label)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        {ctx.demoMode && (
          <div class="ok-demo-banner">
            <div class="ok-container">{t('layout.demo')}</div>
          </div>
        )}
        {breadcrumbs && breadcrumbs.length > 0 && (
          <nav class="ok-container ok-breadcrumbs" aria-label={t('layout.breadcrumbs')}>
            <ol>
              {breadcrumbs.map((c, i) => (
                <li key={i}>{c.href && i < breadcrumbs.length - 1 ? <a href={c.href}>{c.label}</a> : <span aria-current="page">{c.label}</span>}</li>
              ))}
            </ol>
          </nav>
        )}
        <main id="main" class="ok-container ok-main" tabIndex={-1}>
          {children}
        </main>
        <footer class="ok-footer">
          <div class="ok-container">
            <nav aria-label={t('layout.footer.label')}>
              <ul class="ok-footer__links">
                <li><a href="/impressum">{t('layout.footer.imprint')}</a></li>
                <li><a href="/datenschutz">{t('layout.footer.privacy')}</a></li>
                <li><a href="/barrierefreiheit">{t('layout.footer.accessibility')}</a></li>
                <li><a href="/leichte-sprache" lang="de">{t('layout.footer.easyLanguage')}</a></li>
                <li><a href="/gebaerdensprache">{t('layout.footer.signLanguage')}</a></li>
                <li><a href="/kontakt">{t('layout.footer.contact')}</a></li>
              </ul>
            </nav>
            <p class="ok-footer__licence">{t('layout.footer.licence')}</p>
          </div>
        </footer>
        {scripts?.map((s) => <script src={s} nonce={ctx.nonce} defer key={s} />)}
      </body>
    </html>
  );
}
