/** Editor area /verwaltung/opendata: own datasets, publish with upload, edit, bulk CSV import, API tokens. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { parse } from 'csv-parse/sync';
import { FileRejectedError, fileErrorMessage, saveUpload } from '../../../kernel/files/index.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import type { FieldErrors } from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import {
  addResource,
  changeResource,
  createDataset,
  toRaw,
  updateDatasetMeta,
} from '../commands/datasets.ts';
import { createApiToken } from '../commands/tokens.ts';
import { slugify, validateDataset, type DatasetErrors, type RawDataset } from '../commands/validate.ts';
import { findDataset, listRevisions, loadDatasets } from '../db/datasets.queries.ts';
import { listTokens, revokeToken } from '../db/tokens.queries.ts';
import { decode, detectDelimiter } from '../lib/csv-preview.ts';
import { assessQuality } from '../lib/quality.ts';
import { FORMATS, formatFromName } from '../lib/vocab.ts';
import { anyEditor, canEditTenant, editableTenants } from '../policies.ts';
import { DatasetForm, EditorHome, ImportPage, TokensPage } from '../views/editor.tsx';

// Form bodies hold strings or arrays of strings (urlencoded and multipart parsers).
const list = (v: unknown): string[] =>
  v === undefined ? [] : Array.isArray(v) ? (v as string[]) : [v as string];
const one = (v: unknown): string =>
  Array.isArray(v) ? ((v[0] as string | undefined) ?? '') : typeof v === 'string' ? v : '';

function rawFromForm(body: Record<string, unknown>): RawDataset {
  const title = one(body.title).trim();
  return {
    name: one(body.name).trim() || slugify(title),
    title,
    notes: one(body.notes),
    owner_org: one(body.owner_org),
    org_unit: one(body.org_unit),
    tags: one(body.tags)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    groups: list(body.groups),
    temporal_start: one(body.temporal_start),
    temporal_end: one(body.temporal_end),
    frequency: one(body.frequency),
    license_id: one(body.license_id),
    attribution: one(body.attribution),
    maintainer: one(body.maintainer),
    maintainer_email: one(body.maintainer_email),
    url: one(body.url),
  };
}

const translate = (ctx: ViewContext, e: DatasetErrors): FieldErrors =>
  Object.fromEntries(Object.entries(e).map(([k, v]) => [k, ctx.t(`open-data.error.${v}`)]));

export async function editorRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const policy = anyEditor;

  async function scope(req: FastifyRequest) {
    const allowed = editableTenants(req.principal);
    const all = await kernel.tenants.list();
    const tenants = allowed === 'all' ? all : all.filter((t) => allowed.includes(t.id));
    const units = (await kernel.tenants.orgUnits()).filter((u) => tenants.some((t) => t.id === u.tenantId));
    return { tenants, units };
  }

  app.get('/verwaltung/opendata', { config: { policy } }, async (req, reply) => {
    const { tenants } = await scope(req);
    const { rows } = await kernel.db.pool.query<{ id: string }>(
      `select id from open_data.datasets where state = 'active' and platform_key is null and tenant_id = any($1) order by modified_at desc limit 500`,
      [tenants.map((t) => t.id)],
    );
    const ds = await loadDatasets(
      kernel.db.pool,
      rows.map((r) => r.id),
    );
    return reply.html(
      <EditorHome
        ctx={reply.viewContext()}
        datasets={ds}
        tenants={new Map(tenants.map((t) => [t.id, t.name]))}
      />,
    );
  });

  app.get('/verwaltung/opendata/neu', { config: { policy } }, async (req, reply) => {
    const ctx = reply.viewContext();
    const { tenants, units } = await scope(req);
    return reply.html(
      <DatasetForm
        ctx={ctx}
        action="/verwaltung/opendata/neu"
        values={{ owner_org: tenants.length === 1 ? tenants[0]!.id : '', license_id: 'dl-by-de/2.0' }}
        errors={{}}
        tenants={tenants}
        units={units}
        isNew
        title={ctx.t('open-data.editor.new')}
      />,
    );
  });

  app.post('/verwaltung/opendata/neu', { config: { policy } }, async (req, reply) => {
    const ctx = reply.viewContext();
    const { tenants, units } = await scope(req);
    const render = (values: RawDataset, errors: FieldErrors) =>
      reply.html(
        <DatasetForm
          ctx={ctx}
          action="/verwaltung/opendata/neu"
          values={values}
          errors={errors}
          tenants={tenants}
          units={units}
          isNew
          title={ctx.t('open-data.editor.new')}
        />,
        422,
      );
    let upload;
    try {
      upload = await saveUpload(req, kernel.files, { fileFields: ['datei'], maxFiles: 1 });
    } catch (err) {
      if (err instanceof FileRejectedError)
        return render({}, { datei: fileErrorMessage(ctx.t, ctx.lang, err) });
      throw err;
    }
    const raw = rawFromForm(upload.fields);
    const file = upload.files.datei?.[0];
    const v = await validateDataset(kernel.tenants, raw);
    if (!v.ok || !canEditTenant(req.principal, raw.owner_org ?? '')) {
      if (file) await kernel.files.delete(file.id);
      const errors = v.ok ? { owner_org: 'unknownOrg' } : v.errors;
      return render(raw, translate(ctx, errors));
    }
    const res = await createDataset(kernel, { principal: req.principal, requestId: req.id }, raw);
    if (!res.ok) {
      if (file) await kernel.files.delete(file.id);
      return render(
        raw,
        res.reason === 'invalid'
          ? translate(ctx, res.errors)
          : { owner_org: ctx.t('open-data.error.unknownOrg') },
      );
    }
    if (file) {
      const format = formatFromName(file.originalName ?? '') ?? '';
      await addResource(kernel, { principal: req.principal, requestId: req.id }, res.value.id, {
        name: file.originalName ?? 'Datei',
        description: '',
        url: null,
        fileId: file.id,
        format,
        mediaType: file.mediaType || FORMATS[format]?.mediaType || null,
        byteSize: file.size,
        checksum: file.sha256,
      });
    }
    return reply.redirect(`/verwaltung/opendata/datensatz/${res.value.name}?gespeichert=1`, 303);
  });

  const nameParams = Type.Object({ name: Type.String({ maxLength: 120 }) });
  async function editPage(
    req: FastifyRequest,
    ctx: ViewContext,
    name: string,
    values?: RawDataset,
    errors: FieldErrors = {},
    resourceErrors?: FieldErrors,
  ) {
    const d = await findDataset(kernel.db.pool, name);
    if (!d || d.platformKey || !canEditTenant(req.principal, d.tenantId)) return null;
    const { tenants, units } = await scope(req);
    return (
      <DatasetForm
        ctx={ctx}
        action={`/verwaltung/opendata/datensatz/${d.name}`}
        values={values ?? toRaw(d)}
        errors={errors}
        tenants={tenants}
        units={units}
        isNew={false}
        title={ctx.t('open-data.editor.edit', { title: d.title })}
        quality={assessQuality(d)}
        revisions={await listRevisions(kernel.db.pool, d.id)}
        d={d}
        resourceErrors={resourceErrors}
      />
    );
  }

  app.get<{ Params: { name: string } }>(
    '/verwaltung/opendata/datensatz/:name',
    { config: { policy }, schema: { params: nameParams } },
    async (req, reply) => {
      const page = await editPage(req, reply.viewContext(), req.params.name);
      return page ? reply.html(page) : reply.callNotFound();
    },
  );

  app.post<{ Params: { name: string } }>(
    '/verwaltung/opendata/datensatz/:name',
    { config: { policy }, schema: { params: nameParams } },
    async (req, reply) => {
      const ctx = reply.viewContext();
      const raw = rawFromForm((req.body ?? {}) as Record<string, unknown>);
      const res = await updateDatasetMeta(
        kernel,
        { principal: req.principal, requestId: req.id },
        req.params.name,
        raw,
      );
      if (res.ok)
        return reply.redirect(`/verwaltung/opendata/datensatz/${res.value.name}?gespeichert=1`, 303);
      if (res.reason !== 'invalid') return reply.callNotFound();
      const page = await editPage(req, ctx, req.params.name, raw, translate(ctx, res.errors));
      return page ? reply.html(page, 422) : reply.callNotFound();
    },
  );

  // Resources of an existing dataset: add (upload or external URL) and delete.
  app.post<{ Params: { name: string } }>(
    '/verwaltung/opendata/datensatz/:name/ressource',
    { config: { policy }, schema: { params: nameParams } },
    async (req, reply) => {
      const ctx = reply.viewContext();
      const d = await findDataset(kernel.db.pool, req.params.name);
      if (!d || d.platformKey || !canEditTenant(req.principal, d.tenantId)) return reply.callNotFound();
      let upload;
      try {
        upload = await saveUpload(req, kernel.files, {
          fileFields: ['datei'],
          maxFiles: 1,
          tenantId: d.tenantId,
        });
      } catch (err) {
        if (!(err instanceof FileRejectedError)) throw err;
        const page = await editPage(
          req,
          ctx,
          d.name,
          undefined,
          {},
          { datei: fileErrorMessage(ctx.t, ctx.lang, err) },
        );
        return page ? reply.html(page, 422) : reply.callNotFound();
      }
      const file = upload.files.datei?.[0];
      const url = one(upload.fields.res_url).trim();
      const label = one(upload.fields.res_name)
        .replace(/[\u0000-\u001f]/g, ' ')
        .trim();
      if (!file && !/^https?:\/\/[^\s\u0000-\u001f]+$/.test(url)) {
        const page = await editPage(
          req,
          ctx,
          d.name,
          undefined,
          {},
          {
            res_url: ctx.t(url ? 'open-data.error.url' : 'open-data.error.resourceUrl'),
          },
        );
        return page ? reply.html(page, 422) : reply.callNotFound();
      }
      const format = file ? (formatFromName(file.originalName ?? '') ?? '') : (formatFromName(url) ?? '');
      const w = { principal: req.principal, requestId: req.id };
      const res = await addResource(kernel, w, d.id, {
        name: (label || file?.originalName || url).slice(0, 300),
        description: '',
        url: file ? null : url,
        fileId: file?.id ?? null,
        format,
        mediaType: file?.mediaType ?? FORMATS[format]?.mediaType ?? null,
        byteSize: file?.size ?? null,
        checksum: file?.sha256 ?? null,
      });
      if (!res.ok) {
        if (file) await kernel.files.delete(file.id);
        return reply.callNotFound();
      }
      return reply.redirect(`/verwaltung/opendata/datensatz/${d.name}`, 303);
    },
  );
  app.post<{ Params: { name: string; id: string } }>(
    '/verwaltung/opendata/datensatz/:name/ressource/:id/loeschen',
    {
      config: { policy },
      schema: {
        params: Type.Object({ name: Type.String({ maxLength: 120 }), id: Type.String({ maxLength: 40 }) }),
      },
    },
    async (req, reply) => {
      const d = await findDataset(kernel.db.pool, req.params.name);
      if (!d) return reply.callNotFound();
      const res = await changeResource(
        kernel,
        { principal: req.principal, requestId: req.id },
        d.id,
        req.params.id,
        null,
      );
      if (!res.ok) return reply.callNotFound();
      return reply.redirect(`/verwaltung/opendata/datensatz/${d.name}`, 303);
    },
  );

  // API tokens (for the CKAN write API): shown once, stored as SHA-256 only.
  app.get('/verwaltung/opendata/tokens', { config: { policy } }, async (req, reply) =>
    reply.html(
      <TokensPage
        ctx={reply.viewContext()}
        tokens={await listTokens(kernel.db.pool, req.principal!.accountId)}
        errors={{}}
      />,
    ),
  );
  app.post('/verwaltung/opendata/tokens', { config: { policy } }, async (req, reply) => {
    const ctx = reply.viewContext();
    const name = one((req.body as Record<string, unknown> | undefined)?.name).trim();
    const accountId = req.principal!.accountId;
    if (!name || name.length > 100 || /[\u0000-\u001f]/.test(name))
      return reply.html(
        <TokensPage
          ctx={ctx}
          tokens={await listTokens(kernel.db.pool, accountId)}
          errors={{ name: ctx.t('open-data.tokens.nameRequired') }}
          name={name}
        />,
        422,
      );
    const token = await createApiToken(kernel, accountId, name);
    void reply.header('cache-control', 'no-store');
    return reply.html(
      <TokensPage
        ctx={ctx}
        tokens={await listTokens(kernel.db.pool, accountId)}
        errors={{}}
        created={token}
      />,
    );
  });
  app.post<{ Params: { id: string } }>(
    '/verwaltung/opendata/tokens/:id/widerrufen',
    { config: { policy }, schema: { params: Type.Object({ id: Type.String({ maxLength: 40 }) }) } },
    async (req, reply) => {
      await revokeToken(kernel.db.pool, req.principal!.accountId, req.params.id, kernel.clock.now());
      return reply.redirect('/verwaltung/opendata/tokens', 303);
    },
  );

  // Bulk import of metadata from CSV: every row is validated first; only when all rows are valid
  // are the datasets created (all-or-nothing for validation errors), otherwise a report per row.
  app.get('/verwaltung/opendata/import', { config: { policy } }, async (_req, reply) =>
    reply.html(<ImportPage ctx={reply.viewContext()} errors={{}} />),
  );
  app.post('/verwaltung/opendata/import', { config: { policy } }, async (req, reply) => {
    const ctx = reply.viewContext();
    let upload;
    try {
      upload = await saveUpload(req, kernel.files, {
        fileFields: ['csv'],
        maxFiles: 1,
        maxBytes: 2_000_000,
        allowedTypes: ['text/csv', 'text/plain'],
      });
    } catch (err) {
      if (err instanceof FileRejectedError)
        return reply.html(
          <ImportPage ctx={ctx} errors={{ csv: fileErrorMessage(ctx.t, ctx.lang, err) }} />,
          422,
        );
      throw err;
    }
    const file = upload.files.csv?.[0];
    if (!file)
      return reply.html(<ImportPage ctx={ctx} errors={{ csv: ctx.t('open-data.import.missing') }} />, 422);
    const opened = await kernel.files.open(file.id);
    const chunks: Buffer[] = [];
    for await (const c of opened!.stream) chunks.push(c as Buffer);
    await kernel.files.delete(file.id);
    const { text } = decode(Buffer.concat(chunks));
    let records: Record<string, string>[];
    try {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- csv-parse's overloads
      records = parse(text, {
        delimiter: detectDelimiter(text),
        columns: true,
        skip_empty_lines: true,
        relax_column_count: true,
        bom: true,
        trim: true,
      }) as Record<string, string>[];
    } catch {
      return reply.html(<ImportPage ctx={ctx} errors={{ csv: ctx.t('open-data.import.broken') }} />, 422);
    }
    if (!records.length || records.length > 1000)
      return reply.html(<ImportPage ctx={ctx} errors={{ csv: ctx.t('open-data.import.count') }} />, 422);
    const raws = records.map((r) => ({
      name: r.name || slugify(r.title ?? ''),
      title: r.title,
      notes: r.notes,
      owner_org: r.owner_org,
      org_unit: r.org_unit,
      tags: (r.tags ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      groups: (r.groups ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      license_id: r.license_id,
      attribution: r.attribution,
      temporal_start: r.temporal_start,
      temporal_end: r.temporal_end,
      frequency: r.frequency,
      maintainer: r.maintainer,
      maintainer_email: r.maintainer_email,
      url: r.url,
    }));
    const report: { row: number; messages: string[] }[] = [];
    const names = new Set<string>();
    for (const [i, raw] of raws.entries()) {
      const v = await validateDataset(kernel.tenants, raw);
      const messages = v.ok
        ? []
        : Object.entries(v.errors).map(([k, e]) => `${k}: ${ctx.t(`open-data.error.${e}`)}`);
      if (v.ok && !canEditTenant(req.principal, v.value.tenantId))
        messages.push(`owner_org: ${ctx.t('open-data.error.notAllowed')}`);
      if (
        raw.name &&
        (names.has(raw.name) || (await findDataset(kernel.db.pool, raw.name, { includeDeleted: true })))
      )
        messages.push(`name: ${ctx.t('open-data.error.taken')}`);
      names.add(raw.name);
      if (messages.length) report.push({ row: i + 2, messages });
    }
    if (report.length)
      return reply.html(<ImportPage ctx={ctx} errors={{}} report={{ created: 0, rows: report }} />, 422);
    let created = 0;
    for (const raw of raws) {
      const r = await createDataset(kernel, { principal: req.principal, requestId: req.id }, raw);
      if (r.ok) created++;
    }
    return reply.html(<ImportPage ctx={ctx} errors={{}} report={{ created, rows: [] }} />);
  });
}
