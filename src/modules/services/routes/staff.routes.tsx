import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Kernel } from '../../../kernel/kernel.ts';
import { FormValidator } from '../../../kernel/views/components.tsx';
import { editService } from '../commands/edit-service.ts';
import { selectResponsibilities, selectServiceBySlug, selectServices } from '../db/services.queries.ts';
import { anyServiceEditor, canEditTenant } from '../policies.ts';
import { EditPage, StaffListPage, type EditValues } from '../views/staff-pages.tsx';

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

  /** Loads what the principal may edit, or answers 404/403 itself. */
  const load = async (kernelTenant: string, slug: string) => {
    const s = await selectServiceBySlug(kernel.db.pool, slug);
    const tenant = await kernel.tenants.get(kernelTenant);
    if (!s || !tenant) return null;
    const resp = (await selectResponsibilities(kernel.db.pool, [s.id])).find(
      (r) => r.for_tenant_id === tenant.id,
    );
    if (s.owner_tenant_id !== tenant.id && !resp) return null;
    const units = resp ? await kernel.tenants.orgUnits(resp.responsible_tenant_id) : [];
    return { s, tenant, resp, units };
  };

  app.get<{ Params: P }>(
    '/verwaltung/leistungen/:slug/:tenant',
    { config: { policy: (p, r) => canEditTenant(p, (r.params as P).tenant) }, schema: { params: Params } },
    async (req, reply) => {
      const d = await load(req.params.tenant, req.params.slug);
      if (!d) return reply.callNotFound();
      const values: EditValues = {
        title_de: d.s.title_de,
        title_en: d.s.title_en,
        summary_de: d.s.summary_de,
        summary_en: d.s.summary_en,
        body_de: d.s.body_de,
        processing_days: d.s.processing_days === null ? '' : String(d.s.processing_days),
        org_unit: d.resp?.org_unit_id ?? '',
        note_de: d.resp?.note_de ?? '',
      };
      const saved = (req.query as Record<string, unknown>).gespeichert === '1';
      return reply.html(
        <EditPage
          ctx={reply.viewContext()}
          slug={d.s.slug}
          tenant={d.tenant}
          owner={d.s.owner_tenant_id === d.tenant.id}
          hasResponsibility={!!d.resp}
          units={d.units}
          values={values}
          errors={{}}
          saved={saved}
        />,
      );
    },
  );

  app.post<{ Params: P }>(
    '/verwaltung/leistungen/:slug/:tenant',
    { config: { policy: (p, r) => canEditTenant(p, (r.params as P).tenant) }, schema: { params: Params } },
    async (req, reply) => {
      const d = await load(req.params.tenant, req.params.slug);
      if (!d) return reply.callNotFound();
      const ctx = reply.viewContext();
      const { t } = ctx;
      const v = new FormValidator(t, req.body);
      const owner = d.s.owner_tenant_id === d.tenant.id;
      const values: EditValues = {
        title_de: v.raw('title_de'),
        title_en: v.raw('title_en'),
        summary_de: v.raw('summary_de'),
        summary_en: v.raw('summary_en'),
        body_de: v.raw('body_de'),
        processing_days: v.raw('processing_days'),
        org_unit: v.raw('org_unit'),
        note_de: v.raw('note_de'),
      };
      let content = null;
      if (owner) {
        const title_de = v.text('title_de', {
          label: t('services.edit.title_de'),
          required: true,
          maxLength: 200,
        });
        const title_en = v.text('title_en', {
          label: t('services.edit.title_en'),
          required: true,
          maxLength: 200,
        });
        const summary_de = v.text('summary_de', { label: t('services.edit.summary_de'), maxLength: 1000 });
        const summary_en = v.text('summary_en', { label: t('services.edit.summary_en'), maxLength: 1000 });
        const body_de = v.text('body_de', { label: t('services.edit.body_de'), maxLength: 20000 });
        const daysRaw = v.raw('processing_days').trim();
        let processing_days: number | null = null;
        if (daysRaw) {
          if (!/^\d{1,4}$/.test(daysRaw) || Number(daysRaw) > 3650)
            v.add('processing_days', t('services.edit.daysInvalid'));
          else processing_days = Number(daysRaw);
        }
        content = { title_de, title_en, summary_de, summary_en, body_de, processing_days };
      }
      let responsibility = null;
      if (d.resp) {
        const org = v.raw('org_unit');
        if (!d.units.some((u) => u.id === org)) v.add('org_unit', t('services.edit.unitInvalid'));
        const note_de = v.text('note_de', { label: t('services.edit.note_de'), maxLength: 5000 });
        responsibility = { org_unit_id: org, note_de };
      }
      const render = (status: number) =>
        reply.html(
          <EditPage
            ctx={ctx}
            slug={d.s.slug}
            tenant={d.tenant}
            owner={owner}
            hasResponsibility={!!d.resp}
            units={d.units}
            values={values}
            errors={v.errors}
            saved={false}
          />,
          status,
        );
      if (!v.ok) return render(422);
      const r = await editService(
        kernel,
        req.principal!.accountId,
        d.s.slug,
        d.tenant.id,
        { content, responsibility },
        req.id,
      );
      if (!r.ok) {
        if (r.reason === 'bad_unit') {
          v.add('org_unit', t('services.edit.unitInvalid'));
          return render(422);
        }
        return reply.callNotFound();
      }
      return reply.redirect(`/verwaltung/leistungen/${d.s.slug}/${d.tenant.id}?gespeichert=1`, 303);
    },
  );
}
