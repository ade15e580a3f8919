import type { Tenant } from '../../../kernel/tenants/index.ts';
import {
  ErrorSummary,
  Pagination,
  Select,
  TextField,
  type FieldErrors,
} from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import { Layout } from '../../../kernel/views/layout.tsx';
import type { FinderQuery, FinderResult } from '../queries/services.ts';

export interface FinderPageProps {
  ctx: ViewContext;
  query: FinderQuery;
  shown: Record<string, string>;
  errors: FieldErrors;
  towns: Tenant[];
  town: Tenant | undefined;
  result: FinderResult | null;
  /** Fixed Themenfeld of a topic page (/leistungen/themen/<themenfeld>). */
  topic?: string;
}

export function finderHref(base: string, q: FinderQuery, change: Partial<FinderQuery>): string {
  const next = { ...q, page: 1, ...change };
  const p = new URLSearchParams();
  if (next.q) p.set('q', next.q);
  if (next.themenfeld && !base.startsWith('/leistungen/themen/')) p.set('themenfeld', next.themenfeld);
  if (next.lebenslage) p.set('lebenslage', next.lebenslage);
  if (next.municipality) p.set('kommune', next.municipality);
  if (next.channel) p.set('zugang', next.channel);
  if (next.page > 1) p.set('seite', String(next.page));
  const s = p.toString();
  return s ? `${base}?${s}` : base;
}

function Facet({
  ctx,
  id,
  title,
  values,
  current,
  label,
  href,
}: {
  ctx: ViewContext;
  id: string;
  title: string;
  values: { value: string; count: number; label?: string }[];
  current: string | null;
  label: (v: string) => string;
  href: (v: string | null) => string;
}) {
  const { t } = ctx;
  if (values.length === 0 && !current) return null;
  return (
    <section class="ok-facet" aria-labelledby={`facet-${id}`}>
      <h3 class="kern-heading-small" id={`facet-${id}`}>
        {title}
      </h3>
      <ul class="kern-list">
        {current && (
          <li>
            <a class="kern-link" href={href(null)}>
              {t('services.finder.facet.remove', { value: label(current) })}
            </a>
          </li>
        )}
        {values.map((v) => (
          <li key={v.value}>
            {v.value === current ? (
              <strong aria-current="true">
                {v.label ?? label(v.value)} ({v.count})
              </strong>
            ) : (
              <a class="kern-link" href={href(v.value)}>
                {v.label ?? label(v.value)} <span class="ok-count">({v.count})</span>
              </a>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function FinderPage(p: FinderPageProps) {
  const { ctx, query, result, towns } = p;
  const { t } = ctx;
  const base = p.topic ? `/leistungen/themen/${encodeURIComponent(p.topic)}` : '/leistungen';
  const hasErrors = Object.keys(p.errors).length > 0;
  const title = p.topic ? t('services.topic.title', { topic: p.topic }) : t('services.finder.title');
  const channelLabel = (c: string) => t(`services.channel.${c}`);
  const pageCount = result ? Math.ceil(result.total / result.perPage) : 0;
  return (
    <Layout
      ctx={ctx}
      title={title}
      hasErrors={hasErrors}
      breadcrumbs={[
        { href: '/', label: t('services.breadcrumb.home') },
        ...(p.topic ? [{ href: '/leistungen', label: t('services.finder.title') }] : []),
        { label: title },
      ]}
    >
      <ErrorSummary ctx={ctx} errors={p.errors} />
      <h1 class="kern-heading-x-large">{title}</h1>
      <p class="kern-body">{t('services.finder.intro')}</p>
      {!p.topic && (
        <p class="kern-body">
          <a class="kern-link" href="/lebenslagen">
            {t('services.lebenslagen.link')}
          </a>
        </p>
      )}
      <form
        method="get"
        action={base}
        class="ok-form ok-services-search"
        role="search"
        aria-label={t('services.finder.formLabel')}
      >
        <TextField
          ctx={ctx}
          name="q"
          type="search"
          label={t('services.finder.q')}
          hint={t('services.finder.qHint')}
          value={p.shown.q ?? query.q}
          error={p.errors.q}
          maxLength={400}
          spellcheck={false}
        />
        <Select
          ctx={ctx}
          name="kommune"
          label={t('services.finder.town')}
          hint={t('services.finder.townHint')}
          options={towns.map((x) => ({ value: x.id, label: x.name }))}
          value={p.town?.id}
          placeholder={t('services.finder.townAll')}
          error={p.errors.kommune}
        />
        <TextField
          ctx={ctx}
          name="plz"
          label={t('services.finder.plz')}
          hint={t('services.finder.plzHint')}
          value={p.shown.plz ?? ''}
          error={p.errors.plz}
          inputmode="numeric"
          autocomplete="postal-code"
          width={4}
          maxLength={10}
        />
        {query.themenfeld && !p.topic && <input type="hidden" name="themenfeld" value={query.themenfeld} />}
        {query.lebenslage && <input type="hidden" name="lebenslage" value={query.lebenslage} />}
        {query.channel && <input type="hidden" name="zugang" value={query.channel} />}
        <button type="submit" class="kern-btn kern-btn--primary">
          <span class="kern-label">{t('services.finder.submit')}</span>
        </button>
      </form>
      {result && (
        <div class="ok-services-results">
          <aside class="ok-services-facets" aria-labelledby="facets-title">
            <h2 class="kern-heading-medium" id="facets-title">
              {t('services.finder.facets')}
            </h2>
            {!p.topic && (
              <Facet
                ctx={ctx}
                id="themenfeld"
                title={t('services.facet.themenfeld')}
                values={result.facets.themenfeld}
                current={query.themenfeld}
                label={(v) => v}
                href={(v) => finderHref(base, query, { themenfeld: v })}
              />
            )}
            <Facet
              ctx={ctx}
              id="lebenslage"
              title={t('services.facet.lebenslage')}
              values={result.facets.lebenslage.slice(0, 12)}
              current={query.lebenslage}
              label={(v) => v}
              href={(v) => finderHref(base, query, { lebenslage: v })}
            />
            <Facet
              ctx={ctx}
              id="kommune"
              title={t('services.facet.municipality')}
              values={result.facets.municipality}
              current={query.municipality}
              label={(v) => towns.find((x) => x.id === v)?.name ?? v}
              href={(v) => finderHref(base, query, { municipality: v })}
            />
            <Facet
              ctx={ctx}
              id="zugang"
              title={t('services.facet.channel')}
              values={result.facets.channel}
              current={query.channel}
              label={channelLabel}
              href={(v) => finderHref(base, query, { channel: v })}
            />
          </aside>
          <section class="ok-services-hits" aria-labelledby="hits-title">
            <h2 class="kern-heading-medium" id="hits-title">
              {result.total === 1
                ? t('services.finder.resultsOne')
                : t('services.finder.results', { count: String(result.total) })}
            </h2>
            {result.total === 0 && <p class="kern-body">{t('services.finder.none')}</p>}
            <ol class="ok-hit-list">
              {result.items.map((h) => (
                <li key={h.href} class="ok-hit">
                  <h3 class="kern-heading-small">
                    <a
                      class="kern-link"
                      href={
                        h.kind === 'local' && p.town
                          ? `${h.href}?kommune=${encodeURIComponent(p.town.id)}`
                          : h.href
                      }
                    >
                      {h.title}
                    </a>
                  </h3>
                  {h.summary && <p class="kern-body">{h.summary}</p>}
                  <p class="kern-body kern-body--small">
                    {h.kind === 'local'
                      ? t(`services.level.${h.level ?? 'kreis'}`)
                      : t('services.finder.catalogueEntry')}
                    {h.themenfeld ? ` · ${h.themenfeld}` : ''}
                    {h.leikaKey ? ` · LeiKa ${h.leikaKey}` : ''}
                    {h.channels.includes('online') ? ` · ${t('services.channel.online')}` : ''}
                  </p>
                </li>
              ))}
            </ol>
            <Pagination
              ctx={ctx}
              page={result.page}
              pageCount={pageCount}
              href={(n) => finderHref(base, query, { page: n })}
            />
          </section>
        </div>
      )}
    </Layout>
  );
}
