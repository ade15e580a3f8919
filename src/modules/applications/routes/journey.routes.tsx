import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { Kernel } from '../../../kernel/kernel.ts';
import { citizen } from '../../../kernel/auth/policy.ts';
import type { ViewContext } from '../../../kernel/views/context.ts';
import {
  attachmentsOf,
  canAccess,
  firstOpenStep,
  loadDraft,
  municipalities,
  nextStep,
  parseContext,
  previousStep,
  saveAnswersOnly,
  saveStep,
  startApplication,
  submitApplication,
  type LoadedDraft,
} from '../commands/applications.ts';
import { requestResumeLink, resumeDraft } from '../commands/resume.ts';
import { readApplicationsConfig } from '../config.ts';
import {
  currentPublished,
  deleteDraft,
  draftsOfAccount,
  resumeTokenValid,
  submissionByDraft,
  updateDraft,
} from '../db/queries.ts';
import {
  calculateFees,
  stepVisible,
  visibleSteps,
  type Answers,
  type FileRef,
} from '../engine/conditions.ts';
import { tx, type StepDef } from '../engine/definition.ts';
import {
  answersToRaw,
  changeGroupRaw,
  parseStep,
  rawOne,
  type FieldErrors,
  type Raw,
} from '../engine/fields.ts';
import { InvalidCaseInputError, findService } from '../integration.ts';
import { summarise } from '../presenters/summary.ts';
import { hashSecret } from '../reference.ts';
import { receiptPdf } from '../presenters/receipt.ts';
import { readStepUpload } from '../uploads.ts';
import {
  CheckPage,
  ConfirmationPage,
  DeclarationPage,
  DraftsPage,
  MessagePage,
  ResumePage,
  SaveForLaterPage,
  StartPage,
  StepPage,
} from '../views/journey.tsx';
import { actorOf, actorWithKey, myTownId, renewBrowserKey } from './common.ts';

const SLUG = '^[a-z0-9][a-z0-9-]{1,79}$';
const UUID = '^[0-9a-fA-F-]{36}$';
const slugParams = Type.Object({ slug: Type.String({ pattern: SLUG }) });
const draftParams = Type.Object({
  slug: Type.String({ pattern: SLUG }),
  draftId: Type.String({ pattern: UUID }),
});
const stepParams = Type.Object({
  slug: Type.String({ pattern: SLUG }),
  draftId: Type.String({ pattern: UUID }),
  stepId: Type.String({ pattern: '^[a-z][a-zA-Z0-9-]{0,39}$' }),
});
const backQuery = Type.Object({ zurueck: Type.Optional(Type.String({ maxLength: 20 })) });

type DraftReq = FastifyRequest<{ Params: { slug: string; draftId: string } }>;

export async function journeyRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const cfg = readApplicationsConfig(kernel.fullConfig);
  const base = (slug: string, draftId: string) => `/antraege/${slug}/${draftId}`;
  const stepHref = (slug: string, draftId: string, stepId: string, fromCheck = false) =>
    `${base(slug, draftId)}/schritt/${stepId}${fromCheck ? '?zurueck=pruefen' : ''}`;

  async function load(req: DraftReq, reply: FastifyReply): Promise<LoadedDraft | null> {
    const loaded = await loadDraft(kernel, req.params.slug, req.params.draftId, actorOf(req));
    if (!loaded) {
      reply.callNotFound();
      return null;
    }
    if (loaded.draft.status === 'submitted') {
      await reply.redirect(`${base(loaded.def.slug, loaded.draft.id)}/bestaetigung`, 303);
      return null;
    }
    return loaded;
  }

  // ---- start page ------------------------------------------------------------------------------
  app.get<{ Params: { slug: string } }>(
    '/antraege/:slug',
    { config: { policy: 'public', pageCache: true }, schema: { params: slugParams } },
    async (req, reply) => {
      const form = await currentPublished(kernel.db.pool, req.params.slug);
      if (!form) return reply.callNotFound();
      const ctx = reply.viewContext();
      const actor = actorOf(req);
      const drafts = actor.accountId
        ? (await draftsOfAccount(kernel.db.pool, actor.accountId))
            .filter((d) => d.formSlug === form.slug)
            .map((d) => ({ id: d.id, updatedAt: d.updatedAt, href: `${base(d.formSlug, d.id)}/weiter` }))
        : [];
      const service = await findService(kernel, form.definition.serviceSlug);
      return reply.html(
        <StartPage
          ctx={ctx}
          def={form.definition}
          version={form.version}
          drafts={drafts}
          serviceHref={service ? `/leistungen/${service.slug}` : null}
        />,
      );
    },
  );

  app.post<{ Params: { slug: string } }>(
    '/antraege/:slug/starten',
    { config: { policy: 'public' }, schema: { params: slugParams } },
    async (req, reply) => {
      const actor = actorWithKey(kernel, req, reply);
      const r = await startApplication(kernel, req.params.slug, actor, {
        municipalityId: await myTownId(kernel, req),
      });
      if (!r.ok) return reply.callNotFound();
      return reply.redirect(stepHref(req.params.slug, r.draftId, r.firstStep), 303);
    },
  );

  // Where to continue a draft (from "Mein Konto" or the start page).
  app.get<{ Params: { slug: string; draftId: string } }>(
    '/antraege/:slug/:draftId/weiter',
    { config: { policy: 'public' }, schema: { params: draftParams } },
    async (req, reply) => {
      const loaded = await load(req, reply);
      if (!loaded) return reply;
      const open = firstOpenStep(loaded.def, loaded.draft);
      return reply.redirect(
        open
          ? stepHref(loaded.def.slug, loaded.draft.id, open.id)
          : `${base(loaded.def.slug, loaded.draft.id)}/pruefen`,
        303,
      );
    },
  );

  // ---- steps -----------------------------------------------------------------------------------
  async function renderStep(
    ctx: ViewContext,
    reply: FastifyReply,
    loaded: LoadedDraft,
    step: StepDef,
    p: { raw: Raw; errors: FieldErrors; answers: Answers; fromCheck: boolean },
    status = 200,
  ) {
    const { def, draft } = loaded;
    const steps = visibleSteps(def, p.answers);
    const prev = previousStep(def, p.answers, step.id);
    return reply.html(
      <StepPage
        ctx={ctx}
        def={def}
        step={step}
        stepNo={Math.max(1, steps.findIndex((s) => s.id === step.id) + 1)}
        stepCount={steps.length}
        action={stepHref(def.slug, draft.id, step.id)}
        backHref={
          p.fromCheck
            ? `${base(def.slug, draft.id)}/pruefen`
            : prev
              ? stepHref(def.slug, draft.id, prev.id)
              : `/antraege/${def.slug}`
        }
        multipart={step.fields.some((f) => f.type === 'file')}
        fromCheck={p.fromCheck}
        data={{
          raw: p.raw,
          errors: p.errors,
          answers: p.answers,
          municipalities: await municipalities(kernel),
        }}
      />,
      status,
    );
  }

  app.get<{ Params: { slug: string; draftId: string; stepId: string }; Querystring: { zurueck?: string } }>(
    '/antraege/:slug/:draftId/schritt/:stepId',
    { config: { policy: 'public' }, schema: { params: stepParams, querystring: backQuery } },
    async (req, reply) => {
      const loaded = await load(req, reply);
      if (!loaded) return reply;
      const step = loaded.def.steps.find((s) => s.id === req.params.stepId);
      if (!step || !stepVisible(step, loaded.draft.answers)) return reply.callNotFound();
      return renderStep(reply.viewContext(), reply, loaded, step, {
        raw: answersToRaw(step, loaded.draft.answers),
        errors: {},
        answers: loaded.draft.answers,
        fromCheck: req.query.zurueck === 'pruefen',
      });
    },
  );

  app.post<{ Params: { slug: string; draftId: string; stepId: string } }>(
    '/antraege/:slug/:draftId/schritt/:stepId',
    { config: { policy: 'public' }, schema: { params: stepParams } },
    async (req, reply) => {
      const loaded = await load(req, reply);
      if (!loaded) return reply;
      const { def, draft } = loaded;
      const step = def.steps.find((s) => s.id === req.params.stepId);
      if (!step || !stepVisible(step, draft.answers)) return reply.callNotFound();
      const ctx = reply.viewContext();
      const fileFields = step.fields.filter((f) => f.type === 'file');
      let raw: Raw;
      let answers: Answers = draft.answers;
      const errors: FieldErrors = {};
      // New files are stored with the step's answers; on any other outcome they are saved alone,
      // so they survive an error in another field.
      let newFiles: Answers | null = null;
      const keepFiles = async () => {
        if (newFiles)
          await saveAnswersOnly(
            kernel,
            { ...loaded, draft: { ...loaded.draft, answers: draft.answers } },
            newFiles,
          );
      };
      if (req.isMultipart()) {
        if (!fileFields.length) return reply.code(415).send();
        const existing = Object.fromEntries(
          attachmentsOf(def, draft.answers).length
            ? def.steps
                .flatMap((s) => s.fields)
                .filter((f) => f.type === 'file')
                .map((f) => [f.name, (draft.answers[f.name] as FileRef[] | undefined) ?? []])
            : [],
        );
        const up = await readStepUpload(kernel, req, {
          fileFields,
          existing,
          maxTotal: Math.min(
            def.maxTotalAttachmentBytes ?? cfg.maxTotalAttachmentBytes,
            cfg.maxTotalAttachmentBytes,
          ),
          ownerId: draft.accountId,
          t: ctx.t,
          lang: ctx.lang,
        });
        raw = up.raw;
        Object.assign(errors, up.errors);
        if (Object.keys(up.added).length) {
          const values: Answers = {};
          for (const [name, files] of Object.entries(up.added))
            values[name] = [...((draft.answers[name] as FileRef[] | undefined) ?? []), ...files];
          answers = { ...draft.answers, ...values };
          newFiles = values;
        }
      } else raw = (req.body ?? {}) as Raw;
      const fromCheck = rawOne(raw, 'zurueck') === 'pruefen';
      const action = rawOne(raw, 'aktion') || 'weiter';

      // Repeatable groups: add or remove an item, then show the step again.
      const groupOp = /^(hinzufuegen|entfernen)-([a-zA-Z0-9]+)(?:-(\d{1,2}))?$/.exec(action);
      if (groupOp) {
        const g = step.fields.find((f) => f.type === 'group' && f.name === groupOp[2]);
        if (g) {
          const changed =
            groupOp[1] === 'hinzufuegen'
              ? changeGroupRaw(raw, g, { add: true })
              : changeGroupRaw(raw, g, { remove: Number(groupOp[3]) });
          await keepFiles();
          return renderStep(ctx, reply, loaded, step, { raw: changed, errors, answers, fromCheck });
        }
      }
      const fileOp = /^datei-entfernen-([a-zA-Z0-9]+)-([0-9a-f-]{36})$/.exec(action);
      if (fileOp) {
        const list = (answers[fileOp[1]!] as FileRef[] | undefined) ?? [];
        const gone = list.find((f) => f.fileId === fileOp[2]);
        if (gone) {
          const values = { [fileOp[1]!]: list.filter((f) => f.fileId !== gone.fileId) };
          await saveAnswersOnly(kernel, { ...loaded, draft: { ...loaded.draft, answers } }, values);
          answers = { ...answers, ...values };
          await kernel.files.delete(gone.fileId).catch(() => undefined);
        }
        await keepFiles();
        return renderStep(ctx, reply, loaded, step, { raw, errors, answers, fromCheck });
      }

      const pctx = await parseContext(kernel, ctx.t, ctx.lang, answers);
      const parsed = parseStep(step, raw, pctx);
      if (action === 'speichern') {
        // Keep what is valid so far; nothing is marked complete.
        const keep: Answers = {};
        for (const [k, v] of Object.entries(parsed.values))
          if (!Object.keys(parsed.errors).some((e) => e === k || e.startsWith(`${k}-`))) keep[k] = v;
        await saveAnswersOnly(kernel, { ...loaded, draft: { ...loaded.draft, answers } }, keep);
        return reply.redirect(`${base(def.slug, draft.id)}/speichern`, 303);
      }
      const allErrors = { ...parsed.errors, ...errors };
      if (Object.keys(allErrors).length) {
        await keepFiles();
        return renderStep(ctx, reply, loaded, step, { raw, errors: allErrors, answers, fromCheck }, 422);
      }
      await saveStep(kernel, { ...loaded, draft: { ...loaded.draft, answers } }, step, parsed.values);
      const merged = { ...answers, ...parsed.values };
      const completed = [...new Set([...draft.completed, step.id])];
      const open = firstOpenStep(def, { answers: merged, completed });
      if (fromCheck) {
        return reply.redirect(
          open ? stepHref(def.slug, draft.id, open.id, true) : `${base(def.slug, draft.id)}/pruefen`,
          303,
        );
      }
      const next = nextStep(def, merged, step.id);
      return reply.redirect(
        next ? stepHref(def.slug, draft.id, next.id) : `${base(def.slug, draft.id)}/pruefen`,
        303,
      );
    },
  );

  // ---- check your answers ------------------------------------------------------------------------
  app.get<{ Params: { slug: string; draftId: string } }>(
    '/antraege/:slug/:draftId/pruefen',
    { config: { policy: 'public' }, schema: { params: draftParams } },
    async (req, reply) => {
      const loaded = await load(req, reply);
      if (!loaded) return reply;
      const { def, draft } = loaded;
      const open = firstOpenStep(def, draft);
      if (open) return reply.redirect(stepHref(def.slug, draft.id, open.id), 303);
      const ctx = reply.viewContext();
      const steps = summarise(def, draft.answers, {
        t: ctx.t,
        lang: ctx.lang,
        municipalities: await municipalities(kernel),
      });
      const last = visibleSteps(def, draft.answers).at(-1)!;
      return reply.html(
        <CheckPage
          ctx={ctx}
          def={def}
          steps={steps}
          changeHref={(id) => stepHref(def.slug, draft.id, id, true)}
          fees={calculateFees(def, draft.answers)}
          nextHref={`${base(def.slug, draft.id)}/erklaerung`}
          backHref={stepHref(def.slug, draft.id, last.id)}
        />,
      );
    },
  );

  // ---- declaration and submit --------------------------------------------------------------------
  app.get<{ Params: { slug: string; draftId: string } }>(
    '/antraege/:slug/:draftId/erklaerung',
    { config: { policy: 'public' }, schema: { params: draftParams } },
    async (req, reply) => {
      const loaded = await load(req, reply);
      if (!loaded) return reply;
      const { def, draft } = loaded;
      const open = firstOpenStep(def, draft);
      if (open) return reply.redirect(stepHref(def.slug, draft.id, open.id), 303);
      return reply.html(
        <DeclarationPage
          ctx={reply.viewContext()}
          def={def}
          action={`${base(def.slug, draft.id)}/erklaerung`}
          checked={draft.declarations}
          feeCents={calculateFees(def, draft.answers).totalCents}
          backHref={`${base(def.slug, draft.id)}/pruefen`}
        />,
      );
    },
  );

  app.post<{ Params: { slug: string; draftId: string } }>(
    '/antraege/:slug/:draftId/erklaerung',
    { config: { policy: 'public' }, schema: { params: draftParams } },
    async (req, reply) => {
      const actor = actorOf(req);
      const loaded = await loadDraft(kernel, req.params.slug, req.params.draftId, actor);
      if (!loaded) return reply.callNotFound();
      const { def, draft } = loaded;
      const ctx = reply.viewContext();
      const raw = (req.body ?? {}) as Raw;
      const checked = def.declarations
        .filter((d) => rawOne(raw, `erklaerung-${d.id}`) === 'ja')
        .map((d) => d.id);
      let result;
      try {
        result = await submitApplication(kernel, loaded, checked, actor, { requestId: req.id });
      } catch (err) {
        if (err instanceof InvalidCaseInputError) {
          kernel.log.error(
            { err, draftId: draft.id },
            'submission rolled back: the case could not be opened',
          );
          return reply.html(
            <MessagePage
              ctx={ctx}
              def={def}
              title={ctx.t('applications.error.unavailableTitle')}
              text={ctx.t('applications.error.unavailable')}
            />,
            503,
          );
        }
        throw err;
      }
      if (result.ok) {
        if (result.next === 'payment') return reply.redirect(`/antraege/zahlung/${result.reference}`, 303);
        return reply.redirect(`${base(def.slug, draft.id)}/bestaetigung`, 303);
      }
      if (result.reason === 'declarations') {
        await updateDraft(kernel.db.pool, draft.id, {
          answers: draft.answers,
          completed: draft.completed,
          declarations: checked,
          at: kernel.clock.now(),
        });
        const errors: FieldErrors = {};
        for (const id of result.missing) {
          const d = def.declarations.find((x) => x.id === id)!;
          errors[`erklaerung-${id}`] = ctx.t('applications.v.declaration', {
            text: tx(d.text, ctx.lang).slice(0, 60),
          });
        }
        return reply.html(
          <DeclarationPage
            ctx={ctx}
            def={def}
            action={`${base(def.slug, draft.id)}/erklaerung`}
            checked={checked}
            errors={errors}
            feeCents={calculateFees(def, draft.answers).totalCents}
            backHref={`${base(def.slug, draft.id)}/pruefen`}
          />,
          422,
        );
      }
      if (result.reason === 'invalid') {
        // An answer no longer passes (e.g. a date rule moved with time): back to that step.
        await updateDraft(kernel.db.pool, draft.id, {
          answers: draft.answers,
          completed: draft.completed.filter((s) => s !== result.stepId),
          at: kernel.clock.now(),
        });
        return reply.redirect(stepHref(def.slug, draft.id, result.stepId, true), 303);
      }
      return reply.html(
        <MessagePage
          ctx={ctx}
          def={def}
          title={ctx.t('applications.error.noOfficeTitle')}
          text={ctx.t('applications.error.noOffice')}
        />,
        422,
      );
    },
  );

  // ---- confirmation and receipt ----------------------------------------------------------------
  async function submissionFor(req: DraftReq) {
    const actor = actorOf(req);
    const s = await submissionByDraft(kernel.db.pool, req.params.draftId);
    if (!s || s.formSlug !== req.params.slug || !canAccess(s, actor)) return null;
    return s;
  }

  app.get<{ Params: { slug: string; draftId: string } }>(
    '/antraege/:slug/:draftId/bestaetigung',
    { config: { policy: 'public' }, schema: { params: draftParams } },
    async (req, reply) => {
      const s = await submissionFor(req);
      if (!s) return reply.callNotFound();
      const form = await loadDraft(kernel, s.formSlug, s.draftId, actorOf(req));
      if (!form) return reply.callNotFound();
      return reply.html(
        <ConfirmationPage
          ctx={reply.viewContext()}
          def={form.def}
          reference={s.reference}
          email={s.applicantEmail}
          paymentStatus={s.paymentStatus}
          awaitingPayment={s.status === 'awaiting_payment'}
          feeCents={s.feeCents}
          kassenzeichen={s.kassenzeichen}
          receiptHref={`${base(s.formSlug, s.draftId)}/eingangsbestaetigung.pdf`}
          paymentHref={`/antraege/zahlung/${s.reference}`}
          loggedIn={!!s.accountId}
        />,
      );
    },
  );

  app.get<{ Params: { slug: string; draftId: string } }>(
    '/antraege/:slug/:draftId/eingangsbestaetigung.pdf',
    { config: { policy: 'public' }, schema: { params: draftParams } },
    async (req, reply) => {
      const s = await submissionFor(req);
      if (!s) return reply.callNotFound();
      const form = await loadDraft(kernel, s.formSlug, s.draftId, actorOf(req));
      if (!form) return reply.callNotFound();
      const pdf = await receiptPdf(kernel, form.def, s);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="Eingangsbestaetigung-${s.reference}.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  );

  // ---- save and resume ---------------------------------------------------------------------------
  app.get<{ Params: { slug: string; draftId: string } }>(
    '/antraege/:slug/:draftId/speichern',
    { config: { policy: 'public' }, schema: { params: draftParams } },
    async (req, reply) => {
      const loaded = await load(req, reply);
      if (!loaded) return reply;
      const ctx = reply.viewContext();
      const email = loaded.draft.answers[loaded.def.applicant.emailField];
      return reply.html(
        <SaveForLaterPage
          ctx={ctx}
          def={loaded.def}
          action={`${base(loaded.def.slug, loaded.draft.id)}/speichern`}
          continueHref={`${base(loaded.def.slug, loaded.draft.id)}/weiter`}
          loggedIn={!!loaded.draft.accountId}
          email={typeof email === 'string' ? email : ''}
          days={cfg.resumeLinkDays}
        />,
      );
    },
  );

  app.post<{ Params: { slug: string; draftId: string } }>(
    '/antraege/:slug/:draftId/speichern',
    { config: { policy: 'public' }, schema: { params: draftParams } },
    async (req, reply) => {
      const loaded = await load(req, reply);
      if (!loaded) return reply;
      const ctx = reply.viewContext();
      const raw = (req.body ?? {}) as Raw;
      const email = rawOne(raw, 'email').trim();
      const props = {
        ctx,
        def: loaded.def,
        action: `${base(loaded.def.slug, loaded.draft.id)}/speichern`,
        continueHref: `${base(loaded.def.slug, loaded.draft.id)}/weiter`,
        loggedIn: !!loaded.draft.accountId,
        email,
        days: cfg.resumeLinkDays,
      };
      if (loaded.draft.accountId) return reply.html(<SaveForLaterPage {...props} />);
      const r = await requestResumeLink(kernel, loaded, email, ctx.lang);
      if (!r.ok)
        return reply.html(
          <SaveForLaterPage
            {...props}
            errors={{ email: ctx.t(email ? 'applications.v.email' : 'applications.save.emailRequired') }}
          />,
          422,
        );
      return reply.html(<SaveForLaterPage {...props} sentTo={email} />);
    },
  );

  const tokenParams = Type.Object({ token: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' }) });
  app.get<{ Params: { token: string } }>(
    '/antraege/fortsetzen/:token',
    { config: { policy: 'public' }, schema: { params: tokenParams } },
    async (req, reply) => {
      const valid = await resumeTokenValid(kernel.db.pool, hashSecret(req.params.token), kernel.clock.now());
      return reply.html(
        <ResumePage
          ctx={reply.viewContext()}
          valid={valid}
          action={`/antraege/fortsetzen/${req.params.token}`}
        />,
        valid ? 200 : 410,
      );
    },
  );

  app.post<{ Params: { token: string } }>(
    '/antraege/fortsetzen/:token',
    { config: { policy: 'public' }, schema: { params: tokenParams } },
    async (req, reply) => {
      const r = await resumeDraft(kernel, req.params.token, () => renewBrowserKey(kernel, reply));
      if (!r.ok) return reply.html(<ResumePage ctx={reply.viewContext()} valid={false} action="" />, 410);
      return reply.redirect(`${base(r.slug, r.draftId)}/weiter`, 303);
    },
  );

  // ---- Mein Konto: drafts --------------------------------------------------------------------------
  app.get('/konto/entwuerfe', { config: { policy: citizen } }, async (req, reply) => {
    const ctx = reply.viewContext();
    const drafts = await draftsOfAccount(kernel.db.pool, req.principal!.accountId);
    const titles = new Map<string, string>();
    for (const d of drafts)
      if (!titles.has(d.formSlug))
        titles.set(
          d.formSlug,
          tx((await currentPublished(kernel.db.pool, d.formSlug))?.definition.title, ctx.lang) || d.formSlug,
        );
    return reply.html(
      <DraftsPage
        ctx={ctx}
        drafts={drafts.map((d) => ({
          id: d.id,
          title: titles.get(d.formSlug)!,
          updatedAt: d.updatedAt,
          href: `${base(d.formSlug, d.id)}/weiter`,
          deleteAction: `/konto/entwuerfe/${d.id}/loeschen`,
        }))}
      />,
    );
  });

  app.post<{ Params: { draftId: string } }>(
    '/konto/entwuerfe/:draftId/loeschen',
    {
      config: { policy: citizen },
      schema: { params: Type.Object({ draftId: Type.String({ pattern: UUID }) }) },
    },
    async (req, reply) => {
      await deleteDraft(kernel.db.pool, req.params.draftId, req.principal!.accountId);
      return reply.redirect('/konto/entwuerfe', 303);
    },
  );
}
