import type { Tenant } from '../../../kernel/tenants/index.ts';
import { formatDateTime } from '../../../kernel/i18n/format.ts';
import { Select, SummaryList, type SummaryRow } from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import { Layout } from '../../../kernel/views/layout.tsx';
import type { ResponsibleOffice, ServiceView } from '../presenters/service.ts';

const absolute = (origin: string, href: string) => (href.startsWith('/') ? `${origin}${href}` : href);

/** schema.org GovernmentService for the page (JSON-LD). */
export function serviceJsonLd(s: ServiceView, origin: string, kreis: Tenant | undefined, towns: Tenant[]) {
  const areaServed =
    s.ref.level === 'kreis'
      ? kreis
        ? [{ '@type': 'AdministrativeArea', name: kreis.name, identifier: kreis.ars }]
        : []
      : towns
          .filter((t) => s.towns.some((x) => x.id === t.id))
          .map((t) => ({ '@type': 'AdministrativeArea', name: t.name, identifier: t.ars }));
  const identifier = [
    ...(s.ref.leikaKey ? [{ '@type': 'PropertyValue', propertyID: 'LeiKa', value: s.ref.leikaKey }] : []),
    ...(s.ref.ozgId ? [{ '@type': 'PropertyValue', propertyID: 'OZG', value: s.ref.ozgId }] : []),
  ];
  const o = s.office;
  return {
    '@context': 'https://schema.org',
    '@type': 'GovernmentService',
    '@id': `${origin}/leistungen/${s.ref.slug}`,
    url: `${origin}/leistungen/${s.ref.slug}`,
    name: s.title,
    description: s.summary,
    serviceType: s.themenfeld ?? undefined,
    identifier,
    areaServed,
    provider: o
      ? {
          '@type': 'GovernmentOrganization',
          name: `${o.tenant.name} – ${o.unit.name}`,
          email: o.unit.email ?? undefined,
          telephone: o.unit.phone ?? undefined,
          address: {
            '@type': 'PostalAddress',
            streetAddress: o.unit.address.street ?? undefined,
            postalCode: o.unit.address.postalCode ?? undefined,
            addressLocality: o.unit.address.city ?? undefined,
            addressCountry: 'DE',
          },
        }
      : kreis
        ? { '@type': 'GovernmentOrganization', name: kreis.name }
        : undefined,
    availableChannel: s.channels.flatMap((c): Record<string, unknown>[] => {
      if (c.href) return [{ '@type': 'ServiceChannel', name: c.kind, serviceUrl: absolute(origin, c.href) }];
      if (c.kind === 'phone' && o?.unit.phone)
        return [
          {
            '@type': 'ServiceChannel',
            name: c.kind,
            servicePhone: {
              '@type': 'ContactPoint',
              name: o.contactName ?? undefined,
              telephone: o.unit.phone,
            },
          },
        ];
      if (c.kind === 'email' && o?.unit.email)
        return [{ '@type': 'ServiceChannel', name: c.kind, serviceUrl: `mailto:${o.unit.email}` }];
      return [];
    }),
    // Fees as offers: a fixed amount as price, a range as minPrice/maxPrice; text-only fees
    // ("nach Aufwand") as a description.
    offers: s.fees.length
      ? s.fees.map((f) => ({
          '@type': 'Offer',
          name: f.label,
          description: `${f.amount} (${f.legalBasis})`,
          ...(f.minCents === null
            ? {}
            : f.minCents === f.maxCents
              ? { price: (f.minCents / 100).toFixed(2), priceCurrency: 'EUR' }
              : {
                  priceSpecification: {
                    '@type': 'PriceSpecification',
                    minPrice: (f.minCents / 100).toFixed(2),
                    maxPrice: ((f.maxCents ?? f.minCents) / 100).toFixed(2),
                    priceCurrency: 'EUR',
                  },
                }),
        }))
      : undefined,
  };
}

function OfficeBlock({ ctx, office }: { ctx: ViewContext; office: ResponsibleOffice }) {
  const { t } = ctx;
  const a = office.unit.address;
  return (
    <div class="ok-office">
      <p class="kern-body">
        <strong>
          {office.tenant.name}, {office.unit.name}
        </strong>
        {office.tenant.id !== office.forTenant.id && (
          <> {t('services.page.officeFor', { town: office.forTenant.name })}</>
        )}
      </p>
      <address class="kern-body">
        {a.street && (
          <>
            {a.street}
            <br />
          </>
        )}
        {[a.postalCode, a.city].filter(Boolean).join(' ')}
      </address>
      <ul class="kern-list">
        {office.contactName && (
          <li>
            {t('services.page.contact')}: {office.contactName}
          </li>
        )}
        {office.unit.phone && (
          <li>
            {t('services.page.phone')}:{' '}
            <a class="kern-link" href={`tel:${office.unit.phone.replace(/[^\d+]/g, '')}`}>
              {office.unit.phone}
            </a>
          </li>
        )}
        {office.unit.email && (
          <li>
            {t('services.page.email')}:{' '}
            <a class="kern-link" href={`mailto:${office.unit.email}`}>
              {office.unit.email}
            </a>
          </li>
        )}
        <li>
          <a class="kern-link" href={`/kommunen/${office.tenant.id}/aemter/${office.unit.slug}`}>
            {t('services.page.officePage', { name: office.unit.name })}
          </a>
        </li>
      </ul>
      {office.unit.openingHours.length > 0 && (
        <>
          <p class="kern-body kern-body--bold">{t('services.page.hours')}</p>
          <ul class="kern-list">
            {office.unit.openingHours.map((h, i) => (
              <li key={i}>
                {h.days}: {t('services.page.hoursRange', { from: h.from, to: h.to })}
              </li>
            ))}
          </ul>
        </>
      )}
      {/* Sanitised Markdown (allow-list) */}
      {office.noteHtml && <div class="ok-prose" dangerouslySetInnerHTML={{ __html: office.noteHtml }} />}
    </div>
  );
}

export function ServicePage({
  ctx,
  service: s,
  towns,
  town,
  jsonLd,
}: {
  ctx: ViewContext;
  service: ServiceView;
  towns: Tenant[];
  town: Tenant | undefined;
  jsonLd: unknown;
}) {
  const { t } = ctx;
  const facts: SummaryRow[] = [
    { key: t('services.page.level'), value: t(`services.level.${s.ref.level}`) },
    ...(s.themenfeld
      ? [
          {
            key: t('services.facet.themenfeld'),
            value: (
              <a class="kern-link" href={`/leistungen/themen/${encodeURIComponent(s.themenfeld)}`}>
                {s.themenfeld}
              </a>
            ),
          },
        ]
      : []),
    ...(s.lebenslagen.length
      ? [{ key: t('services.facet.lebenslage'), value: s.lebenslagen.join(', ') }]
      : []),
    ...(s.ref.leikaKey
      ? [{ key: t('services.page.leika'), value: <span class="ok-number">{s.ref.leikaKey}</span> }]
      : []),
    ...(s.ref.ozgId
      ? [{ key: t('services.page.ozg'), value: <span class="ok-number">{s.ref.ozgId}</span> }]
      : []),
  ];
  const json = JSON.stringify(jsonLd).replace(/</g, '\\u003c');
  return (
    <Layout
      ctx={ctx}
      title={s.title}
      breadcrumbs={[
        { href: '/', label: t('services.breadcrumb.home') },
        { href: '/leistungen', label: t('services.finder.title') },
        { label: s.title },
      ]}
    >
      <script type="application/ld+json" nonce={ctx.nonce} dangerouslySetInnerHTML={{ __html: json }} />
      <h1 class="kern-heading-x-large">{s.title}</h1>
      <p class="kern-body kern-body--large">{s.summary}</p>
      {s.easyLanguage && (
        <section class="ok-easy-language" lang="de" aria-labelledby="easy-title">
          <h2 class="kern-heading-medium" id="easy-title">
            {t('services.page.easyLanguage')}
          </h2>
          <p class="kern-body">{s.easyLanguage}</p>
        </section>
      )}
      {s.channels.length > 0 && (
        <section aria-labelledby="channels-title">
          <h2 class="kern-heading-medium" id="channels-title">
            {t('services.page.channels')}
          </h2>
          <ul class="kern-list">
            {s.channels.map((c) => (
              <li key={c.kind}>
                {c.href ? (
                  <a class="kern-link" href={c.href}>
                    {t(`services.channel.${c.kind}.action`)}
                  </a>
                ) : (
                  t(`services.channel.${c.kind}`)
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="office-title">
        <h2 class="kern-heading-medium" id="office-title">
          {t('services.page.office')}
        </h2>
        {s.office ? (
          <OfficeBlock ctx={ctx} office={s.office} />
        ) : (
          <p class="kern-body">{t('services.page.chooseTown')}</p>
        )}
        {s.ref.level === 'gemeinde' && (
          <form
            method="get"
            action={`/leistungen/${s.ref.slug}`}
            class="ok-form"
            aria-label={t('services.page.townForm')}
          >
            <Select
              ctx={ctx}
              name="kommune"
              label={t('services.finder.town')}
              options={towns
                .filter((x) => s.towns.some((y) => y.id === x.id))
                .map((x) => ({ value: x.id, label: x.name }))}
              value={town?.id}
            />
            <button type="submit" class="kern-btn kern-btn--secondary">
              <span class="kern-label">{t('services.page.showOffice')}</span>
            </button>
          </form>
        )}
      </section>
      {s.bodyHtml && (
        <section aria-labelledby="desc-title">
          <h2 class="kern-heading-medium" id="desc-title">
            {t('services.page.description')}
          </h2>
          {/* Sanitised Markdown (allow-list) */}
          <div class="ok-prose" dangerouslySetInnerHTML={{ __html: s.bodyHtml }} />
        </section>
      )}
      {s.documents.length > 0 && (
        <section aria-labelledby="docs-title">
          <h2 class="kern-heading-medium" id="docs-title">
            {t('services.page.documents')}
          </h2>
          <ul class="kern-list">
            {s.documents.map((d, i) => (
              <li key={i}>{d}</li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="fees-title">
        <h2 class="kern-heading-medium" id="fees-title">
          {t('services.page.fees')}
        </h2>
        {s.fees.length === 0 ? (
          <p class="kern-body">{t('services.page.noFees')}</p>
        ) : (
          <ul class="kern-list">
            {s.fees.map((f, i) => (
              <li key={i}>
                {f.label}: <strong>{f.amount}</strong> ({t('services.page.feeBasis', { basis: f.legalBasis })}
                )
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="time-title">
        <h2 class="kern-heading-medium" id="time-title">
          {t('services.page.processing')}
        </h2>
        <p class="kern-body">
          {s.processing ||
            (s.ref.processingDays === null
              ? t('services.page.processingUnknown')
              : s.ref.processingDays === 0
                ? t('services.page.processingImmediate')
                : t('services.page.processingDays', { days: String(s.ref.processingDays) }))}
        </p>
      </section>
      <section aria-labelledby="law-title">
        <h2 class="kern-heading-medium" id="law-title">
          {t('services.page.legalBasis')}
        </h2>
        <p class="kern-body">{s.legalBasis || '—'}</p>
      </section>
      <section aria-labelledby="facts-title">
        <h2 class="kern-heading-medium" id="facts-title">
          {t('services.page.facts')}
        </h2>
        <SummaryList ctx={ctx} rows={facts} />
        <p class="kern-body kern-body--small">
          {t('services.page.updated', { date: formatDateTime(ctx.lang, s.updatedAt) })}
        </p>
      </section>
    </Layout>
  );
}
