import type { ViewContext } from '../../../kernel/views/context.ts';
import { Layout } from '../../../kernel/views/layout.tsx';
import type { LebenslageRow } from '../db/services.queries.ts';

/** Themenfelder and their Lebenslagen, each a link into the finder. */
export function LebenslagenPage({ ctx, rows }: { ctx: ViewContext; rows: LebenslageRow[] }) {
  const { t } = ctx;
  const groups = new Map<string, LebenslageRow[]>();
  for (const r of rows) groups.set(r.themenfeld, [...(groups.get(r.themenfeld) ?? []), r]);
  return (
    <Layout
      ctx={ctx}
      title={t('services.lebenslagen.title')}
      breadcrumbs={[
        { href: '/', label: t('services.breadcrumb.home') },
        { href: '/leistungen', label: t('services.finder.title') },
        { label: t('services.lebenslagen.title') },
      ]}
    >
      <h1 class="kern-heading-x-large">{t('services.lebenslagen.title')}</h1>
      <p class="kern-body">{t('services.lebenslagen.intro')}</p>
      {[...groups.entries()].map(([themenfeld, items], i) => (
        <section key={themenfeld} aria-labelledby={`tf-${i}`}>
          <h2 class="kern-heading-medium" id={`tf-${i}`}>
            <a class="kern-link" href={`/leistungen/themen/${encodeURIComponent(themenfeld)}`}>
              {themenfeld}
            </a>
          </h2>
          <ul class="kern-list">
            {items.map((r) => (
              <li key={r.lebenslage}>
                <a class="kern-link" href={`/leistungen?lebenslage=${encodeURIComponent(r.lebenslage)}`}>
                  {r.lebenslage}
                </a>{' '}
                <span class="ok-count">{t('services.lebenslagen.count', { count: String(r.count) })}</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Layout>
  );
}
