import { Layout } from '../../../kernel/views/layout.tsx';
import {
  Alert,
  Badge,
  Button,
  ButtonGroup,
  ErrorSummary,
  Form,
  SummaryCard,
  Table,
  TextArea,
} from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import { formatDateTime } from '../../../kernel/i18n/format.ts';
import type { DefinitionError, FormDefinition } from '../engine/definition.ts';
import { tx } from '../engine/definition.ts';
import type { FormVersion } from '../db/queries.ts';
import { StepFields, type StepViewData } from './form-fields.tsx';

const crumbs = (ctx: ViewContext, last?: string) => [
  { href: '/verwaltung', label: ctx.t('applications.staff.dashboard') },
  { href: '/verwaltung/formulare', label: ctx.t('applications.staff.title') },
  ...(last ? [{ label: last }] : []),
];

export function FormsListPage(p: {
  ctx: ViewContext;
  forms: { slug: string; title: string; published: number | null; draft: number | null }[];
}) {
  const { ctx } = p;
  return (
    <Layout ctx={ctx} title={ctx.t('applications.staff.title')} noindex breadcrumbs={crumbs(ctx)}>
      <h1 class="kern-heading-large">{ctx.t('applications.staff.title')}</h1>
      <p class="kern-body">{ctx.t('applications.staff.intro')}</p>
      <Table
        id="forms"
        caption={ctx.t('applications.staff.listCaption')}
        columns={[
          { key: 'title', label: ctx.t('applications.staff.form') },
          { key: 'published', label: ctx.t('applications.staff.published'), numeric: true },
          { key: 'draft', label: ctx.t('applications.staff.draft') },
        ]}
        rowHeader="title"
        rows={p.forms.map((f) => ({
          title: (
            <a class="kern-link" href={`/verwaltung/formulare/${f.slug}`}>
              {f.title} ({f.slug})
            </a>
          ),
          published: f.published === null ? '–' : `v${f.published}`,
          draft:
            f.draft === null ? (
              '–'
            ) : (
              <Badge tone="warning" label={ctx.t('applications.staff.draftVersion', { v: f.draft })} small />
            ),
        }))}
      />
      <h2 class="kern-heading-medium">{ctx.t('applications.staff.newTitle')}</h2>
      <Form ctx={ctx} action="/verwaltung/formulare/neu" multipart>
        <p class="kern-body">{ctx.t('applications.staff.newText')}</p>
        <input
          type="file"
          name="datei"
          id="f-datei"
          accept="application/json,.json"
          class="kern-form-input__input"
          aria-label={ctx.t('applications.staff.file')}
        />
        <Button label={ctx.t('applications.staff.upload')} variant="secondary" />
      </Form>
    </Layout>
  );
}

export function FormEditPage(p: {
  ctx: ViewContext;
  slug: string;
  versions: FormVersion[];
  json: string;
  errors?: DefinitionError[];
  saved?: boolean;
  published?: number;
}) {
  const { ctx } = p;
  const draft = p.versions.find((v) => v.status === 'draft');
  const summary = p.errors?.length
    ? {
        definition: ctx.t('applications.staff.invalid', {
          n: p.errors.length,
          first: `${p.errors[0]!.path}: ${p.errors[0]!.message}`,
        }),
      }
    : undefined;
  return (
    <Layout
      ctx={ctx}
      title={`${ctx.t('applications.staff.edit')} ${p.slug}`}
      noindex
      breadcrumbs={crumbs(ctx, p.slug)}
      hasErrors={!!summary}
    >
      {summary && <ErrorSummary ctx={ctx} errors={summary} />}
      <h1 class="kern-heading-large">
        {ctx.t('applications.staff.edit')} {p.slug}
      </h1>
      {p.saved && (
        <Alert type="success" title={ctx.t('applications.staff.saved', { v: draft?.version ?? 0 })} />
      )}
      {p.published !== undefined && (
        <Alert type="success" title={ctx.t('applications.staff.publishedNow', { v: p.published })} />
      )}
      <Table
        id="versions"
        caption={ctx.t('applications.staff.versions')}
        columns={[
          { key: 'version', label: ctx.t('applications.staff.version') },
          { key: 'status', label: ctx.t('applications.staff.status') },
          { key: 'date', label: ctx.t('applications.staff.date') },
          { key: 'preview', label: ctx.t('applications.staff.preview') },
        ]}
        rowHeader="version"
        rows={p.versions.map((v) => ({
          version: `v${v.version}`,
          status: ctx.t(`applications.staff.status.${v.status}`),
          date: formatDateTime(ctx.lang, v.publishedAt ?? v.createdAt),
          preview: (
            <a class="kern-link" href={`/verwaltung/formulare/${p.slug}/vorschau/${v.version}`}>
              {ctx.t('applications.staff.previewLink', { v: v.version })}
            </a>
          ),
        }))}
      />
      <Form
        ctx={ctx}
        action={`/verwaltung/formulare/${p.slug}`}
        label={ctx.t('applications.staff.editorLabel')}
      >
        <TextArea
          ctx={ctx}
          name="definition"
          label={ctx.t('applications.staff.json')}
          hint={ctx.t('applications.staff.jsonHint')}
          required
          value={p.json}
          rows={24}
          error={summary?.definition}
          maxLength={500_000}
        />
        {p.errors && p.errors.length > 0 && (
          <ul class="kern-list ok-app-def-errors" aria-label={ctx.t('applications.staff.errorList')}>
            {p.errors.map((e, i) => (
              <li key={i}>
                <code>{e.path}</code>: {e.message}
              </li>
            ))}
          </ul>
        )}
        <Button label={ctx.t('applications.staff.saveDraft')} />
      </Form>
      {draft && (
        <Form
          ctx={ctx}
          action={`/verwaltung/formulare/${p.slug}/veroeffentlichen`}
          label={ctx.t('applications.staff.publishLabel')}
        >
          <p class="kern-body">{ctx.t('applications.staff.publishText', { v: draft.version })}</p>
          <Button label={ctx.t('applications.staff.publish', { v: draft.version })} variant="secondary" />
        </Form>
      )}
    </Layout>
  );
}

export function NewFormPage(p: { ctx: ViewContext; json: string; errors: DefinitionError[] }) {
  const { ctx } = p;
  const summary = {
    definition: ctx.t('applications.staff.invalid', {
      n: p.errors.length,
      first: `${p.errors[0]?.path}: ${p.errors[0]?.message}`,
    }),
  };
  return (
    <Layout
      ctx={ctx}
      title={ctx.t('applications.staff.newTitle')}
      noindex
      breadcrumbs={crumbs(ctx, ctx.t('applications.staff.newTitle'))}
      hasErrors
    >
      <ErrorSummary ctx={ctx} errors={summary} />
      <h1 class="kern-heading-large">{ctx.t('applications.staff.newTitle')}</h1>
      <Form ctx={ctx} action="/verwaltung/formulare/neu">
        <TextArea
          ctx={ctx}
          name="definition"
          label={ctx.t('applications.staff.json')}
          required
          value={p.json}
          rows={24}
          error={summary.definition}
          maxLength={500_000}
        />
        <ul class="kern-list ok-app-def-errors" aria-label={ctx.t('applications.staff.errorList')}>
          {p.errors.map((e, i) => (
            <li key={i}>
              <code>{e.path}</code>: {e.message}
            </li>
          ))}
        </ul>
        <Button label={ctx.t('applications.staff.saveDraft')} />
      </Form>
    </Layout>
  );
}

export function PreviewPage(p: {
  ctx: ViewContext;
  def: FormDefinition;
  version: number;
  data: StepViewData;
}) {
  const { ctx, def } = p;
  return (
    <Layout
      ctx={ctx}
      title={`${ctx.t('applications.staff.preview')}: ${tx(def.title, ctx.lang)} v${p.version}`}
      noindex
      breadcrumbs={crumbs(ctx, def.slug)}
    >
      <h1 class="kern-heading-large">
        {ctx.t('applications.staff.preview')}: {tx(def.title, ctx.lang)} (v{p.version})
      </h1>
      <Alert type="info" title={ctx.t('applications.staff.previewNote')} />
      {def.steps.map((s, i) => (
        <SummaryCard
          key={s.id}
          title={`${i + 1}. ${tx(s.title, ctx.lang)}${s.showIf ? ` ${ctx.t('applications.staff.conditional')}` : ''}`}
        >
          <fieldset disabled class="ok-app-preview">
            <legend class="kern-sr-only">{tx(s.title, ctx.lang)}</legend>
            <StepFields ctx={ctx} step={s} data={p.data} />
          </fieldset>
        </SummaryCard>
      ))}
      <ButtonGroup>
        <a class="kern-link" href={`/verwaltung/formulare/${def.slug}`}>
          {ctx.t('applications.staff.backToForm')}
        </a>
      </ButtonGroup>
    </Layout>
  );
}
