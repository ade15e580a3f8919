import type { OrgUnit, Tenant } from '../../../kernel/tenants/index.ts';
import { Button, Form, SummaryList, type SummaryRow } from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import { Layout } from '../../../kernel/views/layout.tsx';
import { Address, ContactList, formatNumber, OpeningHours, OpeningHoursList, unitName } from './parts.tsx';

export function townFacts(ctx: ViewContext, town: Tenant, parent?: Tenant): SummaryRow[] {
  const { t } = ctx;
  const rows: SummaryRow[] = [{ key: t('portal.town.kind'), value: t(`portal.town.kind.${town.kind}`) }];
  if (parent)
    rows.push({
      key: t('portal.town.parent'),
      value: (
        <a class="kern-link" href={`/kommunen/${parent.id}`}>
          {parent.name}
        </a>
      ),
    });
  rows.push(
    { key: t('portal.town.ags'), value: <span class="ok-number">{town.ags}</span> },
    { key: t('portal.town.ars'), value: <span class="ok-number">{town.ars}</span> },
    {
      key: t('portal.town.population'),
      value: town.population ? formatNumber(ctx.lang, town.population) : '',
    },
    { key: t('portal.town.districtCodes'), value: town.districtCodes.join(', ') },
  );
  if (town.postalCodes.length)
    rows.push({ key: t('portal.town.postalCodes'), value: town.postalCodes.join(', ') });
  rows.push({ key: t('portal.town.address'), value: <Address address={town.address} /> });
  return rows;
}

export function TownPage({
  ctx,
  town,
  parent,
  units,
  towns,
  myTown,
}: {
  ctx: ViewContext;
  town: Tenant;
  parent?: Tenant;
  units: OrgUnit[];
  towns: Tenant[];
  myTown?: Tenant;
}) {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={town.name}
      breadcrumbs={[
        { href: '/', label: t('portal.home.title') },
        { href: '/kommunen', label: t('portal.towns.title') },
        { label: town.name },
      ]}
    >
      <h1 class="kern-heading-x-large">{town.name}</h1>
      {town.kind === 'gemeinde' &&
        (myTown?.id === town.id ? (
          <p class="kern-body kern-body--bold">{t('portal.home.myTown.badge')}</p>
        ) : (
          <Form ctx={ctx} action="/meine-kommune" label={t('portal.myTown.saveNamed', { name: town.name })}>
            <input type="hidden" name="kommune" value={town.id} />
            <Button label={t('portal.myTown.saveNamed', { name: town.name })} variant="secondary" />
          </Form>
        ))}

      <section aria-labelledby="facts-heading">
        <h2 class="kern-heading-medium" id="facts-heading">
          {t('portal.town.facts')}
        </h2>
        <SummaryList ctx={ctx} rows={townFacts(ctx, town, parent)} />
      </section>

      <section aria-labelledby="contact-heading">
        <h2 class="kern-heading-medium" id="contact-heading">
          {t('portal.town.contact')}
        </h2>
        <ContactList ctx={ctx} phone={town.phone} email={town.email} website={town.website} />
      </section>

      <section aria-labelledby="units-heading">
        <h2 class="kern-heading-medium" id="units-heading">
          {t('portal.town.units')}
        </h2>
        {units.length === 0 ? (
          <p class="kern-body">{t('portal.town.noUnits')}</p>
        ) : (
          <ul class="ok-tiles">
            {units.map((u) => (
              <li key={u.id}>
                <div class="ok-tile">
                  <h3 class="kern-heading-small ok-mt-0">
                    <a class="kern-link" href={`/kommunen/${town.id}/aemter/${u.slug}`}>
                      {unitName(ctx, u)}
                    </a>
                  </h3>
                  <Address address={u.address} />
                  <ContactList ctx={ctx} phone={u.phone} email={u.email} />
                  <OpeningHoursList ctx={ctx} unit={u} />
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      {town.kind === 'kreis' && towns.length > 0 && (
        <section aria-labelledby="members-heading">
          <h2 class="kern-heading-medium" id="members-heading">
            {t('portal.home.towns')}
          </h2>
          <ul class="kern-list kern-list--bullet">
            {towns.map((x) => (
              <li key={x.id}>
                <a class="kern-link" href={`/kommunen/${x.id}`}>
                  {x.name}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Layout>
  );
}

export function TownsPage({ ctx, tenants }: { ctx: ViewContext; tenants: Tenant[] }) {
  const { t } = ctx;
  const kreis = tenants.find((x) => x.kind === 'kreis');
  const towns = tenants.filter((x) => x.kind === 'gemeinde');
  return (
    <Layout
      ctx={ctx}
      title={t('portal.towns.title')}
      breadcrumbs={[{ href: '/', label: t('portal.home.title') }, { label: t('portal.towns.title') }]}
    >
      <h1 class="kern-heading-x-large">{t('portal.towns.title')}</h1>
      <ul class="ok-tiles">
        {[...(kreis ? [kreis] : []), ...towns].map((x) => (
          <li key={x.id}>
            <div class="ok-tile">
              <a class="kern-link" href={`/kommunen/${x.id}`}>
                {x.name}
              </a>
              <Address address={x.address} />
            </div>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function OrgUnitPage({ ctx, town, unit }: { ctx: ViewContext; town: Tenant; unit: OrgUnit }) {
  const { t } = ctx;
  const name = unitName(ctx, unit);
  return (
    <Layout
      ctx={ctx}
      title={`${name} – ${town.name}`}
      breadcrumbs={[
        { href: '/', label: t('portal.home.title') },
        { href: '/kommunen', label: t('portal.towns.title') },
        { href: `/kommunen/${town.id}`, label: town.name },
        { label: name },
      ]}
    >
      <hgroup class="kern-hgroup">
        <h1 class="kern-heading-x-large">{name}</h1>
        <p class="kern-subline kern-subline--large">{town.name}</p>
      </hgroup>
      <div class="ok-columns">
        <section aria-labelledby="address-heading">
          <h2 class="kern-heading-medium ok-mt-0" id="address-heading">
            {t('portal.unit.address')}
          </h2>
          <Address name={name} address={unit.address} />
        </section>
        <section aria-labelledby="unit-contact-heading">
          <h2 class="kern-heading-medium ok-mt-0" id="unit-contact-heading">
            {t('portal.unit.contact')}
          </h2>
          <ContactList
            ctx={ctx}
            phone={unit.phone ?? town.phone}
            email={unit.email ?? town.email}
            website={town.website}
          />
        </section>
      </div>
      <section aria-labelledby="hours-heading">
        <h2 class="kern-heading-medium" id="hours-heading">
          {t('portal.unit.hours')}
        </h2>
        <OpeningHours ctx={ctx} unit={unit} id="hours" captionHidden />
      </section>
    </Layout>
  );
}
