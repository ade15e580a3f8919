import type { ComponentChildren } from 'preact';
import type { ViewContext } from './context.ts';

export interface SummaryRow {
  key: string;
  value: ComponentChildren;
  /** "Ändern" link back to the question (check-your-answers). */
  changeHref?: string;
}

/** Key/value list (KERN description list); with change links it is the check-your-answers list. */
export function SummaryList({ ctx, rows, id }: { ctx: ViewContext; rows: SummaryRow[]; id?: string }) {
  return (
    <dl class="kern-description-list ok-summary-list" id={id}>
      {rows.map((r) => (
        <div class="kern-description-list-item" key={r.key}>
          <dt class="kern-description-list-item__key">{r.key}</dt>
          <dd class="kern-description-list-item__value">
            {r.value === '' || r.value === null || r.value === undefined ? ctx.t('summary.empty') : r.value}
          </dd>
          {r.changeHref && (
            <dd class="ok-summary-list__action">
              <a class="kern-link" href={r.changeHref}>
                {ctx.t('summary.change')}
                <span class="kern-sr-only"> {r.key}</span>
              </a>
            </dd>
          )}
        </div>
      ))}
    </dl>
  );
}

/** A titled card around a summary list (KERN summary), e.g. one block per step. */
export function SummaryCard({
  title,
  headingLevel,
  children,
}: {
  title: string;
  headingLevel?: 2 | 3;
  children: ComponentChildren;
}) {
  const H = headingLevel === 3 ? 'h3' : 'h2';
  return (
    <section class="kern-summary">
      <div class="kern-summary__header">
        <H class="kern-title kern-title--large">{title}</H>
      </div>
      <div class="kern-summary__body">{children}</div>
    </section>
  );
}
