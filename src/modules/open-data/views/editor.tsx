import type { ViewContext } from '../../../kernel/views/context.ts';
import { Layout } from '../../../kernel/views/layout.tsx';
import {
  Alert,
  ErrorSummary,
  FileField,
  Form,
  Select,
  SubmitButton,
  Table,
  TextArea,
  TextField,
  Checkboxes,
  type FieldErrors,
} from '../../../kernel/views/components.tsx';
import { formatDateTime } from '../../../kernel/i18n/format.ts';
import type { OrgUnit, Tenant } from '../../../kernel/tenants/index.ts';
import type { RawDataset } from '../commands/validate.ts';
import type { RevisionRecord } from '../db/datasets.queries.ts';
import type { TokenRecord } from '../db/tokens.queries.ts';
import type { Quality } from '../lib/quality.ts';
import { datasetPath } from '../lib/urls.ts';
import { FREQUENCIES, LICENSES, THEMES } from '../lib/vocab.ts';
import type { DatasetRecord } from '../model.ts';

const crumbs = (ctx: ViewContext, extra: { href?: string; label: string }[] = []) => [
  { href: '/verwaltung', label: ctx.t('open-data.staff.crumb') },
  { href: '/verwaltung/opendata', label: ctx.t('open-data.staff.title') },
  ...extra,
];

export function EditorHome({
  ctx,
  datasets,
  tenants,
}: {
  ctx: ViewContext;
  datasets: DatasetRecord[];
  tenants: Map<string, string>;
}) {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t('open-data.staff.title')}
      noindex
      breadcrumbs={crumbs(ctx)
        .slice(0, 1)
        .concat([{ label: t('open-data.staff.title') }])}
    >
      <h1 class="kern-heading-x-large">{t('open-data.staff.title')}</h1>
      <ul class="kern-list">
        <li>
          <a class="kern-link" href="/verwaltung/opendata/neu">
            {t('open-data.editor.new')}
          </a>
        </li>
        <li>
          <a class="kern-link" href="/verwaltung/opendata/import">
            {t('open-data.import.title')}
          </a>
        </li>
        <li>
          <a class="kern-link" href="/verwaltung/opendata/tokens">
            {t('open-data.tokens.title')}
          </a>
        </li>
      </ul>
      <Table
        id="od-own"
        caption={t('open-data.editor.list')}
        columns={[
          { key: 'title', label: t('open-data.field.title') },
          { key: 'org', label: t('open-data.field.owner_org') },
          { key: 'modified', label: t('open-data.modified') },
        ]}
        rows={datasets.map((d) => ({
          title: (
            <a class="kern-link" href={`/verwaltung/opendata/datensatz/${d.name}`}>
              {d.title}
            </a>
          ),
          org: tenants.get(d.tenantId) ?? d.tenantId,
          modified: formatDateTime(ctx.lang, d.modifiedAt),
        }))}
      />
    </Layout>
  );
}

export function DatasetForm({
  ctx,
  action,
  values,
  errors,
  tenants,
  units,
  isNew,
  title,
  quality,
  revisions,
  d,
  resourceErrors,
}: {
  ctx: ViewContext;
  action: string;
  values: RawDataset;
  errors: FieldErrors;
  tenants: Tenant[];
  units: OrgUnit[];
  isNew: boolean;
  title: string;
  quality?: Quality;
  revisions?: RevisionRecord[];
  d?: DatasetRecord;
  resourceErrors?: FieldErrors;
}) {
  const { t } = ctx;
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Layout
      ctx={ctx}
      title={title}
      noindex
      hasErrors={hasErrors}
      breadcrumbs={crumbs(ctx, [{ label: title }])}
    >
      <ErrorSummary ctx={ctx} errors={errors} />
      <h1 class="kern-heading-x-large">{title}</h1>
      {d && (
        <p class="kern-body">
          <a class="kern-link" href={datasetPath(d.name)}>
            {t('open-data.editor.view')}
          </a>
        </p>
      )}
      {quality && (
        <section aria-labelledby="od-quality">
          <h2 class="kern-heading-medium" id="od-quality">
            {t('open-data.quality.title')}
          </h2>
          <p class="kern-body">
            {t('open-data.quality.score', {
              score: quality.score,
              max: quality.max,
              rating: t(`open-data.quality.rating.${quality.rating}`),
            })}
          </p>
          <ul class="kern-list">
            {Object.entries(quality.dimensions).map(([k, v]) => (
              <li key={k}>
                {t(`open-data.quality.dim.${k}`)}: {v.score} / {v.max}
              </li>
            ))}
          </ul>
          {quality.indicators.some((i) => !i.met) && (
            <>
              <h3 class="kern-heading-small">{t('open-data.quality.hints')}</h3>
              <ul class="kern-list">
                {quality.indicators
                  .filter((i) => !i.met)
                  .map((i) => (
                    <li key={i.key}>{t(`open-data.quality.hint.${i.key}`)}</li>
                  ))}
              </ul>
            </>
          )}
        </section>
      )}
      <Form ctx={ctx} action={action} multipart={isNew} label={title}>
        <TextField
          ctx={ctx}
          name="title"
          label={t('open-data.field.title')}
          value={values.title}
          error={errors.title ? t(`open-data.error.${errors.title}`) : undefined}
          required
          maxLength={300}
        />
        <TextField
          ctx={ctx}
          name="name"
          label={t('open-data.field.name')}
          hint={t('open-data.field.name.hint')}
          value={values.name}
          error={errors.name ? t(`open-data.error.${errors.name}`) : undefined}
          maxLength={100}
        />
        <TextArea
          ctx={ctx}
          name="notes"
          label={t('open-data.field.notes')}
          value={values.notes}
          error={errors.notes ? t(`open-data.error.${errors.notes}`) : undefined}
          maxLength={20000}
        />
        <Select
          ctx={ctx}
          name="owner_org"
          label={t('open-data.field.owner_org')}
          value={values.owner_org}
          options={tenants.map((x) => ({ value: x.id, label: x.name }))}
          error={errors.owner_org ? t(`open-data.error.${errors.owner_org}`) : undefined}
          required
        />
        <Select
          ctx={ctx}
          name="org_unit"
          label={t('open-data.field.org_unit')}
          value={values.org_unit}
          options={units.map((u) => ({
            value: u.id,
            label: `${u.name} (${tenants.find((x) => x.id === u.tenantId)?.name ?? ''})`,
          }))}
          error={errors.org_unit ? t(`open-data.error.${errors.org_unit}`) : undefined}
        />
        <TextField
          ctx={ctx}
          name="tags"
          label={t('open-data.field.tags')}
          hint={t('open-data.field.tags.hint')}
          value={(values.tags ?? []).join(', ')}
          error={errors.tags ? t(`open-data.error.${errors.tags}`) : undefined}
          maxLength={2000}
        />
        <Checkboxes
          ctx={ctx}
          name="groups"
          legend={t('open-data.field.groups')}
          values={values.groups ?? []}
          options={Object.entries(THEMES).map(([k, v]) => ({ value: k, label: v[ctx.lang] }))}
          error={errors.groups ? t(`open-data.error.${errors.groups}`) : undefined}
        />
        <TextField
          ctx={ctx}
          name="temporal_start"
          label={t('open-data.field.temporal_start')}
          hint={t('open-data.field.date.hint')}
          value={values.temporal_start}
          error={errors.temporal_start ? t(`open-data.error.${errors.temporal_start}`) : undefined}
          maxLength={10}
        />
        <TextField
          ctx={ctx}
          name="temporal_end"
          label={t('open-data.field.temporal_end')}
          hint={t('open-data.field.date.hint')}
          value={values.temporal_end}
          error={errors.temporal_end ? t(`open-data.error.${errors.temporal_end}`) : undefined}
          maxLength={10}
        />
        <Select
          ctx={ctx}
          name="frequency"
          label={t('open-data.field.frequency')}
          value={values.frequency}
          options={Object.entries(FREQUENCIES).map(([k, v]) => ({ value: k, label: v[ctx.lang] }))}
          error={errors.frequency ? t(`open-data.error.${errors.frequency}`) : undefined}
        />
        <Select
          ctx={ctx}
          name="license_id"
          label={t('open-data.field.license')}
          value={values.license_id}
          options={LICENSES.map((l) => ({ value: l.id, label: l.title }))}
          error={errors.license_id ? t(`open-data.error.${errors.license_id}`) : undefined}
          required
        />
        <TextField
          ctx={ctx}
          name="attribution"
          label={t('open-data.field.attribution')}
          hint={t('open-data.field.attribution.hint')}
          value={values.attribution}
          error={errors.attribution ? t(`open-data.error.${errors.attribution}`) : undefined}
          maxLength={500}
        />
        <TextField
          ctx={ctx}
          name="maintainer"
          label={t('open-data.field.maintainer')}
          value={values.maintainer}
          maxLength={200}
        />
        <TextField
          ctx={ctx}
          name="maintainer_email"
          label={t('open-data.field.maintainer_email')}
          value={values.maintainer_email}
          error={errors.maintainer_email ? t(`open-data.error.${errors.maintainer_email}`) : undefined}
          maxLength={254}
        />
        {isNew && (
          <FileField
            ctx={ctx}
            name="datei"
            label={t('open-data.field.file')}
            hint={t('open-data.field.file.hint')}
            error={errors.datei}
            accept=".csv,.json,.geojson,.xml,.txt,.pdf,.ics"
          />
        )}
        <SubmitButton label={t(isNew ? 'open-data.editor.publish' : 'open-data.editor.save')} />
      </Form>
      {d && (
        <section aria-labelledby="od-res-title">
          <h2 class="kern-heading-medium" id="od-res-title">
            {t('open-data.resources')}
          </h2>
          {resourceErrors && <ErrorSummary ctx={ctx} errors={resourceErrors} />}
          <ul class="kern-list">
            {d.resources.map((r) => (
              <li key={r.id}>
                {r.name} ({r.format || '–'})
                <Form
                  ctx={ctx}
                  action={`/verwaltung/opendata/datensatz/${d.name}/ressource/${r.id}/loeschen`}
                  label={t('open-data.resource.delete.label', { name: r.name })}
                >
                  <SubmitButton secondary label={t('open-data.resource.delete')} />
                </Form>
              </li>
            ))}
          </ul>
          <h3 class="kern-heading-small">{t('open-data.resource.add')}</h3>
          <Form
            ctx={ctx}
            action={`/verwaltung/opendata/datensatz/${d.name}/ressource`}
            multipart
            label={t('open-data.resource.add')}
          >
            <FileField
              ctx={ctx}
              name="datei"
              label={t('open-data.field.file')}
              hint={t('open-data.resource.fileOrUrl')}
              error={resourceErrors?.datei}
              accept=".csv,.json,.geojson,.xml,.txt,.pdf,.ics"
            />
            <TextField
              ctx={ctx}
              name="res_url"
              label={t('open-data.resource.url')}
              error={resourceErrors?.res_url}
              maxLength={2000}
            />
            <TextField ctx={ctx} name="res_name" label={t('open-data.resource.name')} maxLength={300} />
            <SubmitButton secondary label={t('open-data.resource.add')} />
          </Form>
        </section>
      )}
      {revisions && revisions.length > 0 && (
        <Table
          id="od-revisions"
          caption={t('open-data.revisions')}
          columns={[
            { key: 'at', label: t('open-data.revisions.at') },
            { key: 'who', label: t('open-data.revisions.who') },
            { key: 'what', label: t('open-data.revisions.what') },
          ]}
          rows={revisions.map((r) => ({
            at: formatDateTime(ctx.lang, r.at),
            who: r.actorName ?? '–',
            what: `${r.action}: ${Object.keys(r.changes).join(', ') || '–'}`,
          }))}
        />
      )}
    </Layout>
  );
}

export function TokensPage({
  ctx,
  tokens,
  created,
  errors,
  name,
}: {
  ctx: ViewContext;
  tokens: TokenRecord[];
  created?: string;
  errors: FieldErrors;
  name?: string;
}) {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t('open-data.tokens.title')}
      noindex
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={crumbs(ctx, [{ label: t('open-data.tokens.title') }])}
    >
      <ErrorSummary ctx={ctx} errors={errors} />
      <h1 class="kern-heading-x-large">{t('open-data.tokens.title')}</h1>
      <p class="kern-body">{t('open-data.tokens.intro')}</p>
      {created && (
        <Alert type="success" title={t('open-data.tokens.created')} headingLevel={2}>
          <p class="kern-body">{t('open-data.tokens.once')}</p>
          <p class="kern-body">
            <code id="od-new-token">{created}</code>
          </p>
        </Alert>
      )}
      <Form ctx={ctx} action="/verwaltung/opendata/tokens" label={t('open-data.tokens.new')}>
        <TextField
          ctx={ctx}
          name="name"
          label={t('open-data.tokens.name')}
          value={name}
          error={errors.name}
          required
          maxLength={100}
        />
        <SubmitButton label={t('open-data.tokens.create')} />
      </Form>
      <h2 class="kern-heading-medium">{t('open-data.tokens.list')}</h2>
      {tokens.length === 0 && <p class="kern-body">{t('open-data.tokens.none')}</p>}
      <ul class="kern-list">
        {tokens.map((tok) => (
          <li key={tok.id}>
            {tok.name} ({formatDateTime(ctx.lang, tok.createdAt)})
            <Form
              ctx={ctx}
              action={`/verwaltung/opendata/tokens/${tok.id}/widerrufen`}
              label={t('open-data.tokens.revoke.label', { name: tok.name })}
            >
              <SubmitButton secondary label={t('open-data.tokens.revoke')} />
            </Form>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function ImportPage({
  ctx,
  errors,
  report,
}: {
  ctx: ViewContext;
  errors: FieldErrors;
  report?: { created: number; rows: { row: number; messages: string[] }[] };
}) {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t('open-data.import.title')}
      noindex
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={crumbs(ctx, [{ label: t('open-data.import.title') }])}
    >
      <ErrorSummary ctx={ctx} errors={errors} />
      <h1 class="kern-heading-x-large">{t('open-data.import.title')}</h1>
      <p class="kern-body">{t('open-data.import.intro')}</p>
      <pre class="ok-od-json" tabIndex={0}>
        name;title;notes;owner_org;tags;groups;license_id;attribution;temporal_start;temporal_end;frequency;maintainer_email
      </pre>
      {report && report.rows.length === 0 && (
        <Alert
          type="success"
          title={t('open-data.import.done', { count: report.created })}
          headingLevel={2}
        />
      )}
      {report && report.rows.length > 0 && (
        <Alert
          type="danger"
          title={t('open-data.import.failed', { count: report.rows.length })}
          headingLevel={2}
        >
          <ul class="kern-list">
            {report.rows.map((r) => (
              <li key={r.row}>
                {t('open-data.import.row', { row: r.row })}: {r.messages.join('; ')}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      <Form ctx={ctx} action="/verwaltung/opendata/import" multipart label={t('open-data.import.title')}>
        <FileField
          ctx={ctx}
          name="csv"
          label={t('open-data.import.file')}
          error={errors.csv}
          accept=".csv"
          required
        />
        <SubmitButton label={t('open-data.import.submit')} />
      </Form>
    </Layout>
  );
}
