import type { OrgUnit, Tenant } from '../../../kernel/tenants/index.ts';
import { Table } from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import { Layout } from '../../../kernel/views/layout.tsx';
import { Address, ContactList, OpeningHours, unitName } from './parts.tsx';

export function ContactPage({
  ctx,
  kreis,
  unit,
  towns,
}: {
  ctx: ViewContext;
  kreis?: Tenant;
  unit?: OrgUnit;
  towns: Tenant[];
}) {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t('portal.contact.title')}
      breadcrumbs={[{ href: '/', label: t('portal.home.title') }, { label: t('portal.contact.title') }]}
    >
      <h1 class="kern-heading-x-large">{t('portal.contact.title')}</h1>
      <p class="kern-body kern-body--large ok-prose">{t('portal.contact.lead')}</p>
      {kreis && (
        <section aria-labelledby="kreis-heading" class="ok-columns">
          <div>
            <h2 class="kern-heading-medium ok-mt-0" id="kreis-heading">
              {kreis.name}
            </h2>
            <Address
              name={t('portal.contact.kreisAdministration', { name: kreis.name })}
              address={kreis.address}
            />
            <ContactList ctx={ctx} phone={kreis.phone} email={kreis.email} website={kreis.website} />
            <p class="kern-body">
              <a class="kern-link" href={`/kommunen/${kreis.id}`}>
                {t('portal.contact.allUnits')}
              </a>
            </p>
          </div>
          {unit && (
            <div>
              <h2 class="kern-heading-medium ok-mt-0">{unitName(ctx, unit)}</h2>
              <Address address={unit.address} />
              <ContactList ctx={ctx} phone={unit.phone} email={unit.email} />
              <OpeningHours ctx={ctx} unit={unit} id="service-hours" />
            </div>
          )}
        </section>
      )}
      <section aria-labelledby="towns-contact-heading">
        <h2 class="kern-heading-medium" id="towns-contact-heading">
          {t('portal.contact.towns')}
        </h2>
        <Table
          id="town-contacts"
          caption={t('portal.contact.towns')}
          captionHidden
          columns={[
            { key: 'name', label: t('portal.contact.town') },
            { key: 'address', label: t('portal.town.address') },
            { key: 'website', label: t('portal.contact.website') },
          ]}
          rowHeader="name"
          rows={towns.map((x) => ({
            name: (
              <a class="kern-link" href={`/kommunen/${x.id}`}>
                {x.name}
              </a>
            ),
            address: <Address address={x.address} />,
            website: x.website ? (
              <a class="kern-link" href={x.website}>
                {x.website.replace(/^https?:\/\//, '')}
              </a>
            ) : (
              '–'
            ),
          }))}
        />
      </section>
      <section aria-labelledby="more-heading" class="ok-prose">
        <h2 class="kern-heading-medium" id="more-heading">
          {t('portal.contact.more')}
        </h2>
        <ul class="kern-list kern-list--bullet">
          <li class="kern-body">
            <a class="kern-link" href="/barrierefreiheit#feedback">
              {t('portal.contact.reportBarrier')}
            </a>
          </li>
          <li class="kern-body">
            <a class="kern-link" href="/gebaerdensprache">
              {t('portal.contact.signLanguage')}
            </a>
          </li>
          <li class="kern-body">
            <a class="kern-link" href="/datenschutz">
              {t('portal.contact.privacy')}
            </a>
          </li>
        </ul>
      </section>
    </Layout>
  );
}
