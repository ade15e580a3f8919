import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kernel } from '../../../kernel/kernel.ts';
import { sendStoredFile } from '../../../kernel/files/index.ts';
import type { FieldErrors } from '../../../kernel/views/components.tsx';
import { decideCase } from '../commands/decide.ts';
import { exportCaseZip } from '../commands/export-case.ts';
import {
  addNote,
  assignCases,
  changeStatus,
  requestInformation,
  setPriority,
} from '../commands/staff-actions.ts';
import { readCaseworkConfig } from '../config.ts';
import { findCaseById, listDocuments, listFileEntries, listRfis } from '../db/cases.ts';
import { inboxServices, searchInbox, type InboxSort } from '../db/inbox.ts';
import {
  canTransition,
  isDecision,
  isOpen,
  isStatus,
  isUuid,
  manualTargets,
  type CaseStatus,
} from '../domain.ts';
import { presentCase, presentDocument, presentEntry, presentRfi } from '../presenters/case.ts';
import { isoDate } from '../presenters/format.ts';
import { caseScope, caseworker, scopeAllows, scopeFromGrants } from '../policies.ts';
import { CasePage, INBOX, InboxPage, type CaseFormValues, type InboxQuery } from '../views/staff-pages.tsx';
import { colleaguesFor, noticeFrom, notFound, safeBack, staffActor, str, strs } from './common.ts';

const SORTS: InboxSort[] = ['submitted', '-submitted', 'due', '-due', 'reference', 'status', 'priority'];
const Q_MAX = 200;
const CSV_MAX_ROWS = 20_000;
const CASE_NOTICES = ['status', 'zugewiesen', 'notiz', 'rueckfrage', 'entschieden', 'prioritaet'] as const;

/** Reads the inbox query; bad values fall back to the default, a too long search is an error. */
export function readInboxQuery(
  query: unknown,
  t: (k: string, p?: Record<string, string | number>) => string,
) {
  const errors: FieldErrors = {};
  let q = str(query, 'q', 10_000)
    .replace(/[\u0000-\u001f]/g, ' ')
    .trim();
  if (q.length > Q_MAX) {
    errors.q = t('casework.error.searchTooLong', { max: Q_MAX });
    q = q.slice(0, Q_MAX);
  }
  const status = str(query, 'status', 40);
  const leistung = str(query, 'leistung', 100);
  const sortierung = str(query, 'sortierung', 20);
  const seite = Number.parseInt(str(query, 'seite', 10), 10);
  const iq: InboxQuery = {
    q,
    status: status === 'open' || isStatus(status) ? status : '',
    leistung: /^[a-z0-9-]{1,100}$/.test(leistung) ? leistung : '',
    ueberfaellig: str(query, 'ueberfaellig', 5) === '1',
    meine: str(query, 'meine', 5) === '1',
    sortierung: SORTS.includes(sortierung as InboxSort) ? sortierung : '-submitted',
    seite: Number.isInteger(seite) && seite >= 1 && seite <= 100_000 ? seite : 1,
  };
  return { iq, errors };
}

function csvCell(v: string): string {
  // Formula injection guard for spreadsheet programs, then RFC 4180 quoting.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[";\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export async function staffRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const cfg = readCaseworkConfig(kernel.fullConfig);
  const policy = { policy: caseworker };

  async function inboxData(req: FastifyRequest, iq: InboxQuery, limit: number, offset: number) {
    const scope = caseScope(req.principal)!;
    return searchInbox(
      kernel.db.pool,
      scope,
      {
        status: iq.status ? (iq.status as CaseStatus | 'open') : undefined,
        service: iq.leistung || undefined,
        overdue: iq.ueberfaellig,
        assigneeId: iq.meine ? req.principal!.accountId : undefined,
        q: iq.q || undefined,
        sort: iq.sortierung as InboxSort,
        limit,
        offset,
      },
      kernel.clock.now(),
    );
  }

  async function renderInbox(
    req: FastifyRequest,
    reply: FastifyReply,
    iq: InboxQuery,
    errors: FieldErrors,
    bulkError?: string,
  ) {
    const ctx = reply.viewContext();
    const scope = caseScope(req.principal)!;
    const { items, total, exact } = await inboxData(
      req,
      iq,
      cfg.inboxPageSize,
      (iq.seite - 1) * cfg.inboxPageSize,
    );
    const now = kernel.clock.now();
    const [services, colleagues] = await Promise.all([
      inboxServices(kernel.db.pool),
      colleaguesFor(kernel, scope),
    ]);
    const status = Object.keys(errors).length || bulkError ? 422 : 200;
    return reply.html(
      <InboxPage
        ctx={ctx}
        query={iq}
        errors={errors}
        bulkError={bulkError}
        cases={items.map((c) => presentCase(ctx.t, ctx.lang, c, now))}
        total={total}
        exact={exact}
        pageCount={Math.ceil(total / cfg.inboxPageSize)}
        services={services}
        colleagues={colleagues.map((c) => ({ id: c.id, name: c.name }))}
        notice={status === 200 ? noticeFrom(req, ctx.t, ['zugewiesen']) : undefined}
      />,
      status,
    );
  }

  app.get(INBOX, { config: policy }, async (req, reply) => {
    const { iq, errors } = readInboxQuery(req.query, reply.viewContext().t);
    return renderInbox(req, reply, iq, errors);
  });

  app.get(`${INBOX}/export.csv`, { config: policy }, async (req, reply) => {
    const t = reply.viewContext().t;
    const { iq } = readInboxQuery(req.query, t);
    const { items } = await inboxData(req, iq, CSV_MAX_ROWS, 0);
    const header = [
      'reference',
      'service',
      'applicant',
      'status',
      'submitted',
      'due',
      'priority',
      'assignee',
      'payment',
    ].map((k) => (k === 'payment' ? t('casework.field.payment') : t(`casework.col.${k}`)));
    const lines = [header.map(csvCell).join(';')];
    for (const c of items) {
      lines.push(
        [
          c.reference,
          c.serviceTitle,
          c.applicantName ?? '',
          t(`casework.status.${c.status}`),
          isoDate(c.submittedAt),
          isoDate(c.dueAt),
          t(`casework.priority.${c.priority}`),
          c.assigneeName ?? '',
          c.paymentStatus,
        ]
          .map(csvCell)
          .join(';'),
      );
    }
    await kernel.audit.record({
      actorId: req.principal!.accountId,
      action: 'casework.inbox_exported',
      objectType: 'inbox',
      objectId: null,
      after: { rows: items.length },
      requestId: req.id,
    });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="vorgaenge-${isoDate(kernel.clock.now())}.csv"`)
      .header('cache-control', 'no-store')
      .send(`\uFEFF${lines.join('\r\n')}\r\n`);
  });

  app.post(`${INBOX}/zuweisen`, { config: policy }, async (req, reply) => {
    const t = reply.viewContext().t;
    const back = safeBack(str(req.query, 'zurueck', 2000), INBOX);
    const { iq } = readInboxQuery(Object.fromEntries(new URL(back, 'http://x').searchParams), t);
    const ids = strs(req.body, 'ids').filter(isUuid);
    const who = str(req.body, 'assignee', 64);
    const actor = staffActor(req);
    let assignee: Parameters<typeof assignCases>[2]['assignee'] = null;
    if (!who) return renderInbox(req, reply, iq, {}, t('casework.error.assigneeRequired'));
    if (who !== 'niemand') {
      const col = (await colleaguesFor(kernel, actor.scope)).find((c) => c.id === who);
      if (!col) return renderInbox(req, reply, iq, {}, t('casework.error.assigneeNotAllowed'));
      const colScope = scopeFromGrants(col.grants);
      assignee = { id: col.id, name: col.name, canSee: (c) => scopeAllows(colScope, c) };
    }
    const r = await assignCases(kernel, actor, { caseIds: ids, assignee });
    if (!r.ok) {
      const key =
        r.reason === 'none_selected'
          ? 'noneSelected'
          : r.reason === 'assignee_not_allowed'
            ? 'assigneeNotAllowed'
            : 'caseNotFound';
      return renderInbox(req, reply, iq, {}, t(`casework.error.${key}`));
    }
    const sep = back.includes('?') ? '&' : '?';
    return reply.redirect(`${back}${sep}hinweis=zugewiesen`, 303);
  });

  async function renderCase(
    req: FastifyRequest,
    reply: FastifyReply,
    caseId: string,
    errors: FieldErrors = {},
    values: CaseFormValues = {},
  ) {
    const scope = caseScope(req.principal);
    const c = isUuid(caseId) ? await findCaseById(kernel.db.pool, caseId) : null;
    if (!c || !scopeAllows(scope, c)) return notFound(reply);
    const ctx = reply.viewContext();
    const [entries, docs, rfis, colleagues] = await Promise.all([
      listFileEntries(kernel.db.pool, c.id),
      listDocuments(kernel.db.pool, c.id),
      listRfis(kernel.db.pool, c.id),
      colleaguesFor(kernel, scope!),
    ]);
    const hasOpenRfi = rfis.some((r) => r.answeredAt === null);
    const status = Object.keys(errors).length ? 422 : 200;
    return reply.html(
      <CasePage
        ctx={ctx}
        c={presentCase(ctx.t, ctx.lang, c, kernel.clock.now())}
        entries={entries.map((e) => presentEntry(ctx.t, ctx.lang, e))}
        docs={docs.map((d) => presentDocument(ctx.t, ctx.lang, d))}
        rfis={rfis.map((r) => presentRfi(ctx.lang, r))}
        statusTargets={manualTargets(c.status)}
        canDecide={canTransition(c.status, 'approved')}
        canAsk={isOpen(c.status) && !hasOpenRfi}
        colleagues={colleagues
          .filter((x) => scopeAllows(scopeFromGrants(x.grants), c))
          .map((x) => ({ id: x.id, name: x.name }))}
        me={req.principal!.accountId}
        errors={errors}
        values={values}
        notice={status === 200 ? noticeFrom(req, ctx.t, CASE_NOTICES) : undefined}
      />,
      status,
    );
  }

  app.get<{ Params: { id: string } }>(`${INBOX}/:id`, { config: policy }, async (req, reply) =>
    renderCase(req, reply, req.params.id),
  );

  const done = (reply: FastifyReply, id: string, notice: string) =>
    reply.redirect(`${INBOX}/${id}?hinweis=${notice}`, 303);

  app.post<{ Params: { id: string } }>(`${INBOX}/:id/status`, { config: policy }, async (req, reply) => {
    const t = reply.viewContext().t;
    const values = {
      statusTo: str(req.body, 'statusTo', 40),
      statusReason: str(req.body, 'statusReason', 5000),
    };
    if (!isStatus(values.statusTo))
      return renderCase(req, reply, req.params.id, { statusTo: t('casework.error.statusRequired') }, values);
    if (values.statusReason.length > 2000)
      return renderCase(
        req,
        reply,
        req.params.id,
        { statusReason: t('casework.error.tooLong', { max: 2000 }) },
        values,
      );
    const r = await changeStatus(kernel, staffActor(req), {
      caseId: req.params.id,
      to: values.statusTo,
      reason: values.statusReason,
    });
    if (r.ok) return done(reply, req.params.id, 'status');
    if (r.reason === 'not_found') return notFound(reply);
    if (r.reason === 'reason_required')
      return renderCase(
        req,
        reply,
        req.params.id,
        { statusReason: t('casework.error.reasonRequired') },
        values,
      );
    return renderCase(req, reply, req.params.id, { statusTo: t('casework.error.invalidTransition') }, values);
  });

  app.post<{ Params: { id: string } }>(`${INBOX}/:id/zuweisung`, { config: policy }, async (req, reply) => {
    const t = reply.viewContext().t;
    const who = str(req.body, 'assignee', 64);
    const actor = staffActor(req);
    if (!isUuid(req.params.id)) return notFound(reply);
    let assignee: Parameters<typeof assignCases>[2]['assignee'] = null;
    if (!who)
      return renderCase(req, reply, req.params.id, { assignee: t('casework.error.assigneeRequired') });
    if (who !== 'niemand') {
      const col = (await colleaguesFor(kernel, actor.scope)).find((c) => c.id === who);
      if (!col)
        return renderCase(req, reply, req.params.id, { assignee: t('casework.error.assigneeNotAllowed') });
      const colScope = scopeFromGrants(col.grants);
      assignee = { id: col.id, name: col.name, canSee: (c) => scopeAllows(colScope, c) };
    }
    const r = await assignCases(kernel, actor, { caseIds: [req.params.id], assignee });
    if (r.ok) return done(reply, req.params.id, 'zugewiesen');
    if (r.reason === 'assignee_not_allowed')
      return renderCase(req, reply, req.params.id, { assignee: t('casework.error.assigneeNotAllowed') });
    return notFound(reply);
  });

  app.post<{ Params: { id: string } }>(`${INBOX}/:id/prioritaet`, { config: policy }, async (req, reply) => {
    const t = reply.viewContext().t;
    const r = await setPriority(kernel, staffActor(req), {
      caseId: req.params.id,
      priority: str(req.body, 'priority', 20),
    });
    if (r.ok) return done(reply, req.params.id, 'prioritaet');
    if (r.reason === 'not_found') return notFound(reply);
    return renderCase(req, reply, req.params.id, { priority: t('casework.error.priority') });
  });

  app.post<{ Params: { id: string } }>(`${INBOX}/:id/notiz`, { config: policy }, async (req, reply) => {
    const t = reply.viewContext().t;
    const note = str(req.body, 'note');
    const r = await addNote(kernel, staffActor(req), { caseId: req.params.id, text: note });
    if (r.ok) return done(reply, req.params.id, 'notiz');
    if (r.reason === 'not_found') return notFound(reply);
    const msg =
      r.reason === 'empty' ? t('casework.error.noteRequired') : t('casework.error.tooLong', { max: 5000 });
    return renderCase(req, reply, req.params.id, { note: msg }, { note });
  });

  app.post<{ Params: { id: string } }>(`${INBOX}/:id/rueckfrage`, { config: policy }, async (req, reply) => {
    const t = reply.viewContext().t;
    const question = str(req.body, 'question');
    const r = await requestInformation(kernel, staffActor(req), { caseId: req.params.id, question });
    if (r.ok) return done(reply, req.params.id, 'rueckfrage');
    if (r.reason === 'not_found') return notFound(reply);
    const msg = {
      empty: t('casework.error.questionRequired'),
      too_long: t('casework.error.tooLong', { max: 5000 }),
      invalid_transition: t('casework.error.invalidTransition'),
      open_request: t('casework.error.openRequest'),
    }[r.reason];
    return renderCase(req, reply, req.params.id, { question: msg }, { question });
  });

  app.post<{ Params: { id: string } }>(`${INBOX}/:id/entscheiden`, { config: policy }, async (req, reply) => {
    const t = reply.viewContext().t;
    const values = {
      decision: str(req.body, 'decision', 40),
      decisionReason: str(req.body, 'decisionReason'),
    };
    if (!isDecision(values.decision))
      return renderCase(
        req,
        reply,
        req.params.id,
        { decision: t('casework.error.decisionRequired') },
        values,
      );
    const r = await decideCase(kernel, staffActor(req), {
      caseId: req.params.id,
      decision: values.decision,
      reason: values.decisionReason,
    });
    if (r.ok) return done(reply, req.params.id, 'entschieden');
    if (r.reason === 'not_found') return notFound(reply);
    const errors: FieldErrors =
      r.reason === 'invalid_transition'
        ? { decision: t('casework.error.invalidTransition') }
        : r.reason === 'reason_required'
          ? { decisionReason: t('casework.error.decisionReasonRequired') }
          : { decisionReason: t('casework.error.tooLong', { max: 5000 }) };
    return renderCase(req, reply, req.params.id, errors, values);
  });

  app.get<{ Params: { id: string; doc: string } }>(
    `${INBOX}/:id/dokumente/:doc`,
    { config: policy },
    async (req, reply) => {
      const c = isUuid(req.params.id) ? await findCaseById(kernel.db.pool, req.params.id) : null;
      if (!c || !scopeAllows(caseScope(req.principal), c)) return notFound(reply);
      const doc = (await listDocuments(kernel.db.pool, c.id)).find((d) => d.id === req.params.doc);
      if (!doc || !(await sendStoredFile(reply, kernel.files, doc.fileId, { name: doc.filename })))
        return notFound(reply);
      return reply;
    },
  );

  app.get<{ Params: { id: string } }>(`${INBOX}/:id/akte.zip`, { config: policy }, async (req, reply) => {
    const c = isUuid(req.params.id) ? await findCaseById(kernel.db.pool, req.params.id) : null;
    if (!c || !scopeAllows(caseScope(req.principal), c)) return notFound(reply);
    const zip = await exportCaseZip(kernel, staffActor(req), c);
    return reply
      .type('application/zip')
      .header(
        'content-disposition',
        `attachment; filename="akte-${c.reference.replace(/[^\w.-]/g, '_')}.zip"`,
      )
      .header('cache-control', 'no-store')
      .send(zip);
  });
}
