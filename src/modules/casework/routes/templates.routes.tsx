import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kernel } from '../../../kernel/kernel.ts';
import type { FieldErrors } from '../../../kernel/views/components.tsx';
import { DEFAULT_TEMPLATE } from '../data/notice-texts.ts';
import { findTemplate, listTemplates, upsertTemplate } from '../db/templates.ts';
import { TEMPLATE_PLACEHOLDERS } from '../domain.ts';
import { formatDate } from '../presenters/format.ts';
import { templateAdmin, templateTenants } from '../policies.ts';
import { TemplateEditPage, TemplatesPage } from '../views/staff-pages.tsx';
import { noticeFrom, notFound, str } from './common.ts';
import { inTransaction } from '../../../kernel/db/database.ts';

const BASE = '/verwaltung/bescheidvorlagen';
const SLUG = /^[a-z0-9-]{1,100}$/;

/** Notice templates per tenant and service, edited by tenant admins. */
export async function templateRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const policy = { policy: templateAdmin };

  function allowed(req: FastifyRequest, tenantId: string): boolean {
    const ids = templateTenants(req.principal);
    return ids === 'all' || (ids?.includes(tenantId) ?? false);
  }

  app.get(BASE, { config: policy }, async (req, reply) => {
    const ctx = reply.viewContext();
    const items = await listTemplates(kernel.db.pool, templateTenants(req.principal)!);
    const named = await Promise.all(
      items.map(async (i) => ({
        tenantId: i.tenantId,
        tenantName: (await kernel.tenants.get(i.tenantId))?.name ?? i.tenantId,
        serviceSlug: i.serviceSlug,
        title: i.title,
        updated: formatDate(ctx.lang, i.updatedAt),
      })),
    );
    return reply.html(
      <TemplatesPage ctx={ctx} items={named} notice={noticeFrom(req, ctx.t, ['gespeichert'])} />,
    );
  });

  async function render(
    req: FastifyRequest,
    reply: FastifyReply,
    tenantId: string,
    serviceSlug: string,
    values?: { title: string; body: string },
    errors: FieldErrors = {},
  ) {
    const tenant = await kernel.tenants.get(tenantId);
    if (!tenant || !SLUG.test(serviceSlug) || !allowed(req, tenantId)) return notFound(reply);
    const tpl = values ?? (await findTemplate(kernel.db.pool, tenantId, serviceSlug)) ?? DEFAULT_TEMPLATE;
    return reply.html(
      <TemplateEditPage
        ctx={reply.viewContext()}
        tenantId={tenantId}
        tenantName={tenant.name}
        serviceSlug={serviceSlug}
        values={{ title: tpl.title, body: tpl.body }}
        errors={errors}
        placeholders={TEMPLATE_PLACEHOLDERS}
      />,
      Object.keys(errors).length ? 422 : 200,
    );
  }

  app.get<{ Params: { tenant: string; service: string } }>(
    `${BASE}/:tenant/:service`,
    { config: policy },
    async (req, reply) => render(req, reply, req.params.tenant, req.params.service),
  );

  app.post<{ Params: { tenant: string; service: string } }>(
    `${BASE}/:tenant/:service`,
    { config: policy },
    async (req, reply) => {
      const t = reply.viewContext().t;
      const { tenant, service } = req.params;
      if (!(await kernel.tenants.get(tenant)) || !SLUG.test(service) || !allowed(req, tenant))
        return notFound(reply);
      const values = {
        title: str(req.body, 'title', 1000).trim(),
        body: str(req.body, 'body', 40_000).replace(/\r\n/g, '\n').trim(),
      };
      const errors: FieldErrors = {};
      if (!values.title) errors.title = t('casework.error.titleRequired');
      else if (values.title.length > 200) errors.title = t('casework.error.tooLong', { max: 200 });
      if (!values.body) errors.body = t('casework.error.bodyRequired');
      else if (values.body.length > 20_000) errors.body = t('casework.error.tooLong', { max: 20000 });
      else {
        const unknown = [...values.body.matchAll(/\{([a-zA-Z][a-zA-Z0-9_]*)\}/g)]
          .map((m) => m[1]!)
          .filter((k) => !(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(k));
        if (unknown.length) errors.body = t('casework.error.unknownPlaceholder', { name: `{${unknown[0]}}` });
      }
      if (Object.keys(errors).length) return render(req, reply, tenant, service, values, errors);
      await inTransaction(kernel.db.pool, async (client) => {
        await upsertTemplate(client, {
          tenantId: tenant,
          serviceSlug: service,
          ...values,
          at: kernel.clock.now(),
          by: req.principal!.accountId,
        });
        await kernel.audit.record(
          {
            actorId: req.principal!.accountId,
            action: 'casework.template_saved',
            objectType: 'notice_template',
            objectId: `${tenant}/${service}`,
            tenantId: tenant,
            after: values,
            requestId: req.id,
          },
          client,
        );
      });
      return reply.redirect(`${BASE}?hinweis=gespeichert`, 303);
    },
  );
}
