import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { Kernel } from '../../../kernel/kernel.ts';
import type { FieldErrors } from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import { submitAccessibilityFeedback } from '../commands/submit-accessibility-feedback.ts';
import { readPortalConfig } from '../config.ts';
import { FEEDBACK_MAX, readFeedbackForm } from '../feedback-form.ts';
import { findFeedbackContact } from '../queries/feedback-contact.ts';
import { AccessibilityPage, FeedbackThanksPage, type FeedbackValues } from '../views/accessibility-page.tsx';
import { portalView } from './context.ts';

const formBody = Type.Object(
  Object.fromEntries(
    ['name', 'email', 'page', 'message'].map((n) => [n, Type.Optional(Type.String({ maxLength: 20_000 }))]),
  ),
);

/** The page the visitor came from, when it is one of ours (pre-fills "page concerned"). */
function pageFromReferer(req: FastifyRequest, baseUrl: string): string | undefined {
  const ref = req.headers.referer;
  if (!ref) return undefined;
  try {
    const u = new URL(ref);
    const base = new URL(baseUrl);
    const host = req.headers.host;
    if (u.host !== base.host && u.host !== host) return undefined;
    if (u.pathname === '/barrierefreiheit' || u.pathname.startsWith('/barrierefreiheit/')) return undefined;
    return `${u.pathname}${u.search}`.slice(0, FEEDBACK_MAX.page);
  } catch {
    return undefined;
  }
}

/** The accessibility statement with its feedback form (BITV NRW / EU 2018/1523 model statement). */
export async function accessibilityRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const cfg = readPortalConfig(kernel.fullConfig);

  async function statement(ctx: ViewContext, values: FeedbackValues, errors?: FieldErrors) {
    const contact = await findFeedbackContact(kernel);
    return (
      <AccessibilityPage
        ctx={ctx}
        kreis={contact.kreis}
        unit={contact.unit}
        recipient={contact.recipient}
        statementDate={cfg.accessibilityStatementDate}
        signLanguageVideo={!!cfg.signLanguageVideo}
        values={values}
        errors={errors}
      />
    );
  }

  app.get<{ Querystring: { seite?: string } }>(
    '/barrierefreiheit',
    {
      config: { policy: 'public' },
      schema: {
        querystring: Type.Object({ seite: Type.Optional(Type.String({ maxLength: FEEDBACK_MAX.page })) }),
      },
    },
    async (req, reply) => {
      const { ctx } = await portalView(kernel, req, reply);
      return reply.html(
        await statement(ctx, { page: req.query.seite ?? pageFromReferer(req, kernel.config.baseUrl) }),
      );
    },
  );

  app.post(
    '/barrierefreiheit',
    { config: { policy: 'public' }, schema: { body: formBody } },
    async (req, reply) => {
      const { ctx } = await portalView(kernel, req, reply);
      const { values, v } = readFeedbackForm(ctx.t, req.body);
      if (!v.ok) return reply.html(await statement(ctx, values, v.errors), 422);
      const result = await submitAccessibilityFeedback(kernel, values, req.lang);
      return reply.redirect(`/barrierefreiheit/danke?nr=${result.reference}`, 303);
    },
  );

  app.get<{ Querystring: { nr?: string } }>(
    '/barrierefreiheit/danke',
    {
      config: { policy: 'public' },
      schema: { querystring: Type.Object({ nr: Type.Optional(Type.String({ maxLength: 20 })) }) },
    },
    async (req, reply) => {
      const { ctx } = await portalView(kernel, req, reply);
      const nr = req.query.nr && /^[0-9A-F]{8}$/.test(req.query.nr) ? req.query.nr : undefined;
      return reply.html(<FeedbackThanksPage ctx={ctx} reference={nr} />);
    },
  );
}
