/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- council rows are untyped SQL results. */
import type { FastifyInstance } from 'fastify';
import type { Kernel } from '../../../kernel/kernel.ts';
import {
  ErrorSummary,
  Form,
  Select,
  SubmitButton,
  Table,
  TextField,
  Checkbox,
  Alert,
  type FieldErrors,
} from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import { Layout } from '../../../kernel/views/layout.tsx';
import { importOParl, type ImportReport } from '../commands/import.ts';
import { importRuns } from '../db/import.queries.ts';
import { listBodies } from '../db/public.queries.ts';
import { canEditBody, councilOffice } from '../policies.ts';
import { fmtDateTime } from '../views/parts.tsx';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const PATH = '/verwaltung/ratsinfo/import';

function ImportPage({
  ctx,
  bodies,
  runs,
  values,
  errors,
  report,
}: {
  ctx: ViewContext;
  bodies: Row[];
  runs: Row[];
  values: Record<string, string>;
  errors?: FieldErrors;
  report?: ImportReport;
}) {
  const title = ctx.t('council.import.title');
  const rules = new Map<string, number>();
  for (const x of [...(report?.repairs ?? []), ...(report?.skips ?? [])])
    rules.set(x.rule, (rules.get(x.rule) ?? 0) + 1);
  return (
    <Layout
      ctx={ctx}
      title={title}
      noindex
      hasErrors={!!errors}
      breadcrumbs={[
        { href: '/verwaltung', label: ctx.t('council.staff.dashboard') },
        { href: '/verwaltung/ratsinfo', label: ctx.t('council.staff.title') },
        { label: title },
      ]}
    >
      {errors && <ErrorSummary ctx={ctx} errors={errors} />}
      <h1 class="kern-heading-x-large">{title}</h1>
      <p class="kern-body ok-prose">{ctx.t('council.import.lead')}</p>
      {report && (
        <Alert
          type={report.error ? 'danger' : 'success'}
          title={
            report.error
              ? ctx.t('council.import.failed', { error: report.error })
              : ctx.t('council.import.done')
          }
          headingLevel={2}
        >
          <p class="kern-body">
            {ctx.t('council.import.counts', {
              created: String(report.created),
              updated: String(report.updated),
              unchanged: String(report.unchanged),
              deleted: String(report.deleted),
            })}
          </p>
          <ul class="kern-list">
            {[...rules].map(([rule, n]) => (
              <li key={rule}>
                {rule}: {n}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      <Form ctx={ctx} action={PATH}>
        <Select
          ctx={ctx}
          name="koerperschaft"
          label={ctx.t('council.search.body')}
          value={values.koerperschaft}
          error={errors?.koerperschaft}
          required
          options={[
            { value: '', label: ctx.t('council.staff.choose') },
            ...bodies.map((b) => ({ value: b.id, label: b.name })),
          ]}
        />
        <TextField
          ctx={ctx}
          name="url"
          type="url"
          label={ctx.t('council.import.url')}
          hint={ctx.t('council.import.urlHint')}
          value={values.url}
          error={errors?.url}
          required
          maxLength={2000}
        />
        <Checkbox
          ctx={ctx}
          name="vollstaendig"
          value="ja"
          checked={values.vollstaendig === 'ja'}
          label={ctx.t('council.import.full')}
        />
        <SubmitButton label={ctx.t('council.import.start')} />
      </Form>
      <Table
        id="import-runs"
        caption={ctx.t('council.import.runs')}
        columns={[
          { key: 'when', label: ctx.t('council.meeting.when') },
          { key: 'body', label: ctx.t('council.search.body') },
          { key: 'source', label: ctx.t('council.import.url') },
          { key: 'result', label: ctx.t('council.agenda.result') },
        ]}
        rowHeader="when"
        rows={runs.map((r) => ({
          when: fmtDateTime(ctx, r.started_at),
          body: r.body_id,
          source: r.source_url,
          result: r.error
            ? `${ctx.t('council.import.error')}: ${r.error}`
            : ctx.t('council.import.counts', {
                created: String(r.created_count),
                updated: String(r.updated_count),
                unchanged: String(r.unchanged_count),
                deleted: '–',
              }),
        }))}
      />
    </Layout>
  );
}

export async function importRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const pool = kernel.db.pool;
  const editableBodies = async (p: Parameters<typeof canEditBody>[0]) =>
    (await listBodies(pool)).filter((b) => canEditBody(p, b.id));

  app.get(PATH, { config: { policy: councilOffice } }, async (req, reply) => {
    const bodies = await editableBodies(req.principal);
    const runs = (await importRuns(pool)).filter((r) => bodies.some((b) => b.id === r.body_id));
    return reply.html(<ImportPage ctx={reply.viewContext()} bodies={bodies} runs={runs} values={{}} />);
  });

  app.post<{ Body: Record<string, string | string[] | undefined> }>(
    PATH,
    { config: { policy: councilOffice } },
    async (req, reply) => {
      const ctx = reply.viewContext();
      const bodies = await editableBodies(req.principal);
      const f = (k: string) => (typeof req.body[k] === 'string' ? req.body[k].trim() : '');
      const values = { koerperschaft: f('koerperschaft'), url: f('url'), vollstaendig: f('vollstaendig') };
      const errors: FieldErrors = {};
      if (!bodies.some((b) => b.id === values.koerperschaft))
        errors.koerperschaft = ctx.t('council.search.body.invalid');
      const ok =
        URL.canParse(values.url) &&
        /^https?:$/.test(new URL(values.url).protocol) &&
        values.url.length <= 2000;
      if (!ok) errors.url = ctx.t('council.import.urlInvalid');
      const runs = async () => (await importRuns(pool)).filter((r) => bodies.some((b) => b.id === r.body_id));
      if (Object.keys(errors).length)
        return reply.html(
          <ImportPage ctx={ctx} bodies={bodies} runs={await runs()} values={values} errors={errors} />,
          422,
        );
      const report = await importOParl(kernel, {
        bodyId: values.koerperschaft,
        url: values.url,
        full: values.vollstaendig === 'ja',
      });
      return reply.html(
        <ImportPage ctx={ctx} bodies={bodies} runs={await runs()} values={values} report={report} />,
      );
    },
  );
}
