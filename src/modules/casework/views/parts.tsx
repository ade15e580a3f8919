import { Badge } from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import type { CaseView, DocumentView, EntryView } from '../presenters/case.ts';

export function StatusBadge({ c }: { c: Pick<CaseView, 'statusLabel' | 'statusTone'> }) {
  return <Badge tone={c.statusTone} label={c.statusLabel} small />;
}

/** The history of a case as an ordered list, oldest first. */
export function Timeline({ ctx, entries, id }: { ctx: ViewContext; entries: EntryView[]; id: string }) {
  if (!entries.length) return <p class="kern-body">{ctx.t('casework.timeline.empty')}</p>;
  return (
    <ol class="kern-list ok-casework-timeline" id={id}>
      {entries.map((e) => (
        <li key={e.id} class="kern-body">
          <strong>{e.at}</strong> – {e.title}
          {e.actor && <> ({e.actor})</>}
          {e.internal && <> [{ctx.t('casework.internal')}]</>}
          {e.text && <p class="kern-body ok-casework-pre">{e.text}</p>}
        </li>
      ))}
    </ol>
  );
}

export function DocumentList({
  ctx,
  docs,
  href,
  id,
}: {
  ctx: ViewContext;
  docs: DocumentView[];
  href: (d: DocumentView) => string;
  id: string;
}) {
  if (!docs.length) return <p class="kern-body">{ctx.t('casework.documents.none')}</p>;
  return (
    <ul class="kern-list" id={id}>
      {docs.map((d) => (
        <li key={d.id}>
          <a class="kern-link" href={href(d)}>
            {d.filename}
          </a>{' '}
          <span class="kern-body">
            ({d.kindLabel}, {d.size}, {d.date})
          </span>
        </li>
      ))}
    </ul>
  );
}
