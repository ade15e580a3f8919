import { SummaryList } from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import { Layout } from '../../../kernel/views/layout.tsx';
import type { CatalogueRow } from '../db/services.queries.ts';

/** A LeiKa catalogue entry without a local service page. */
export function CataloguePage({ ctx, entry }: { ctx: ViewContext; entry: CatalogueRow }) {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={entry.title}
      breadcrumbs={[
        { href: '/', label: t('services.breadcrumb.home') },
        { href: '/leistungen', label: t('services.finder.title') },
        { label: entry.title },
      ]}
    >
      <h1 class="kern-heading-x-large">{entry.title}</h1>
      <p class="kern-body">{t('services.catalogue.intro')}</p>
      <SummaryList
        ctx={ctx}
        rows={[
          { key: t('services.page.leika'), value: entry.leika_key ?? t('services.catalogue.noLeika') },
          ...(entry.ozg_id
            ? [{ key: t('services.page.ozg'), value: `${entry.ozg_id} – ${entry.ozg_title ?? ''}` }]
            : []),
          ...(entry.themenfeld ? [{ key: t('services.facet.themenfeld'), value: entry.themenfeld }] : []),
          ...(entry.lebenslage ? [{ key: t('services.facet.lebenslage'), value: entry.lebenslage }] : []),
          ...(entry.legal_basis ? [{ key: t('services.page.legalBasis'), value: entry.legal_basis }] : []),
        ]}
      />
      <p class="kern-body">
        <a class="kern-link" href="/leistungen/allgemeine-anfrage">
          {t('services.catalogue.ask')}
        </a>
      </p>
    </Layout>
  );
}
