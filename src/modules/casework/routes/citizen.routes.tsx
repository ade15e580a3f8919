import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { deleteAccount } from '../../../kernel/auth/commands/delete-account.ts';
import { findAccountById } from '../../../kernel/auth/accounts.ts';
import { clearSessionCookie } from '../../../kernel/auth/cookie.ts';
import { listSessions } from '../../../kernel/auth/sessions.ts';
import {
  FileRejectedError,
  fileErrorMessage,
  saveUpload,
  sendStoredFile,
  type StoredFile,
} from '../../../kernel/files/index.ts';
import { formatDateTime } from '../../../kernel/i18n/format.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import type { FieldErrors } from '../../../kernel/views/components.tsx';
import { answerInformation, ANSWER_MAX, markPostboxRead, withdrawCase } from '../commands/citizen-actions.ts';
import { readCaseworkConfig } from '../config.ts';
import {
  findCaseById,
  listCasesOfApplicant,
  listDocuments,
  listFileEntries,
  listRfis,
  type CaseRecord,
} from '../db/cases.ts';
import { canTransition, isUuid } from '../domain.ts';
import { renderPdf, type PdfBlock } from '../../../kernel/pdf/render.ts';
import { presentCase, presentDocument, presentEntry, presentRfi } from '../presenters/case.ts';
import { citizenOnly } from '../policies.ts';
import {
  AccountDeletedPage,
  DataExportPage,
  DeleteAccountPage,
  MyCasePage,
  MyCasesPage,
  PostboxPage,
  type PostboxItem,
} from '../views/citizen-pages.tsx';
import { noticeFrom, notFound, str } from './common.ts';

const ALLOWED_UPLOADS = ['application/pdf', 'image/jpeg', 'image/png'];

export async function citizenRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const cfg = readCaseworkConfig(kernel.fullConfig);
  const policy = { policy: citizenOnly };

  async function ownCase(req: FastifyRequest, id: string): Promise<CaseRecord | null> {
    if (!isUuid(id)) return null;
    const c = await findCaseById(kernel.db.pool, id);
    return c && c.applicantAccountId === req.principal!.accountId ? c : null;
  }

  app.get('/konto/antraege', { config: policy }, async (req, reply) => {
    const ctx = reply.viewContext();
    const now = kernel.clock.now();
    const cases = await listCasesOfApplicant(kernel.db.pool, req.principal!.accountId);
    return reply.html(
      <MyCasesPage ctx={ctx} cases={cases.map((c) => presentCase(ctx.t, ctx.lang, c, now))} />,
    );
  });

  async function renderMyCase(
    req: FastifyRequest,
    reply: FastifyReply,
    id: string,
    errors: FieldErrors = {},
    answer = '',
  ) {
    const c = await ownCase(req, id);
    if (!c) return notFound(reply);
    const ctx = reply.viewContext();
    const [entries, docs, rfis] = await Promise.all([
      listFileEntries(kernel.db.pool, c.id, { citizenOnly: true }),
      listDocuments(kernel.db.pool, c.id),
      listRfis(kernel.db.pool, c.id),
    ]);
    const open = rfis.find((r) => r.answeredAt === null && c.status === 'waiting');
    const status = Object.keys(errors).length ? 422 : 200;
    return reply.html(
      <MyCasePage
        ctx={ctx}
        c={presentCase(ctx.t, ctx.lang, c, kernel.clock.now())}
        entries={entries.map((e) => presentEntry(ctx.t, ctx.lang, e))}
        docs={docs.map((d) => presentDocument(ctx.t, ctx.lang, d))}
        openRfi={open ? presentRfi(ctx.lang, open) : null}
        canWithdraw={canTransition(c.status, 'withdrawn')}
        errors={errors}
        answer={answer}
        notice={status === 200 ? noticeFrom(req, ctx.t, ['antwort', 'zurueckgenommen']) : undefined}
      />,
      status,
    );
  }

  app.get<{ Params: { id: string } }>('/konto/antraege/:id', { config: policy }, async (req, reply) =>
    renderMyCase(req, reply, req.params.id),
  );

  app.post<{ Params: { id: string } }>(
    '/konto/antraege/:id/antwort',
    { config: policy },
    async (req, reply) => {
      const t = reply.viewContext().t;
      const c = await ownCase(req, req.params.id);
      if (!c) return notFound(reply);
      let files: StoredFile[] = [];
      let text: string;
      try {
        const up = await saveUpload(req, kernel.files, {
          maxBytes: cfg.uploadMaxBytes,
          allowedTypes: ALLOWED_UPLOADS,
          fileFields: ['files'],
          maxFiles: 5,
          tenantId: c.tenantId,
          ownerId: req.principal!.accountId,
        });
        files = up.files.files ?? [];
        text = str(up.fields, 'answer', ANSWER_MAX + 1000);
      } catch (err) {
        if (err instanceof FileRejectedError) {
          if (err.reason === 'not_multipart') {
            text = str(req.body, 'answer', ANSWER_MAX + 1000);
          } else {
            return renderMyCase(
              req,
              reply,
              c.id,
              { files: fileErrorMessage(t, req.lang, err) },
              str(req.body, 'answer'),
            );
          }
        } else throw err;
      }
      const r = await answerInformation(kernel, {
        accountId: req.principal!.accountId,
        displayName: req.principal!.displayName,
        caseId: c.id,
        text,
        files,
      });
      if (r.ok) return reply.redirect(`/konto/antraege/${c.id}?hinweis=antwort`, 303);
      for (const f of files) await kernel.files.delete(f.id).catch(() => undefined);
      if (r.reason === 'not_found') return notFound(reply);
      const msg = {
        no_open_request: t('casework.error.noOpenRequest'),
        empty: t('casework.error.answerRequired'),
        too_long: t('casework.error.tooLong', { max: ANSWER_MAX }),
      }[r.reason];
      return renderMyCase(req, reply, c.id, { answer: msg }, text.slice(0, ANSWER_MAX));
    },
  );

  app.post<{ Params: { id: string } }>(
    '/konto/antraege/:id/zuruecknehmen',
    { config: policy },
    async (req, reply) => {
      const t = reply.viewContext().t;
      if (str(req.body, 'confirmWithdraw', 5) !== 'ja')
        return renderMyCase(req, reply, req.params.id, {
          confirmWithdraw: t('casework.error.confirmWithdraw'),
        });
      const r = await withdrawCase(kernel, {
        accountId: req.principal!.accountId,
        displayName: req.principal!.displayName,
        caseId: req.params.id,
      });
      if (r.ok) return reply.redirect(`/konto/antraege/${req.params.id}?hinweis=zurueckgenommen`, 303);
      if (r.reason === 'not_found') return notFound(reply);
      return renderMyCase(req, reply, req.params.id, {
        confirmWithdraw: t('casework.error.invalidTransition'),
      });
    },
  );

  app.get<{ Params: { id: string; doc: string } }>(
    '/konto/antraege/:id/dokumente/:doc',
    { config: policy },
    async (req, reply) => {
      const c = await ownCase(req, req.params.id);
      if (!c) return notFound(reply);
      const doc = (await listDocuments(kernel.db.pool, c.id)).find((d) => d.id === req.params.doc);
      if (!doc || !(await sendStoredFile(reply, kernel.files, doc.fileId, { name: doc.filename })))
        return notFound(reply);
      return reply;
    },
  );

  // Postbox
  interface PostboxRow {
    id: string;
    kind: 'notice' | 'message';
    subject: string;
    body: string;
    created_at: Date;
    read_at: Date | null;
    case_id: string | null;
    document_id: string | null;
    filename: string | null;
    file_id: string | null;
  }
  const postboxSql = `select p.id, p.kind, p.subject, p.body, p.created_at, p.read_at, p.case_id, p.document_id,
      d.filename, d.file_id
     from casework.postbox p left join casework.documents d on d.id = p.document_id
    where p.account_id = $1`;

  app.get('/postfach', { config: policy }, async (req, reply) => {
    const ctx = reply.viewContext();
    const { rows } = await kernel.db.pool.query<PostboxRow>(
      `${postboxSql} order by p.created_at desc, p.id limit 200`,
      [req.principal!.accountId],
    );
    const items: PostboxItem[] = rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      subject: r.subject,
      body: r.body,
      date: formatDateTime(ctx.lang, r.created_at),
      read: r.read_at !== null,
      caseId: r.case_id,
      documentId: r.file_id ? r.document_id : null,
      documentName: r.filename,
    }));
    return reply.html(<PostboxPage ctx={ctx} items={items} notice={noticeFrom(req, ctx.t, ['gelesen'])} />);
  });

  app.get<{ Params: { id: string } }>('/postfach/:id/dokument', { config: policy }, async (req, reply) => {
    if (!isUuid(req.params.id)) return notFound(reply);
    const { rows } = await kernel.db.pool.query<PostboxRow>(`${postboxSql} and p.id = $2`, [
      req.principal!.accountId,
      req.params.id,
    ]);
    const m = rows[0];
    if (
      !m?.file_id ||
      !(await sendStoredFile(reply, kernel.files, m.file_id, { name: m.filename ?? undefined }))
    )
      return notFound(reply);
    return reply;
  });

  app.post<{ Params: { id: string } }>('/postfach/:id/gelesen', { config: policy }, async (req, reply) => {
    if (!(await markPostboxRead(kernel, req.principal!.accountId, req.params.id))) return notFound(reply);
    return reply.redirect('/postfach?hinweis=gelesen', 303);
  });

  // GDPR: data export (Art. 15) and account deletion (Art. 17)
  async function collectPersonalData(accountId: string) {
    const account = await findAccountById(kernel, accountId);
    const sessions = await listSessions(kernel, accountId);
    const modules: Record<string, Record<string, unknown>> = {};
    for (const h of kernel.extensions.personalData) {
      try {
        modules[h.module] = await h.export(accountId);
      } catch (err) {
        kernel.log.error({ err, module: h.module }, 'personal data export failed');
        modules[h.module] = { error: 'export failed' };
      }
    }
    return {
      generatedAt: kernel.clock.now().toISOString(),
      legalBasis: 'Art. 15 DSGVO',
      account: account && {
        id: account.id,
        kind: account.kind,
        email: account.email,
        displayName: account.displayName,
        emailVerifiedAt: account.emailVerifiedAt?.toISOString() ?? null,
        totpEnabled: account.totpEnabled,
        createdAt: account.createdAt.toISOString(),
      },
      sessions: sessions.map((s) => ({
        createdAt: s.createdAt.toISOString(),
        lastSeenAt: s.lastSeenAt.toISOString(),
        userAgent: s.userAgent,
      })),
      modules,
    };
  }

  app.get('/konto/datenauskunft', { config: policy }, async (_req, reply) =>
    reply.html(<DataExportPage ctx={reply.viewContext()} />),
  );

  app.get('/konto/datenauskunft/daten.json', { config: policy }, async (req, reply) => {
    const data = await collectPersonalData(req.principal!.accountId);
    await kernel.audit.record({
      actorId: req.principal!.accountId,
      action: 'casework.gdpr_export',
      objectType: 'account',
      objectId: req.principal!.accountId,
      after: { format: 'json' },
      requestId: req.id,
    });
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', 'attachment; filename="datenauskunft.json"')
      .header('cache-control', 'no-store')
      .send(JSON.stringify(data, null, 2));
  });

  app.get('/konto/datenauskunft/daten.pdf', { config: policy }, async (req, reply) => {
    const data = await collectPersonalData(req.principal!.accountId);
    await kernel.audit.record({
      actorId: req.principal!.accountId,
      action: 'casework.gdpr_export',
      objectType: 'account',
      objectId: req.principal!.accountId,
      after: { format: 'pdf' },
      requestId: req.id,
    });
    const lines = (v: unknown, prefix = ''): string[] => {
      if (v === null || v === undefined) return [`${prefix}–`];
      if (typeof v !== 'object') return [`${prefix}${typeof v === 'string' ? v : JSON.stringify(v)}`];
      if (Array.isArray(v))
        return v.length ? v.flatMap((x, i) => lines(x, `${prefix}${i + 1}. `)) : [`${prefix}–`];
      return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) =>
        x !== null && typeof x === 'object'
          ? [`${prefix}${k}:`, ...lines(x, `${prefix}  `)]
          : lines(x, `${prefix}${k}: `),
      );
    };
    const blocks: PdfBlock[] = [
      { type: 'h1', text: 'Datenauskunft nach Art. 15 DSGVO' },
      { type: 'p', text: `Erstellt am ${formatDateTime('de', kernel.clock.now())}` },
      { type: 'h2', text: 'Konto' },
      { type: 'list', items: lines(data.account) },
      { type: 'h2', text: 'Sitzungen' },
      { type: 'list', items: lines(data.sessions) },
      ...Object.entries(data.modules).flatMap(([m, v]): PdfBlock[] => [
        { type: 'h2', text: `Bereich: ${m}` },
        {
          type: 'list',
          items: Object.keys(v).length ? lines(v).slice(0, 5000) : ['Keine Daten gespeichert.'],
        },
      ]),
    ];
    const pdf = await renderPdf({
      title: 'Datenauskunft',
      author: kernel.i18n.translator('de')('site.name', { owner: '' }),
      blocks,
      createdAt: kernel.clock.now(),
    });
    return reply
      .type('application/pdf')
      .header('content-disposition', 'attachment; filename="datenauskunft.pdf"')
      .header('cache-control', 'no-store')
      .send(pdf);
  });

  async function renderDelete(req: FastifyRequest, reply: FastifyReply, errors: FieldErrors = {}) {
    const cases = await listCasesOfApplicant(kernel.db.pool, req.principal!.accountId);
    return reply.html(
      <DeleteAccountPage ctx={reply.viewContext()} errors={errors} hasCases={cases.length > 0} />,
      Object.keys(errors).length ? 422 : 200,
    );
  }

  app.get('/konto/loeschen', { config: policy }, async (req, reply) => renderDelete(req, reply));

  app.post('/konto/loeschen', { config: policy }, async (req, reply) => {
    const ctx = reply.viewContext();
    if (str(req.body, 'confirmDelete', 5) !== 'ja')
      return renderDelete(req, reply, { confirmDelete: ctx.t('casework.error.confirmDelete') });
    const accountId = req.principal!.accountId;
    const retained: string[] = [];
    for (const h of kernel.extensions.personalData) {
      const r = await h.erase(accountId);
      retained.push(...r.retained);
    }
    await deleteAccount(kernel, accountId, { requestId: req.id });
    clearSessionCookie(reply, kernel.config);
    return reply.html(
      <AccountDeletedPage ctx={{ ...ctx, principal: null }} retained={[...new Set(retained)]} />,
    );
  });
}
