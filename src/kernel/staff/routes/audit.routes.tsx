import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { isPlatformAdmin } from '../../auth/principal.ts';
import type { Kernel } from '../../kernel.ts';
import type { FieldErrors } from '../../views/components.tsx';
import { pageCount, PAGE_SIZE, parseFilterDate } from '../format.ts';
import { auditReader, platformAdmin } from '../policies.ts';
import { AuditPage, type AuditFilterValues } from '../views/audit-page.tsx';

const query = Type.Object({
  aktion: Type.Optional(Type.String({ maxLength: 200 })),
  akteur: Type.Optional(Type.String({ maxLength: 300 })),
  von: Type.Optional(Type.String({ maxLength: 50 })),
  bis: Type.Optional(Type.String({ maxLength: 50 })),
  seite: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
});

const ACTION_PREFIX = /^[a-z0-9_.:-]*$/;

export async function auditRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  app.get<{ Querystring: AuditFilterValues & { seite?: number } }>(
    '/verwaltung/protokoll',
    { config: { policy: auditReader }, schema: { querystring: query } },
    async (req, reply) => {
      const ctx = reply.viewContext();
      const { t } = ctx;
      const filter: AuditFilterValues = {
        aktion: req.query.aktion?.trim() || undefined,
        akteur: req.query.akteur?.trim() || undefined,
        von: req.query.von?.trim() || undefined,
        bis: req.query.bis?.trim() || undefined,
      };
      const errors: FieldErrors = {};
      if (filter.aktion && (filter.aktion.length > 100 || !ACTION_PREFIX.test(filter.aktion)))
        errors.aktion = t('staff.audit.error.action');
      if (filter.akteur && (filter.akteur.length > 254 || /[\u0000-\u001f]/.test(filter.akteur)))
        errors.akteur = t('staff.audit.error.actor');
      const from = parseFilterDate(filter.von ?? '');
      const to = parseFilterDate(filter.bis ?? '');
      if (from === null) errors.von = t('staff.audit.error.date', { field: t('staff.audit.filter.from') });
      if (to === null) errors.bis = t('staff.audit.error.date', { field: t('staff.audit.filter.to') });
      if (from && to && from > to) errors.bis = t('staff.audit.error.range');

      const admin = isPlatformAdmin(req.principal);
      const tenantIds: string[] = (req.principal?.roles ?? [])
        .filter((g) => g.role === 'tenant_admin' && g.tenantId)
        .map((g) => g.tenantId!);
      const chain = await kernel.audit.lastCheck();
      const common = { ctx, filter, chain, canCheck: admin, scopedTo: admin ? undefined : tenantIds };
      if (Object.keys(errors).length) {
        return reply.html(
          <AuditPage {...common} errors={errors} entries={[]} total={0} page={1} pageCount={1} />,
          422,
        );
      }
      const base = {
        tenantIds: admin ? ('all' as const) : tenantIds,
        action: filter.aktion,
        actor: filter.akteur,
        from: from || undefined,
        to: to || undefined,
      };
      let page = req.query.seite ?? 1;
      let result = await kernel.audit.list({ ...base, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
      const pages = pageCount(result.total);
      if (page > pages) {
        page = pages;
        result = await kernel.audit.list({ ...base, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
      }
      return reply.html(
        <AuditPage {...common} entries={result.items} total={result.total} page={page} pageCount={pages} />,
      );
    },
  );

  app.post('/verwaltung/protokoll/pruefen', { config: { policy: platformAdmin } }, async (req, reply) => {
    const result = await kernel.audit.check();
    await kernel.audit.record({
      actorId: req.principal?.accountId ?? null,
      action: 'audit.chain_checked',
      objectType: 'audit_log',
      objectId: null,
      after: { ok: result.ok, entries: result.entries, brokenSeq: result.broken?.seq ?? null },
      requestId: req.id,
    });
    return reply.redirect('/verwaltung/protokoll', 303);
  });
}
