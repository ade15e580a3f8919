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
import { inTransaction } from '../../../kernel/db/database.ts';
import { IMPORT_JOB, type ImportJobData } from '../commands/import-job.ts';
import { importRun, importRuns, queueImportRun, type ImportRunRow } from '../db/import.queries.ts';
import { listBodies } from '../db/public.queries.ts';
import { canEditBody, councilOffice } from '../policies.ts';
import { fmtDateTime } from '../views/parts.tsx';

type Body = { id: string; name: string };
const PATH = '/verwaltung/ratsinfo/import';

function crumbs(ctx: ViewContext, title: string, run?: boolean) {
  return [
    { href: '/verwaltung', label: ctx.t('council.staff.dashboard') },
    { href: '/verwaltung/ratsinfo', label: ctx.t('council.staff.title') },
    ...(run ? [{ href: PATH, label: ctx.t('council.import.title') }] : []),
    { label: title },
  ];
}

function runResult(ctx: ViewContext, r: ImportRunRow): string {
  if (!r.finished_at) return ctx.t('council.import.pending');
  if (r.error) return `${ctx.t('council.import.error')}: ${r.error}`;
  return ctx.t('council.import.counts', {
    created: String(r.created_count),
    updated: String(r.updated_count),
    unchanged: String(r.unchanged_count),
    deleted: '–',
  });
}

function ImportPage({
  ctx,
  bodies,
  runs,
  values,
  errors,
}: {
  ctx: ViewContext;
  bodies: Body[];
  runs: ImportRunRow[];
  values: Record<string, string>;
  errors?: FieldErrors;
}) {
  const title = ctx.t('council.import.title');
  return (
    <Layout ctx={ctx} title={title} noindex hasErrors={!!errors} breadcrumbs={crumbs(ctx, title)}>
      {errors && <ErrorSummary ctx={ctx} errors={errors} />}
      <h1 class="kern-heading-x-large">{title}</h1>
      <p class="kern-body ok-prose">{ctx.t('council.import.lead')}</p>
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
          when: <a href={`${PATH}/${r.id}`}>{fmtDateTime(ctx, r.started_at)}</a>,
          body: r.body_id,
          source: r.source_url,
          result: runResult(ctx, r),
        }))}
      />
    </Layout>
  );
}

/** One run: waiting/running, or its counts and every repair and skip of the report. */
function RunPage({ ctx, run }: { ctx: ViewContext; run: ImportRunRow }) {
  const title = ctx.t('council.import.runTitle', { n: String(run.id) });
  const entries = (id: string, caption: string, list: ImportRunRow['repairs']) =>
    list.length ? (
      <Table
        id={id}
        caption={`${caption} (${list.length})`}
        columns={[
          { key: 'rule', label: ctx.t('council.import.rule') },
          { key: 'url', label: ctx.t('council.import.object') },
          { key: 'detail', label: ctx.t('council.import.detail') },
        ]}
        rows={list.map((e) => ({ rule: e.rule, url: e.url, detail: e.detail ?? '' }))}
      />
    ) : (
      <p class="kern-body">{ctx.t('council.import.none', { what: caption })}</p>
    );
  return (
    <Layout ctx={ctx} title={title} noindex breadcrumbs={crumbs(ctx, title, true)}>
      <h1 class="kern-heading-x-large">{title}</h1>
      <p class="kern-body">
        {run.body_id} · {run.source_url} · {fmtDateTime(ctx, run.started_at)}
      </p>
      {!run.finished_at ? (
        <Alert type="info" title={ctx.t('council.import.pending')} headingLevel={2}>
          <p class="kern-body">
            <a href={`${PATH}/${run.id}`}>{ctx.t('council.import.reload')}</a>
          </p>
        </Alert>
      ) : (
        <Alert
          type={run.error ? 'danger' : 'success'}
          title={
            run.error ? ctx.t('council.import.failed', { error: run.error }) : ctx.t('council.import.done')
          }
          headingLevel={2}
        >
          <p class="kern-body">{runResult(ctx, run)}</p>
        </Alert>
      )}
      {run.finished_at && entries('import-repairs', ctx.t('council.import.repairs'), run.repairs)}
      {run.finished_at && entries('import-skips', ctx.t('council.import.skips'), run.skips)}
      <p class="kern-body">
        <a href={PATH}>{ctx.t('council.import.back')}</a>
      </p>
    </Layout>
  );
}

export async function importRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const pool = kernel.db.pool;
  const editableBodies = async (p: Parameters<typeof canEditBody>[0]): Promise<Body[]> =>
    (await listBodies(pool)).filter((b) => canEditBody(p, String(b.id))) as Body[];
  const runsOf = async (bodies: Body[]) =>
    (await importRuns(pool)).filter((r) => bodies.some((b) => b.id === r.body_id));

  app.get(PATH, { config: { policy: councilOffice } }, async (req, reply) => {
    const bodies = await editableBodies(req.principal);
    return reply.html(
      <ImportPage ctx={reply.viewContext()} bodies={bodies} runs={await runsOf(bodies)} values={{}} />,
    );
  });

  app.get<{ Params: { id: string } }>(
    `${PATH}/:id`,
    { config: { policy: councilOffice } },
    async (req, reply) => {
      if (!/^\d{1,15}$/.test(req.params.id)) return reply.callNotFound();
      const run = await importRun(pool, Number(req.params.id));
      // another tenant's run is as absent as a missing one
      if (!run || !canEditBody(req.principal, run.body_id)) return reply.callNotFound();
      return reply.html(<RunPage ctx={reply.viewContext()} run={run} />);
    },
  );

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
      if (Object.keys(errors).length)
        return reply.html(
          <ImportPage
            ctx={ctx}
            bodies={bodies}
            runs={await runsOf(bodies)}
            values={values}
            errors={errors}
          />,
          422,
        );
      const runId = await inTransaction(pool, async (c) => {
        const id = await queueImportRun(c, {
          bodyId: values.koerperschaft,
          sourceUrl: values.url,
          at: kernel.clock.now(),
        });
        await kernel.jobs.send<ImportJobData>(
          IMPORT_JOB,
          { runId: id, bodyId: values.koerperschaft, url: values.url, full: values.vollstaendig === 'ja' },
          { trx: c },
        );
        await kernel.audit.record(
          {
            actorId: req.principal!.accountId,
            action: 'council.import.queued',
            objectType: 'council.import_run',
            objectId: String(id),
            tenantId: values.koerperschaft,
            after: { url: values.url, full: values.vollstaendig === 'ja' },
            requestId: req.id,
          },
          c,
        );
        return id;
      });
      return reply.redirect(`${PATH}/${runId}`, 303);
    },
  );
}
