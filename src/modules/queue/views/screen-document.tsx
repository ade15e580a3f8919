import type { ComponentChildren } from 'preact';
import type { ViewContext } from '../../../kernel/views/context.ts';
import { QUEUE_CSS } from './parts.tsx';

/**
 * A full-screen page for a device in the waiting area (kiosk, call display): no site header or
 * footer, large type, one main landmark and one h1. Scripts are files from /assets/queue/.
 */
export function ScreenDocument({
  ctx,
  title,
  bodyClass,
  scripts,
  refreshSeconds,
  children,
}: {
  ctx: ViewContext;
  title: string;
  bodyClass: string;
  scripts?: string[];
  /** Without JavaScript the page reloads itself (a <noscript> meta refresh). */
  refreshSeconds?: number;
  children: ComponentChildren;
}) {
  return (
    <html lang={ctx.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${title} – ${ctx.siteName}`}</title>
        <link rel="stylesheet" href="/assets/kern/fonts/fira-sans.css" />
        <link rel="stylesheet" href="/assets/kern/kern.min.css" />
        <link rel="stylesheet" href="/assets/app.css" />
        <link rel="stylesheet" href={QUEUE_CSS} />
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        {refreshSeconds && (
          <noscript>
            <meta http-equiv="refresh" content={String(refreshSeconds)} />
          </noscript>
        )}
        {scripts?.map((s) => (
          <script src={s} nonce={ctx.nonce} defer key={s} />
        ))}
      </head>
      <body class={`ok-body ${bodyClass}`}>
        <main id="main" class="ok-screen">
          {children}
        </main>
      </body>
    </html>
  );
}

/** The language switch of a screen page: a large link in the other language. */
export function ScreenLanguageSwitch({ ctx }: { ctx: ViewContext }) {
  const other = ctx.lang === 'de' ? 'en' : 'de';
  return (
    <a
      class="kern-btn kern-btn--secondary ok-screen__lang"
      href={`/sprache/${other}?zurueck=${encodeURIComponent(ctx.path)}`}
      lang={other}
      hrefLang={other}
    >
      <span class="kern-label">{other === 'en' ? 'English' : 'Deutsch'}</span>
    </a>
  );
}
