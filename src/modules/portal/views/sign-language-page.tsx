import type { OrgUnit, Tenant } from '../../../kernel/tenants/index.ts';
import { Alert } from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import { Layout } from '../../../kernel/views/layout.tsx';
import { ContactList, unitName } from './parts.tsx';

export interface SignLanguagePageProps {
  ctx: ViewContext;
  kreis?: Tenant;
  unit?: OrgUnit;
  /** Same-origin path of the self-hosted video; undefined while it is being produced. */
  video?: string;
  captions?: string;
}

const TOPICS = ['portal', 'myTown', 'services', 'help'];

export function SignLanguagePage(p: SignLanguagePageProps) {
  const { ctx } = p;
  const { t } = ctx;
  const kreisName = p.kreis?.name ?? t('site.owner');
  return (
    <Layout
      ctx={ctx}
      title={t('portal.sign.title')}
      breadcrumbs={[{ href: '/', label: t('portal.home.title') }, { label: t('portal.sign.title') }]}
    >
      <h1 class="kern-heading-x-large">{t('portal.sign.title')}</h1>
      <p class="kern-body kern-body--large ok-prose">{t('portal.sign.lead', { kreis: kreisName })}</p>
      {p.video ? (
        <section aria-labelledby="video-heading">
          <h2 class="kern-heading-medium" id="video-heading">
            {t('portal.sign.videoTitle')}
          </h2>
          <video class="ok-video" controls preload="metadata" aria-describedby="video-summary">
            <source src={p.video} type={p.video.endsWith('.webm') ? 'video/webm' : 'video/mp4'} />
            {p.captions && (
              <track
                kind="captions"
                src={p.captions}
                srcLang="de"
                label={t('portal.sign.captions')}
                default
              />
            )}
            <p class="kern-body">
              {t('portal.sign.noVideoSupport')}{' '}
              <a class="kern-link" href={p.video} download>
                {t('portal.sign.download')}
              </a>
            </p>
          </video>
        </section>
      ) : (
        <Alert type="info" title={t('portal.sign.inProduction')} headingLevel={2}>
          <p class="kern-body">{t('portal.sign.inProductionText')}</p>
        </Alert>
      )}
      <section aria-labelledby="video-summary-heading" class="ok-prose">
        <h2 class="kern-heading-medium" id="video-summary-heading">
          {t('portal.sign.summaryTitle')}
        </h2>
        <div id="video-summary">
          {TOPICS.map((topic) => (
            <p class="kern-body" key={topic}>
              {t(`portal.sign.topic.${topic}`, { kreis: kreisName })}
            </p>
          ))}
        </div>
      </section>
      <section aria-labelledby="interpreting-heading" class="ok-prose">
        <h2 class="kern-heading-medium" id="interpreting-heading">
          {t('portal.sign.interpreting.title')}
        </h2>
        <p class="kern-body">{t('portal.sign.interpreting.right')}</p>
        <p class="kern-body">{t('portal.sign.interpreting.how')}</p>
        {p.unit && <p class="kern-body kern-body--bold">{unitName(ctx, p.unit)}</p>}
        <ContactList
          ctx={ctx}
          email={p.unit?.email ?? p.kreis?.email}
          phone={p.unit?.phone ?? p.kreis?.phone}
        />
      </section>
    </Layout>
  );
}
