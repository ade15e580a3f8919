import { SESSION_COOKIE } from '../../../kernel/auth/index.ts';
import { LANG_COOKIE } from '../../../kernel/http/server.ts';
import type { Tenant } from '../../../kernel/tenants/index.ts';
import { Table } from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import { Layout } from '../../../kernel/views/layout.tsx';
import { MY_TOWN_COOKIE } from '../routes/context.ts';
import { Address, ContactList } from './parts.tsx';

export interface PrivacyPageProps {
  ctx: ViewContext;
  kreis?: Tenant;
  dpoEmail?: string;
  retentionDays: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
}

const RIGHTS = [
  'access',
  'rectification',
  'erasure',
  'restriction',
  'portability',
  'objection',
  'withdrawal',
];

export function PrivacyPage(p: PrivacyPageProps) {
  const { ctx } = p;
  const { t } = ctx;
  const kreisName = p.kreis?.name ?? t('site.owner');
  const cookies = [
    {
      name: SESSION_COOKIE,
      purpose: t('portal.privacy.cookie.session'),
      duration: t('portal.privacy.cookie.sessionDuration', {
        idle: p.sessionIdleMinutes,
        hours: p.sessionAbsoluteHours,
      }),
    },
    {
      name: '_csrf',
      purpose: t('portal.privacy.cookie.csrf'),
      duration: t('portal.privacy.cookie.browserSession'),
    },
    {
      name: LANG_COOKIE,
      purpose: t('portal.privacy.cookie.lang'),
      duration: t('portal.privacy.cookie.oneYear'),
    },
    {
      name: MY_TOWN_COOKIE,
      purpose: t('portal.privacy.cookie.myTown'),
      duration: t('portal.privacy.cookie.oneYear'),
    },
  ];
  return (
    <Layout
      ctx={ctx}
      title={t('portal.privacy.title')}
      breadcrumbs={[{ href: '/', label: t('portal.home.title') }, { label: t('portal.privacy.title') }]}
    >
      <h1 class="kern-heading-x-large">{t('portal.privacy.title')}</h1>
      <div class="ok-prose">
        <p class="kern-body kern-body--large">{t('portal.privacy.lead', { kreis: kreisName })}</p>

        <h2 class="kern-heading-medium">{t('portal.privacy.controller.title')}</h2>
        <p class="kern-body">{t('portal.privacy.controller.text')}</p>
        {p.kreis && <Address name={p.kreis.name} address={p.kreis.address} />}
        <p class="kern-body">{t('portal.privacy.controller.represented')}</p>
        <ContactList ctx={ctx} phone={p.kreis?.phone} email={p.kreis?.email} website={p.kreis?.website} />

        <h2 class="kern-heading-medium">{t('portal.privacy.dpo.title')}</h2>
        {p.dpoEmail ? (
          <p class="kern-body">
            {t('portal.privacy.dpo.text')}{' '}
            <a class="kern-link" href={`mailto:${p.dpoEmail}`}>
              {p.dpoEmail}
            </a>
          </p>
        ) : (
          <p class="kern-body">
            {t('portal.privacy.dpo.fallback', { kreis: kreisName, email: p.kreis?.email ?? '' })}
          </p>
        )}

        <h2 class="kern-heading-medium">{t('portal.privacy.purposes.title')}</h2>
        <h3 class="kern-heading-small">{t('portal.privacy.web.title')}</h3>
        <p class="kern-body">{t('portal.privacy.web.text')}</p>
        <p class="kern-body">{t('portal.privacy.web.rateLimit')}</p>
        <p class="kern-body">{t('portal.privacy.web.basis')}</p>

        <h3 class="kern-heading-small">{t('portal.privacy.myTown.title')}</h3>
        <p class="kern-body">{t('portal.privacy.myTown.text')}</p>

        <h3 class="kern-heading-small" id="feedback-data">
          {t('portal.privacy.feedback.title')}
        </h3>
        <p class="kern-body">{t('portal.privacy.feedback.text')}</p>
        <p class="kern-body">{t('portal.privacy.feedback.basis')}</p>
        <p class="kern-body">{t('portal.privacy.feedback.retention', { days: p.retentionDays })}</p>

        <h3 class="kern-heading-small">{t('portal.privacy.services.title')}</h3>
        <p class="kern-body">{t('portal.privacy.services.text')}</p>
      </div>

      <section aria-labelledby="cookies-heading">
        <h2 class="kern-heading-medium" id="cookies-heading">
          {t('portal.privacy.cookies.title')}
        </h2>
        <p class="kern-body ok-prose">{t('portal.privacy.cookies.text')}</p>
        <Table
          id="cookies"
          caption={t('portal.privacy.cookies.caption')}
          columns={[
            { key: 'name', label: t('portal.privacy.cookies.name') },
            { key: 'purpose', label: t('portal.privacy.cookies.purpose') },
            { key: 'duration', label: t('portal.privacy.cookies.duration') },
          ]}
          rowHeader="name"
          rows={cookies.map((c) => ({
            name: <code>{c.name}</code>,
            purpose: c.purpose,
            duration: c.duration,
          }))}
        />
        <p class="kern-body ok-prose">{t('portal.privacy.cookies.noTracking')}</p>
      </section>

      <div class="ok-prose">
        <h2 class="kern-heading-medium">{t('portal.privacy.recipients.title')}</h2>
        <p class="kern-body">{t('portal.privacy.recipients.text')}</p>

        <h2 class="kern-heading-medium">{t('portal.privacy.retention.title')}</h2>
        <p class="kern-body">{t('portal.privacy.retention.text')}</p>

        <h2 class="kern-heading-medium">{t('portal.privacy.rights.title')}</h2>
        <p class="kern-body">{t('portal.privacy.rights.intro')}</p>
        <ul class="kern-list kern-list--bullet">
          {RIGHTS.map((r) => (
            <li key={r} class="kern-body">
              {t(`portal.privacy.rights.${r}`)}
            </li>
          ))}
        </ul>

        <h2 class="kern-heading-medium">{t('portal.privacy.authority.title')}</h2>
        <p class="kern-body">{t('portal.privacy.authority.text')}</p>
        <address class="ok-address kern-body">
          {t('portal.privacy.authority.name')}
          <br />
          Kavalleriestraße 2–4
          <br />
          40213 Düsseldorf
        </address>
        <ContactList
          ctx={ctx}
          phone="+49 211 38424-0"
          email="poststelle@ldi.nrw.de"
          website="https://www.ldi.nrw.de"
        />
      </div>
    </Layout>
  );
}
