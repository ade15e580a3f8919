import type { Tenant } from '../../../kernel/tenants/index.ts';
import { Badge, SummaryList, type SummaryRow } from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import { Layout } from '../../../kernel/views/layout.tsx';
import { Address, ContactList } from './parts.tsx';

export interface ImprintPageProps {
  ctx: ViewContext;
  kreis?: Tenant;
  representative?: string;
  vatId?: string;
  supervisoryAuthority?: string;
}

export function ImprintPage(p: ImprintPageProps) {
  const { ctx } = p;
  const { t } = ctx;
  const kreisName = p.kreis?.name ?? t('site.owner');
  const rows: SummaryRow[] = [
    {
      key: t('portal.imprint.publisher'),
      value: p.kreis ? <Address name={kreisName} address={p.kreis.address} /> : kreisName,
    },
    { key: t('portal.imprint.legalForm'), value: t('portal.imprint.legalForm.value') },
    {
      key: t('portal.imprint.representative'),
      value: p.representative
        ? t('portal.imprint.representative.named', { name: p.representative })
        : t('portal.imprint.representative.office'),
    },
    {
      key: t('portal.imprint.vatId'),
      value: p.vatId ?? (
        <>
          <Badge tone="warning" label={t('portal.imprint.placeholder')} small />{' '}
          <span>{t('portal.imprint.vatId.placeholder')}</span>
        </>
      ),
    },
  ];
  if (p.supervisoryAuthority)
    rows.push({ key: t('portal.imprint.supervisory'), value: p.supervisoryAuthority });
  rows.push({
    key: t('portal.imprint.responsible'),
    value: p.representative
      ? t('portal.imprint.representative.named', { name: p.representative })
      : t('portal.imprint.representative.office'),
  });
  return (
    <Layout
      ctx={ctx}
      title={t('portal.imprint.title')}
      breadcrumbs={[{ href: '/', label: t('portal.home.title') }, { label: t('portal.imprint.title') }]}
    >
      <h1 class="kern-heading-x-large">{t('portal.imprint.title')}</h1>
      <p class="kern-body ok-prose">{t('portal.imprint.lead')}</p>
      <SummaryList ctx={ctx} rows={rows} />
      <div class="ok-prose">
        <h2 class="kern-heading-medium">{t('portal.imprint.contact')}</h2>
        <ContactList ctx={ctx} phone={p.kreis?.phone} email={p.kreis?.email} website={p.kreis?.website} />
        <p class="kern-body">
          {t('portal.imprint.contactMore')}{' '}
          <a class="kern-link" href="/kontakt">
            {t('layout.footer.contact')}
          </a>
        </p>
        <h2 class="kern-heading-medium">{t('portal.imprint.software.title')}</h2>
        <p class="kern-body">{t('portal.imprint.software.text')}</p>
        <h2 class="kern-heading-medium">{t('portal.imprint.links.title')}</h2>
        <p class="kern-body">{t('portal.imprint.links.text')}</p>
      </div>
    </Layout>
  );
}
