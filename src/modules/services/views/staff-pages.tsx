import type { OrgUnit, Tenant } from '../../../kernel/tenants/index.ts';
import {
  Alert,
  ErrorSummary,
  Form,
  Select,
  SubmitButton,
  Table,
  TextArea,
  TextField,
  type FieldErrors,
} from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import { Layout } from '../../../kernel/views/layout.tsx';

export function StaffListPage({
  ctx,
  rows,
}: {
  ctx: ViewContext;
  rows: { slug: string; title: string; tenantId: string; tenantName: string }[];
}) {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t('services.staff.tool.title')}
      noindex
      breadcrumbs={[
        { href: '/verwaltung', label: t('services.staff.breadcrumb') },
        { label: t('services.staff.tool.title') },
      ]}
    >
      <h1 class="kern-heading-x-large">{t('services.staff.tool.title')}</h1>
      <Table
        id="services-staff"
        caption={t('services.staff.caption')}
        columns={[
          { key: 'title', label: t('services.staff.col.service') },
          { key: 'tenant', label: t('services.staff.col.tenant') },
        ]}
        rowHeader="title"
        rows={rows.map((r) => ({
          title: (
            <a class="kern-link" href={`/verwaltung/leistungen/${r.slug}/${r.tenantId}`}>
              {r.title}
            </a>
          ),
          tenant: r.tenantName,
        }))}
      />
    </Layout>
  );
}

export interface EditValues {
  title_de: string;
  title_en: string;
  summary_de: string;
  summary_en: string;
  body_de: string;
  processing_days: string;
  org_unit: string;
  note_de: string;
}

export function EditPage(p: {
  ctx: ViewContext;
  slug: string;
  tenant: Tenant;
  owner: boolean;
  hasResponsibility: boolean;
  units: OrgUnit[];
  values: EditValues;
  errors: FieldErrors;
  saved: boolean;
}) {
  const { ctx, values: v, errors: e } = p;
  const { t } = ctx;
  const title = t('services.edit.title', { title: v.title_de, tenant: p.tenant.name });
  return (
    <Layout
      ctx={ctx}
      title={title}
      noindex
      hasErrors={Object.keys(e).length > 0}
      breadcrumbs={[
        { href: '/verwaltung', label: t('services.staff.breadcrumb') },
        { href: '/verwaltung/leistungen', label: t('services.staff.tool.title') },
        { label: v.title_de },
      ]}
    >
      <ErrorSummary ctx={ctx} errors={e} />
      {p.saved && <Alert type="success" title={t('services.edit.saved')} />}
      <h1 class="kern-heading-x-large">{title}</h1>
      <p class="kern-body">
        <a class="kern-link" href={`/leistungen/${p.slug}`}>
          {t('services.edit.view')}
        </a>
      </p>
      <Form ctx={ctx} action={`/verwaltung/leistungen/${p.slug}/${p.tenant.id}`}>
        {p.owner && (
          <>
            <TextField
              ctx={ctx}
              name="title_de"
              label={t('services.edit.title_de')}
              required
              value={v.title_de}
              error={e.title_de}
              maxLength={200}
            />
            <TextField
              ctx={ctx}
              name="title_en"
              label={t('services.edit.title_en')}
              required
              value={v.title_en}
              error={e.title_en}
              maxLength={200}
            />
            <TextArea
              ctx={ctx}
              name="summary_de"
              label={t('services.edit.summary_de')}
              value={v.summary_de}
              error={e.summary_de}
              rows={3}
            />
            <TextArea
              ctx={ctx}
              name="summary_en"
              label={t('services.edit.summary_en')}
              value={v.summary_en}
              error={e.summary_en}
              rows={3}
            />
            <TextArea
              ctx={ctx}
              name="body_de"
              label={t('services.edit.body_de')}
              hint={t('services.edit.markdownHint')}
              value={v.body_de}
              error={e.body_de}
              rows={10}
            />
            <TextField
              ctx={ctx}
              name="processing_days"
              label={t('services.edit.processing_days')}
              value={v.processing_days}
              error={e.processing_days}
              inputmode="numeric"
              width={4}
            />
          </>
        )}
        {p.hasResponsibility && (
          <>
            <Select
              ctx={ctx}
              name="org_unit"
              label={t('services.edit.org_unit')}
              required
              options={p.units.map((u) => ({ value: u.id, label: u.name }))}
              value={v.org_unit}
              error={e.org_unit}
            />
            <TextArea
              ctx={ctx}
              name="note_de"
              label={t('services.edit.note_de')}
              hint={t('services.edit.markdownHint')}
              value={v.note_de}
              error={e.note_de}
              rows={5}
            />
          </>
        )}
        <SubmitButton label={t('services.edit.submit')} />
      </Form>
    </Layout>
  );
}
