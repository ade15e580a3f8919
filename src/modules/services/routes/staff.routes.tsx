import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Kernel } from '../../../kernel/kernel.ts';
import type { FieldErrors } from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import { editService } from '../commands/edit-service.ts';
import {
  selectLebenslagenList,
  selectResponsibilities,
  selectServiceBySlug,
  selectServices,
} from '../db/services.queries.ts';
import { anyServiceEditor, canEditTenant } from '../policies.ts';
import { EditPage, StaffListPage } from '../views/staff-pages.tsx';
import { readEditForm, valuesFromRows, type EditValues } from './service-form.ts';

const Params = Type.Object({
  slug: Type.String({ maxLength: 200 }),
  tenant: Type.String({ maxLength: 100 }),
});
type P = { slug: string; tenant: string };

export async function staffRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  app.get('/verwaltung/leistungen', { config: { policy: anyServiceEditor } }, async (req, reply) => {
    const ctx = reply.viewContext();
    const tenants = (await kernel.tenants.list()).filter((t) => canEditTenant(req.principal, t.id));
    const services = await selectServices(kernel.db.pool, { publishedOnly: false });
    const resp = await selectResponsibilities(
      kernel.db.pool,
      services.map((s) => s.id),
    );
    const rows = tenants.flatMap((t) =>
      services
        .filter(
          (s) =>
            s.owner_tenant_id === t.id || resp.some((r) => r.service_id === s.id && r.for_tenant_id === t.id),
        )
        .map((s) => ({ slug: s.slug, title: s.title_de, tenantId: t.id, tenantName: t.name })),
    );
    return reply.html(<StaffListPage ctx={ctx} rows={rows} />);
  });

  /** Loads what the principal may edit, or null (404). */
  const load = async (kernelTenant: string, slug: string) => {
    const s = await selectServiceBySlug(kernel.db.pool, slug);
    const tenant = await kernel.tenants.get(kernelTenant);
    if (!s || !tenant) return null;
    const resp = (await selectResponsibilities(kernel.db.pool, [s.id])).find(
      (r) => r.for_tenant_id === tenant.id,
    );
    const owner = s.owner_tenant_id === tenant.id;
    if (!owner && !resp) return null;
    const units = resp ? await kernel.tenants.orgUnits(resp.responsible_tenant_id) : [];
    const lebenslagen = owner ? await selectLebenslagenList(kernel.db.pool) : [];
    return { s, tenant, resp, owner, units, lebenslagen };
  };
  type Loaded = NonNullable<Awaited<ReturnType<typeof load>>>;

  const page = (ctx: ViewContext, d: Loaded, values: EditValues, errors: FieldErrors, saved: boolean) => (
    <EditPage
      ctx={ctx}
      slug={d.s.slug}
      tenant={d.tenant}
      owner={d.owner}
      hasResponsibility={!!d.resp}
      units={d.units}
      lebenslagen={d.lebenslagen}
      values={values}
      errors={errors}
      saved={saved}
    />
  );

  app.get<{ Params: P }>(
    '/verwaltung/leistungen/:slug/:tenant',
    { config: { policy: (p, r) => canEditTenant(p, (r.params as P).tenant) }, schema: { params: Params } },
    async (req, reply) => {
      const d = await load(req.params.tenant, req.params.slug);
      if (!d) return reply.callNotFound();
      const saved = (req.query as Record<string, unknown>).gespeichert === '1';
      return reply.html(page(reply.viewContext(), d, valuesFromRows(d.s, d.resp), {}, saved));
    },
  );

  app.post<{ Params: P }>(
    '/verwaltung/leistungen/:slug/:tenant',
    { config: { policy: (p, r) => canEditTenant(p, (r.params as P).tenant) }, schema: { params: Params } },
    async (req, reply) => {
      const d = await load(req.params.tenant, req.params.slug);
      if (!d) return reply.callNotFound();
      const ctx = reply.viewContext();
      const { v, values, edit } = readEditForm(ctx.t, req.body, {
        owner: d.owner,
        unitIds: d.resp ? d.units.map((u) => u.id) : null,
        lebenslagen: [...d.lebenslagen.map((l) => l.lebenslage), ...d.s.lebenslagen],
      });
      if (!v.ok) return reply.html(page(ctx, d, values, v.errors, false), 422);
      const r = await editService(kernel, req.principal!.accountId, d.s.slug, d.tenant.id, edit, req.id);
      if (!r.ok) {
        if (r.reason === 'bad_unit') {
          v.add('org_unit', ctx.t('services.edit.unitInvalid'));
          return reply.html(page(ctx, d, values, v.errors, false), 422);
        }
        return reply.callNotFound();
      }
      return reply.redirect(`/verwaltung/leistungen/${d.s.slug}/${d.tenant.id}?gespeichert=1`, 303);
    },
  );
}
