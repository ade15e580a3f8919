import type { Tenant } from '../../tenants/index.ts';
import { ErrorSummary, fieldId, SubmitButton, TextField, type FieldErrors } from '../../views/components.tsx';
import type { ViewContext } from '../../views/context.ts';
import { Layout } from '../../views/layout.tsx';
import type { SearchHit } from '../types.ts';
import { Pagination } from '../../views/pagination.tsx';

export interface SearchPageProps {
  ctx: ViewContext;
  /** What the user typed (shown back in the field, also when it was refused). */
  q: string;
  tenantId: string;
  tenants: Tenant[];
  errors: FieldErrors;
  /** null when no search ran (empty form or errors). */
  result: { total: number; hits: SearchHit[]; page: number; pageSize: number } | null;
  sourceLabels: Record<string, string>;
}

export function searchHref(q: string, tenantId: string, page: number): string {
  const params = new URLSearchParams({ q });
  if (tenantId) params.set('kommune', tenantId);
  if (page > 1) params.set('seite', String(page));
  return `/suche?${params.toString()}`;
}

function TenantSelect({
  ctx,
  tenants,
  value,
  error,
}: {
  ctx: ViewContext;
  tenants: Tenant[];
  value: string;
  error?: string;
}) {
  const id = fieldId('kommune');
  return (
    <div class={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label class="kern-label" for={id}>
        {ctx.t('search.field.tenant')}
        <span class="kern-label__optional"> {ctx.t('form.optional')}</span>
      </label>
      {error && (
        <p class="kern-error" id={`${id}-error`}>
          <span class="kern-icon kern-icon--danger kern-icon--md" aria-hidden="true" />
          <span class="kern-body">{error}</span>
        </p>
      )}
      <div class="kern-form-input__select-wrapper">
        <select
          class={`kern-form-input__select${error ? ' kern-form-input__select--error' : ''}`}
          id={id}
          name="kommune"
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        >
          <option value="">{ctx.t('search.field.tenant.all')}</option>
          {tenants.map((t) => (
            <option key={t.id} value={t.id} selected={t.id === value}>
              {t.name}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

function Hit({
  ctx,
  hit,
  tenantName,
  sourceLabel,
}: {
  ctx: ViewContext;
  hit: SearchHit;
  tenantName?: string;
  sourceLabel?: string;
}) {
  const meta = [sourceLabel, tenantName].filter(Boolean).join(' · ');
  return (
    <li class="ok-search-hit">
      <h3 class="kern-heading-small">
        <a class="kern-link" href={hit.url} lang={hit.lang === ctx.lang ? undefined : hit.lang}>
          {hit.title}
        </a>
      </h3>
      {(meta || hit.visibility === 'staff') && (
        <p class="kern-body kern-body--small kern-body--muted">
          {meta}
          {hit.visibility === 'staff' && (
            <span class="kern-badge kern-badge--info kern-badge--small"> {ctx.t('search.hit.staff')}</span>
          )}
        </p>
      )}
      {/* The snippet is built from escaped text with <mark> added by buildSnippet (never raw input). */}
      {hit.snippet && (
        <p
          class="kern-body"
          lang={hit.lang === ctx.lang ? undefined : hit.lang}
          dangerouslySetInnerHTML={{ __html: hit.snippet }}
        />
      )}
    </li>
  );
}

function NoResults({ ctx, q, tenantFiltered }: { ctx: ViewContext; q: string; tenantFiltered: boolean }) {
  const { t } = ctx;
  return (
    <>
      <h2 class="kern-heading-medium">{t('search.none.tips')}</h2>
      <ul class="kern-list kern-list--bullet">
        <li>{t('search.none.tip.spelling')}</li>
        <li>{t('search.none.tip.general')}</li>
        {tenantFiltered && (
          <li>
            <a class="kern-link" href={searchHref(q, '', 1)}>
              {t('search.none.tip.tenant')}
            </a>
          </li>
        )}
      </ul>
    </>
  );
}

export function SearchPage({ ctx, q, tenantId, tenants, errors, result, sourceLabels }: SearchPageProps) {
  const { t } = ctx;
  const tenantName = (id: string | null) => (id ? tenants.find((x) => x.id === id)?.name : undefined);
  const hasErrors = Object.keys(errors).length > 0;
  const pages = result ? Math.max(1, Math.ceil(result.total / result.pageSize)) : 0;
  const title = result ? t('search.title.query', { q }) : t('search.title');
  let status = '';
  if (result) {
    status =
      result.total === 1
        ? t('search.count.one', { q })
        : result.total > 1
          ? t('search.count.other', { q, count: result.total })
          : t('search.none', { q });
    const tn = tenantName(tenantId);
    if (tn && result.total > 0) status += ` ${t('search.count.inTenant', { tenant: tn })}`;
  }
  const from = result ? (result.page - 1) * result.pageSize + 1 : 0;
  return (
    <Layout
      ctx={ctx}
      title={hasErrors ? `${t('error.422.title')}: ${t('search.title')}` : title}
      noindex={!!result}
    >
      <h1 class="kern-heading-x-large">{t('search.title')}</h1>
      <ErrorSummary ctx={ctx} errors={errors} />
      <p class="kern-body kern-body--large">{t('search.lead')}</p>
      <form method="get" action="/suche" role="search" class="ok-stack" noValidate>
        <TextField
          ctx={ctx}
          name="q"
          type="search"
          label={t('search.field.q')}
          hint={t('search.field.q.hint')}
          value={q}
          error={errors.q}
          required
        />
        <TenantSelect ctx={ctx} tenants={tenants} value={tenantId} error={errors.kommune} />
        <SubmitButton label={t('search.submit')} />
      </form>
      {result && (
        <section aria-labelledby="search-results-heading" class="ok-stack">
          <h2 class="kern-heading-medium" id="search-results-heading">
            {t('search.results')}
          </h2>
          <p class="kern-body" role="status" id="search-status">
            {status}
          </p>
          {result.total === 0 && <NoResults ctx={ctx} q={q} tenantFiltered={!!tenantId} />}
          {result.total > 0 && result.hits.length === 0 && (
            <p class="kern-body">
              {t('search.pageEmpty')}{' '}
              <a class="kern-link" href={searchHref(q, tenantId, 1)}>
                {t('search.firstPage')}
              </a>
            </p>
          )}
          {result.hits.length > 0 && (
            <>
              {pages > 1 && (
                <p class="kern-body kern-body--small">
                  {t('search.range', { from, to: from + result.hits.length - 1 })}
                </p>
              )}
              <ol class="kern-list ok-search-results" start={from}>
                {result.hits.map((h) => (
                  <Hit
                    key={`${h.source}/${h.id}`}
                    ctx={ctx}
                    hit={h}
                    tenantName={tenantName(h.tenantId)}
                    sourceLabel={sourceLabels[h.source]}
                  />
                ))}
              </ol>
            </>
          )}
          <Pagination
            ctx={ctx}
            page={result.page}
            pageCount={pages}
            href={(p) => searchHref(q, tenantId, p)}
          />
        </section>
      )}
    </Layout>
  );
}
