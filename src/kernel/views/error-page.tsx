import type { ViewContext } from './context.ts';
import { Layout } from './layout.tsx';

const KNOWN = new Set([400, 403, 404, 405, 413, 415, 422, 429, 500, 503]);

export function ErrorPage({
  ctx,
  status,
  requestId,
  retryAfter,
}: {
  ctx: ViewContext;
  status: number;
  requestId: string;
  retryAfter?: number;
}) {
  const code = KNOWN.has(status) ? status : status >= 500 ? 500 : 400;
  const title = ctx.t(`error.${code}.title`);
  return (
    <Layout ctx={ctx} title={title} noindex>
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">{ctx.t(`error.${code}.text`, { seconds: retryAfter ?? 60 })}</p>
      {code >= 500 && <p class="kern-body kern-body--small">{ctx.t('error.reference', { id: requestId })}</p>}
      <p>
        <a class="kern-link" href="/">
          {ctx.t('error.back')}
        </a>
      </p>
    </Layout>
  );
}
