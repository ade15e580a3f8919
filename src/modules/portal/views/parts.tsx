import type { OrgUnit, Tenant } from '../../../kernel/tenants/index.ts';
import { Table } from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';

export { formatNumber } from '../../../kernel/i18n/format.ts';

export function unitName(ctx: ViewContext, unit: OrgUnit): string {
  return ctx.lang === 'en' && unit.nameEn ? unit.nameEn : unit.name;
}

/** "Mo–Mi" from the seed → "Mon–Wed" in English; unknown tokens stay as they are. */
export function dayLabel(ctx: ViewContext, days: string): string {
  return days.replace(/\b(Mo|Di|Mi|Do|Fr|Sa|So)\b/g, (d) => ctx.t(`portal.weekday.${d}`));
}

/** Phone number as a tel: link target: digits and a leading +. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}

export function Address({ name, address }: { name?: string; address: Tenant['address'] }) {
  if (!address.street && !address.city) return null;
  return (
    <address class="ok-address kern-body">
      {name && (
        <>
          {name}
          <br />
        </>
      )}
      {address.street}
      {address.street && <br />}
      {[address.postalCode, address.city].filter(Boolean).join(' ')}
    </address>
  );
}

/** Phone, e-mail and website as a list; empty entries are left out. */
export function ContactList({
  ctx,
  phone,
  email,
  website,
}: {
  ctx: ViewContext;
  phone?: string | null;
  email?: string | null;
  website?: string | null;
}) {
  const { t } = ctx;
  if (!phone && !email && !website) return null;
  return (
    <ul class="kern-list">
      {phone && (
        <li>
          {t('portal.contact.phone')}:{' '}
          <a class="kern-link" href={telHref(phone)}>
            {phone}
          </a>
        </li>
      )}
      {email && (
        <li>
          {t('portal.contact.email')}:{' '}
          <a class="kern-link" href={`mailto:${email}`}>
            {email}
          </a>
        </li>
      )}
      {website && (
        <li>
          {t('portal.contact.website')}:{' '}
          <a class="kern-link" href={website}>
            {website.replace(/^https?:\/\//, '')}
          </a>
        </li>
      )}
    </ul>
  );
}

export function OpeningHours({
  ctx,
  unit,
  id,
  captionHidden,
}: {
  ctx: ViewContext;
  unit: OrgUnit;
  id: string;
  captionHidden?: boolean;
}) {
  const { t } = ctx;
  if (!unit.openingHours.length) return <p class="kern-body">{t('portal.hours.none')}</p>;
  return (
    <Table
      id={id}
      caption={t('portal.hours.caption', { name: unitName(ctx, unit) })}
      captionHidden={captionHidden}
      small
      columns={[
        { key: 'days', label: t('portal.hours.days') },
        { key: 'time', label: t('portal.hours.time') },
      ]}
      rowHeader="days"
      rows={unit.openingHours.map((h) => ({
        days: dayLabel(ctx, h.days),
        time: t('portal.hours.range', { from: h.from, to: h.to }),
      }))}
    />
  );
}

/** Opening hours as a short list (for overviews; the office page has the table). */
export function OpeningHoursList({ ctx, unit }: { ctx: ViewContext; unit: OrgUnit }) {
  const { t } = ctx;
  if (!unit.openingHours.length) return null;
  return (
    <>
      <p class="kern-body kern-body--bold">{t('portal.unit.hours')}</p>
      <ul class="kern-list">
        {unit.openingHours.map((h, i) => (
          <li key={i} class="kern-body kern-body--small">
            {dayLabel(ctx, h.days)}: {t('portal.hours.range', { from: h.from, to: h.to })}
          </li>
        ))}
      </ul>
    </>
  );
}
