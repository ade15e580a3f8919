import type { ViewContext } from './context.ts';

/** Page numbers to show: first, last, and the current one with its neighbours; null is a gap. */
export function pageWindow(page: number, pageCount: number): (number | null)[] {
  const keep = new Set([1, pageCount, page - 1, page, page + 1].filter((n) => n >= 1 && n <= pageCount));
  const sorted = [...keep].sort((a, b) => a - b);
  const out: (number | null)[] = [];
  for (const n of sorted) {
    const prev = out[out.length - 1];
    if (typeof prev === 'number' && n - prev > 1) out.push(n - prev === 2 ? n - 1 : null);
    out.push(n);
  }
  return out;
}

export function Pagination({
  ctx,
  page,
  pageCount,
  href,
}: {
  ctx: ViewContext;
  page: number;
  pageCount: number;
  href: (page: number) => string;
}) {
  const { t } = ctx;
  if (pageCount <= 1) return null;
  const current = Math.min(Math.max(1, page), pageCount);
  return (
    <nav class="ok-pagination" aria-label={t('pagination.label')}>
      <ul class="ok-pagination__list">
        {current > 1 && (
          <li class="ok-pagination__prev">
            <a class="kern-link" href={href(current - 1)} rel="prev">
              <span class="kern-icon kern-icon--arrow-back" aria-hidden="true" />
              {t('pagination.previous')}
            </a>
          </li>
        )}
        {pageWindow(current, pageCount).map((n, i) =>
          n === null ? (
            <li key={`gap-${i}`} class="ok-pagination__gap" aria-hidden="true">
              …
            </li>
          ) : (
            <li key={n}>
              {n === current ? (
                <a
                  class="kern-link ok-pagination__current"
                  href={href(n)}
                  aria-current="page"
                  aria-label={t('pagination.current', { page: n })}
                >
                  {n}
                </a>
              ) : (
                <a class="kern-link" href={href(n)} aria-label={t('pagination.page', { page: n })}>
                  {n}
                </a>
              )}
            </li>
          ),
        )}
        {current < pageCount && (
          <li class="ok-pagination__next">
            <a class="kern-link" href={href(current + 1)} rel="next">
              {t('pagination.next')}
              <span class="kern-icon kern-icon--arrow-forward" aria-hidden="true" />
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}
