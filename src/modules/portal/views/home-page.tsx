import type { Tenant } from '../../../kernel/tenants/index.ts';
import { ButtonLink, TextField } from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import { Layout } from '../../../kernel/views/layout.tsx';
import type { EntryPoint } from '../entry-points.ts';
import { formatNumber } from './parts.tsx';

export function HomePage({
  ctx,
  tenants,
  myTown,
  entries,
  searchHref,
}: {
  ctx: ViewContext;
  tenants: Tenant[];
  myTown?: Tenant;
  entries: EntryPoint[];
  searchHref?: string;
}) {
  const { t } = ctx;
  const kreis = tenants.find((x) => x.kind === 'kreis');
  const towns = tenants.filter((x) => x.kind === 'gemeinde');
  const name = kreis?.name ?? t('site.owner');
  return (
    <Layout ctx={ctx} title={t('portal.home.title')}>
      <h1 class="kern-heading-x-large">{t('portal.home.heading', { name })}</h1>
      <p class="kern-body kern-body--large ok-prose">{t('portal.home.lead')}</p>
      {kreis && (
        <p class="kern-body ok-prose">
          {t('portal.home.about', {
            name,
            population: kreis.population ? formatNumber(ctx.lang, kreis.population) : '–',
            count: towns.length,
          })}
        </p>
      )}

      {searchHref && (
        <form
          method="get"
          action={searchHref}
          class="ok-form"
          role="search"
          aria-label={t('portal.home.search.label')}
        >
          <TextField
            ctx={ctx}
            name="q"
            type="search"
            label={t('portal.home.search.label')}
            hint={t('portal.home.search.hint')}
            maxLength={200}
            required
            largeLabel
          />
          <button type="submit" class="kern-btn kern-btn--primary">
            <span class="kern-icon kern-icon--search" aria-hidden="true" />
            <span class="kern-label">{t('portal.home.search.submit')}</span>
          </button>
        </form>
      )}

      <section aria-labelledby="my-town-heading" class="ok-box">
        <h2 class="kern-heading-medium ok-mt-0" id="my-town-heading">
          {t('portal.myTown.title')}
        </h2>
        {myTown ? (
          <>
            <p class="kern-body">{t('portal.home.myTown.chosen', { name: myTown.name })}</p>
            <div class="kern-btn-wrapper">
              <ButtonLink
                href={`/kommunen/${myTown.id}`}
                label={t('portal.home.myTown.open', { name: myTown.name })}
                icon="arrow-forward"
              />
              <ButtonLink href="/meine-kommune" label={t('portal.home.myTown.change')} variant="secondary" />
            </div>
          </>
        ) : (
          <>
            <p class="kern-body">{t('portal.home.myTown.intro')}</p>
            <form
              method="get"
              action="/meine-kommune"
              class="ok-form"
              aria-label={t('portal.myTown.byPostalCode')}
            >
              <TextField
                ctx={ctx}
                name="plz"
                label={t('portal.myTown.postalCode')}
                inputmode="numeric"
                autocomplete="postal-code"
                maxLength={5}
                required
              />
              <button type="submit" class="kern-btn kern-btn--primary">
                <span class="kern-label">{t('portal.myTown.search')}</span>
              </button>
            </form>
          </>
        )}
      </section>

      {entries.length > 0 && (
        <section aria-labelledby="entry-heading">
          <h2 class="kern-heading-medium" id="entry-heading">
            {t('portal.home.entries')}
          </h2>
          <ul class="ok-tiles">
            {entries.map((e) => (
              <li key={e.href}>
                <div class="ok-tile">
                  <a class="kern-link" href={e.href}>
                    {t(`portal.entry.${e.key}.title`)}
                  </a>
                  <p class="kern-body kern-body--small">{t(`portal.entry.${e.key}.text`)}</p>
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="towns-heading">
        <h2 class="kern-heading-medium" id="towns-heading">
          {t('portal.home.towns')}
        </h2>
        <ul class="ok-tiles">
          {towns.map((town) => (
            <li key={town.id}>
              <div class={`ok-tile${myTown?.id === town.id ? ' ok-tile--current' : ''}`}>
                <a class="kern-link" href={`/kommunen/${town.id}`}>
                  {town.name}
                </a>
                {town.population && (
                  <p class="kern-body kern-body--small">
                    {t('portal.home.population', { population: formatNumber(ctx.lang, town.population) })}
                  </p>
                )}
                {myTown?.id === town.id && (
                  <p class="kern-body kern-body--small kern-body--bold">{t('portal.home.myTown.badge')}</p>
                )}
              </div>
            </li>
          ))}
        </ul>
        {kreis && (
          <p class="kern-body">
            <a class="kern-link" href={`/kommunen/${kreis.id}`}>
              {t('portal.home.kreisLink', { name: kreis.name })}
            </a>
          </p>
        )}
      </section>
    </Layout>
  );
}
