import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Kernel } from '../../../kernel/kernel.ts';
import type { PolicyFn } from '../../../kernel/auth/policy.ts';
import { inTransaction } from '../../../kernel/db/database.ts';
import { formVersion, formVersions, listForms, publishDraft, saveDraftVersion } from '../db/queries.ts';
import { parseDefinition, type DefinitionError } from '../engine/definition.ts';
import { rawOne, type Raw } from '../engine/fields.ts';
import { municipalities } from '../commands/applications.ts';
import { FormEditPage, FormsListPage, NewFormPage, PreviewPage } from '../views/staff.tsx';
import { canManageForms } from '../policies.ts';

const SLUG = '^[a-z0-9][a-z0-9-]{1,79}$';

export async function staffRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const policy: PolicyFn = canManageForms(kernel);
  const slugParams = Type.Object({ slug: Type.String({ pattern: SLUG }) });

  app.get('/verwaltung/formulare', { config: { policy } }, async (_req, reply) => {
    return reply.html(<FormsListPage ctx={reply.viewContext()} forms={await listForms(kernel.db.pool)} />);
  });

  async function saveDefinition(json: string, slug: string | null, by: string) {
    const parsed = parseDefinition(json);
    if (!parsed.ok) return { ok: false as const, errors: parsed.errors };
    if (slug && parsed.definition.slug !== slug)
      return {
        ok: false as const,
        errors: [
          { path: '/slug', message: `muss "${slug}" sein (der Kurzname dieses Formulars)` },
        ] as DefinitionError[],
      };
    const version = await inTransaction(kernel.db.pool, async (client) => {
      const v = await saveDraftVersion(
        client,
        parsed.definition.slug,
        parsed.definition,
        kernel.clock.now(),
        by,
      );
      await kernel.audit.record(
        {
          actorId: by,
          action: 'application_form.draft_saved',
          objectType: 'application_form',
          objectId: `${parsed.definition.slug}@${v}`,
        },
        client,
      );
      return v;
    });
    return { ok: true as const, slug: parsed.definition.slug, version };
  }

  app.post('/verwaltung/formulare/neu', { config: { policy } }, async (req, reply) => {
    let json = '';
    if (req.isMultipart()) {
      try {
        for await (const part of req.parts({ limits: { fileSize: 500_000, files: 1 } })) {
          if (part.type === 'file') json = (await part.toBuffer()).toString('utf8');
        }
      } catch {
        // A cut-off or oversized upload: reported like invalid JSON, with what was read.
        json = '';
      }
    } else json = rawOne((req.body ?? {}) as Raw, 'definition');
    const r = await saveDefinition(json, null, req.principal!.accountId);
    if (!r.ok)
      return reply.html(<NewFormPage ctx={reply.viewContext()} json={json} errors={r.errors} />, 422);
    return reply.redirect(`/verwaltung/formulare/${r.slug}?gespeichert=1`, 303);
  });

  app.get<{ Params: { slug: string }; Querystring: { gespeichert?: string; veroeffentlicht?: string } }>(
    '/verwaltung/formulare/:slug',
    {
      config: { policy },
      schema: {
        params: slugParams,
        querystring: Type.Object({
          gespeichert: Type.Optional(Type.String({ maxLength: 2 })),
          veroeffentlicht: Type.Optional(Type.String({ pattern: '^\\d{1,6}$' })),
        }),
      },
    },
    async (req, reply) => {
      const versions = await formVersions(kernel.db.pool, req.params.slug);
      if (!versions.length) return reply.callNotFound();
      const basis =
        versions.find((v) => v.status === 'draft') ??
        versions.find((v) => v.status === 'published') ??
        versions[0]!;
      return reply.html(
        <FormEditPage
          ctx={reply.viewContext()}
          slug={req.params.slug}
          versions={versions}
          json={JSON.stringify(basis.definition, null, 2)}
          saved={req.query.gespeichert === '1'}
          published={req.query.veroeffentlicht ? Number(req.query.veroeffentlicht) : undefined}
        />,
      );
    },
  );

  app.post<{ Params: { slug: string } }>(
    '/verwaltung/formulare/:slug',
    { config: { policy }, schema: { params: slugParams } },
    async (req, reply) => {
      const versions = await formVersions(kernel.db.pool, req.params.slug);
      if (!versions.length) return reply.callNotFound();
      const json = rawOne((req.body ?? {}) as Raw, 'definition');
      const r = await saveDefinition(json, req.params.slug, req.principal!.accountId);
      if (!r.ok)
        return reply.html(
          <FormEditPage
            ctx={reply.viewContext()}
            slug={req.params.slug}
            versions={versions}
            json={json}
            errors={r.errors}
          />,
          422,
        );
      return reply.redirect(`/verwaltung/formulare/${req.params.slug}?gespeichert=1`, 303);
    },
  );

  app.post<{ Params: { slug: string } }>(
    '/verwaltung/formulare/:slug/veroeffentlichen',
    { config: { policy }, schema: { params: slugParams } },
    async (req, reply) => {
      const v = await inTransaction(kernel.db.pool, async (client) => {
        const published = await publishDraft(client, req.params.slug, kernel.clock.now());
        if (published !== null)
          await kernel.audit.record(
            {
              actorId: req.principal!.accountId,
              action: 'application_form.published',
              objectType: 'application_form',
              objectId: `${req.params.slug}@${published}`,
            },
            client,
          );
        return published;
      });
      if (v === null) return reply.redirect(`/verwaltung/formulare/${req.params.slug}`, 303);
      return reply.redirect(`/verwaltung/formulare/${req.params.slug}?veroeffentlicht=${v}`, 303);
    },
  );

  app.get<{ Params: { slug: string; version: string } }>(
    '/verwaltung/formulare/:slug/vorschau/:version',
    {
      config: { policy },
      schema: {
        params: Type.Object({
          slug: Type.String({ pattern: SLUG }),
          version: Type.String({ pattern: '^\\d{1,6}$' }),
        }),
      },
    },
    async (req, reply) => {
      const form = await formVersion(kernel.db.pool, req.params.slug, Number(req.params.version));
      if (!form) return reply.callNotFound();
      return reply.html(
        <PreviewPage
          ctx={reply.viewContext()}
          def={form.definition}
          version={form.version}
          data={{ raw: {}, errors: {}, answers: {}, municipalities: await municipalities(kernel) }}
        />,
      );
    },
  );
}
