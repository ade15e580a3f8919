import type { Tenant } from '../../../kernel/tenants/index.ts';
import type { ViewContext } from '../../../kernel/views/context.ts';
import { Layout } from '../../../kernel/views/layout.tsx';

export function HomePage({ ctx, tenants }: { ctx: ViewContext; tenants: Tenant[] }) {
  const { t } = ctx;
  const kreis = tenants.find((x) => x.kind === 'kreis');
  const towns = tenants.filter((x) => x.kind === 'gemeinde');
  return (
    <Layout ctx={ctx} title={t('portal.home.title')}>
      <h1 class="kern-heading-x-large">{kreis ? t('portal.home.heading', { name: kreis.name }) : t('portal.home.title')}</h1>
      <p class="kern-body kern-body--large">{t('portal.home.lead')}</p>
      <section aria-labelledby="towns-heading">
        <h2 class="kern-heading-medium" id="towns-heading">
          {t('portal.home.towns')}
        </h2>
        <ul class="ok-tiles">
          {towns.map((town) => (
            <li key={town.id} class="ok-tile">
              <a href={`/kommunen/${town.id}`}>{town.name}</a>
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}
