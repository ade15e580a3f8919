import type { ViewContext } from '../../views/context.ts';

/** Page links around the current page: 1 … 4 5 [6] 7 8 … 20. */
export function pageWindow(page: number, pages: number): (number | null)[] {
  const out: (number | null)[] = [];
  for (let p = 1; p <= pages; p++) {
    if (p === 1 || p === pages || Math.abs(p - page) <= 2) out.push(p);
    else if (out[out.length - 1] !== null) out.push(null);
  }
  return out;
}

export function Pagination({ ctx, page, pages, href }: { ctx: ViewContext; page: number; pages: number; href: (page: number) => string }) {
  const { t } = ctx;
  if (pages <= 1) return null;
  return (
    <nav class="ok-pagination" aria-label={t('pagination.label')}>
      <ul class="kern-list kern-list--horizontal">
        {page > 1 && (
          <li>
            <a class="kern-link" href={href(page - 1)} rel="prev">
              <span class="kern-icon kern-icon--chevron-left" aria-hidden="true" />
              {t('pagination.previous')}
            </a>
          </li>
        )}
        {pageWindow(page, pages).map((p, i) =>
          p === null ? (
            <li key={`gap-${i}`} aria-hidden="true">
              …
            </li>
          ) : p === page ? (
            <li key={p}>
              <a class="kern-link" href={href(p)} aria-current="page" aria-label={t('pagination.current', { page: p })}>
                <strong>{p}</strong>
              </a>
            </li>
          ) : (
            <li key={p}>
              <a class="kern-link" href={href(p)} aria-label={t('pagination.page', { page: p })}>
                {p}
              </a>
            </li>
          ),
        )}
        {page < pages && (
          <li>
            <a class="kern-link" href={href(page + 1)} rel="next">
              {t('pagination.next')}
              <span class="kern-icon kern-icon--chevron-right" aria-hidden="true" />
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}
