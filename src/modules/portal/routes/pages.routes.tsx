import type { FastifyInstance } from 'fastify';
import type { Kernel } from '../../../kernel/kernel.ts';
import { readPortalConfig } from '../config.ts';
import { ENTRY_POINTS } from '../entry-points.ts';
import { findFeedbackContact } from '../queries/feedback-contact.ts';
import { ContactPage } from '../views/contact-page.tsx';
import { EasyLanguagePage } from '../views/easy-language-page.tsx';
import { HomePage } from '../views/home-page.tsx';
import { ImprintPage } from '../views/imprint-page.tsx';
import { PrivacyPage } from '../views/privacy-page.tsx';
import { SignLanguagePage } from '../views/sign-language-page.tsx';
import { portalView } from './context.ts';

/** Home and the legal/service pages linked from every footer. */
export async function pageRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const cfg = readPortalConfig(kernel.fullConfig);
  const pub = { config: { policy: 'public' as const, pageCache: true } };

  app.get('/', pub, async (req, reply) => {
    const { ctx, myTown } = await portalView(kernel, req, reply);
    const tenants = await kernel.tenants.list();
    const entries = ENTRY_POINTS.filter((e) => app.hasRoute({ method: 'GET', url: e.href }));
    const searchHref = app.hasRoute({ method: 'GET', url: '/suche' }) ? '/suche' : undefined;
    return reply.html(
      <HomePage ctx={ctx} tenants={tenants} myTown={myTown} entries={entries} searchHref={searchHref} />,
    );
  });

  app.get('/impressum', pub, async (req, reply) => {
    const { ctx } = await portalView(kernel, req, reply);
    return reply.html(
      <ImprintPage
        ctx={ctx}
        kreis={await kernel.tenants.kreis()}
        representative={cfg.imprintRepresentative}
        vatId={cfg.vatId}
        supervisoryAuthority={cfg.supervisoryAuthority}
      />,
    );
  });

  app.get('/datenschutz', pub, async (req, reply) => {
    const { ctx } = await portalView(kernel, req, reply);
    return reply.html(
      <PrivacyPage
        ctx={ctx}
        kreis={await kernel.tenants.kreis()}
        dpoEmail={cfg.dpoEmail}
        retentionDays={cfg.feedbackRetentionDays}
        sessionIdleMinutes={kernel.config.sessionIdleMinutes}
        sessionAbsoluteHours={kernel.config.sessionAbsoluteHours}
      />,
    );
  });

  app.get('/leichte-sprache', pub, async (req, reply) => {
    const { ctx } = await portalView(kernel, req, reply);
    const tenants = await kernel.tenants.list();
    return reply.html(
      <EasyLanguagePage
        ctx={ctx}
        kreis={tenants.find((x) => x.kind === 'kreis')}
        townCount={tenants.filter((x) => x.kind === 'gemeinde').length}
      />,
    );
  });

  app.get('/gebaerdensprache', pub, async (req, reply) => {
    const { ctx } = await portalView(kernel, req, reply);
    const { kreis, unit } = await findFeedbackContact(kernel);
    return reply.html(
      <SignLanguagePage
        ctx={ctx}
        kreis={kreis}
        unit={unit}
        video={cfg.signLanguageVideo}
        captions={cfg.signLanguageCaptions}
      />,
    );
  });

  app.get('/kontakt', pub, async (req, reply) => {
    const { ctx } = await portalView(kernel, req, reply);
    const { kreis, unit } = await findFeedbackContact(kernel);
    const towns = (await kernel.tenants.list()).filter((x) => x.kind === 'gemeinde');
    return reply.html(<ContactPage ctx={ctx} kreis={kreis} unit={unit} towns={towns} />);
  });
}
