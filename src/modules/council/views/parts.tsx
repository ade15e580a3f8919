import { dateTimeFormat, formatNumber, PLATFORM_TIME_ZONE } from '../../../kernel/i18n/format.ts';
import { Badge } from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';

/** What a file link needs of a council.file row. */
export interface FileRow {
  id: number | string;
  name: string;
  mime_type: string;
  size: number | string | null;
  public: boolean;
  storage_id: string | null;
  source_url: string | null;
}

export function fmtDateTime(ctx: ViewContext, d: Date): string {
  return dateTimeFormat(ctx.lang, {
    weekday: 'short',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: PLATFORM_TIME_ZONE,
  }).format(d);
}

export function fmtDate(ctx: ViewContext, iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(`${iso.slice(0, 10)}T12:00:00Z`);
  return dateTimeFormat(ctx.lang, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(d);
}

export function fmtTime(ctx: ViewContext, d: Date): string {
  return dateTimeFormat(ctx.lang, {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: PLATFORM_TIME_ZONE,
  }).format(d);
}

export function formatSize(ctx: ViewContext, bytes: number | string | null | undefined): string {
  if (bytes === null || bytes === undefined) return '';
  const n = Number(bytes);
  if (n < 1024) return `${formatNumber(ctx.lang, n)} B`;
  if (n < 1024 * 1024) return `${formatNumber(ctx.lang, Math.round(n / 1024))} KB`;
  return `${formatNumber(ctx.lang, Math.round((n / 1024 / 1024) * 10) / 10)} MB`;
}

function typeLabel(mime: string): string {
  if (mime === 'application/pdf') return 'PDF';
  const sub = mime.split('/')[1] ?? mime;
  return sub.toUpperCase();
}

/** A file link that says what it is: name, type and size (accessible link text). */
export function FileLink({ ctx, bodyId, file }: { ctx: ViewContext; bodyId: string; file: FileRow }) {
  const href = file.storage_id ? `/ratsinfo/${bodyId}/dateien/${file.id}` : (file.source_url ?? undefined);
  const meta = [typeLabel(file.mime_type), formatSize(ctx, file.size)].filter(Boolean).join(', ');
  return (
    <a class="kern-link" href={href} type={file.mime_type}>
      <span class="kern-icon kern-icon--download" aria-hidden="true" /> {file.name} ({meta})
      {!file.public && (
        <>
          {' '}
          <NonPublic ctx={ctx} />
        </>
      )}
    </a>
  );
}

export function NonPublic({ ctx }: { ctx: ViewContext }) {
  return <Badge tone="warning" label={ctx.t('council.nonPublic')} small />;
}

export function Cancelled({ ctx }: { ctx: ViewContext }) {
  return <Badge tone="danger" label={ctx.t('council.meeting.cancelled')} small />;
}
