import type { OrgUnit, Tenant } from '../../../kernel/tenants/index.ts';
import {
  Alert,
  Checkboxes,
  ErrorSummary,
  Fieldset,
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
import { CHANNELS } from '../presenters/service.ts';
import { feeField, type EditValues, type FeeValues } from '../routes/service-form.ts';

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

/** The form values that are plain text (not the checkbox lists or the fee rows). */
type TextKey = { [K in keyof EditValues]: EditValues[K] extends string ? K : never }[keyof EditValues];

export function EditPage(p: {
  ctx: ViewContext;
  slug: string;
  tenant: Tenant;
  owner: boolean;
  hasResponsibility: boolean;
  units: OrgUnit[];
  lebenslagen: { themenfeld: string; lebenslage: string }[];
  values: EditValues;
  errors: FieldErrors;
  saved: boolean;
}) {
  const { ctx, values: v, errors: e } = p;
  const { t } = ctx;
  const title = t('services.edit.title', { title: v.title_de, tenant: p.tenant.name });
  const md = t('services.edit.markdownHint');
  const area = (name: TextKey, rows: number, hint?: string, required?: boolean) => (
    <TextArea
      ctx={ctx}
      name={name}
      label={t(`services.edit.${name}`)}
      hint={hint}
      required={required}
      value={v[name]}
      error={e[name]}
      rows={rows}
    />
  );
  const field = (name: TextKey, extra: Partial<Parameters<typeof TextField>[0]> = {}) => (
    <TextField
      ctx={ctx}
      name={name}
      label={t(`services.edit.${name}`)}
      value={v[name]}
      error={e[name]}
      {...extra}
    />
  );
  // Lebenslagen the service has that are not (or no longer) in the OZG list stay selectable.
  const lebenslagen = [
    ...p.lebenslagen.map((l) => ({ value: l.lebenslage, label: l.lebenslage, hint: l.themenfeld })),
    ...v.lebenslagen
      .filter((l) => !p.lebenslagen.some((x) => x.lebenslage === l))
      .map((l) => ({ value: l, label: l })),
  ].filter((o, i, all) => all.findIndex((x) => x.value === o.value) === i);
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
            <h2 class="kern-heading-medium">{t('services.edit.section.text')}</h2>
            {field('title_de', { required: true, maxLength: 200 })}
            {field('title_en', { required: true, maxLength: 200 })}
            {area('summary_de', 3)}
            {area('summary_en', 3)}
            {area('body_de', 10, md)}
            {area('body_en', 10, md)}
            {area('easy_language_de', 4, t('services.edit.easyHint'))}
            <h2 class="kern-heading-medium">{t('services.edit.section.access')}</h2>
            <Checkboxes
              ctx={ctx}
              name="channels"
              legend={t('services.edit.channels')}
              options={CHANNELS.map((c) => ({ value: c, label: t(`services.channel.${c}`) }))}
              values={v.channels}
              error={e.channels}
            />
            {field('online_url', { hint: t('services.edit.urlHint'), maxLength: 500 })}
            {field('appointment_url', { hint: t('services.edit.urlHint'), maxLength: 500 })}
            {area('documents_de', 5, t('services.edit.documentsHint'))}
            {area('documents_en', 5, t('services.edit.documentsEnHint'))}
            <h2 class="kern-heading-medium">{t('services.edit.section.fees')}</h2>
            <p class="kern-body">{t('services.edit.feesIntro')}</p>
            {v.fees.map((f, i) => (
              <FeeRow key={i} ctx={ctx} i={i} fee={f} errors={e} />
            ))}
            <h2 class="kern-heading-medium">{t('services.edit.section.law')}</h2>
            {field('processing_days', { inputmode: 'numeric', width: 4 })}
            {area('processing_de', 2)}
            {area('processing_en', 2)}
            {area('legal_basis', 3)}
            <Checkboxes
              ctx={ctx}
              name="lebenslagen"
              legend={t('services.edit.lebenslagen')}
              hint={t('services.edit.lebenslagenHint')}
              options={lebenslagen}
              values={v.lebenslagen}
              error={e.lebenslagen}
            />
          </>
        )}
        {p.hasResponsibility && (
          <>
            <h2 class="kern-heading-medium">{t('services.edit.section.local', { tenant: p.tenant.name })}</h2>
            <Select
              ctx={ctx}
              name="org_unit"
              label={t('services.edit.org_unit')}
              required
              options={p.units.map((u) => ({ value: u.id, label: u.name }))}
              value={v.org_unit}
              error={e.org_unit}
            />
            {field('contact_name', { maxLength: 200, hint: t('services.edit.contactHint') })}
            {field('contact_phone', { type: 'tel', maxLength: 40, autocomplete: 'off' })}
            {field('contact_email', { type: 'email', maxLength: 254, autocomplete: 'off' })}
            {area('note_de', 5, md)}
            {area('note_en', 5, md)}
          </>
        )}
        <SubmitButton label={t('services.edit.submit')} />
      </Form>
    </Layout>
  );
}

function FeeRow(p: { ctx: ViewContext; i: number; fee: FeeValues; errors: FieldErrors }) {
  const { ctx, i, fee, errors: e } = p;
  const { t } = ctx;
  const n = { n: i + 1 };
  const name = (part: keyof FeeValues) => feeField(i, part);
  const field = (part: keyof FeeValues, extra: Partial<Parameters<typeof TextField>[0]> = {}) => (
    <TextField
      ctx={ctx}
      name={name(part)}
      label={t(`services.edit.fee.${part}`, n)}
      value={fee[part]}
      error={e[name(part)]}
      {...extra}
    />
  );
  return (
    <Fieldset ctx={ctx} name={`fee_${i}`} legend={t('services.edit.fee.legend', n)}>
      {field('label_de', { maxLength: 200 })}
      {field('label_en', { maxLength: 200 })}
      {field('from', { inputmode: 'decimal', width: 4, hint: t('services.edit.fee.fromHint') })}
      {field('to', { inputmode: 'decimal', width: 4, hint: t('services.edit.fee.toHint') })}
      {field('text', { maxLength: 200, hint: t('services.edit.fee.textHint') })}
      {field('basis', { maxLength: 500 })}
    </Fieldset>
  );
}
