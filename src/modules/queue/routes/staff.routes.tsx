import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { Kernel } from '../../../kernel/kernel.ts';
import { formValue, formValues, isoDateIn } from '../../../kernel/views/components.tsx';
import type { FieldErrors } from '../../../kernel/views/components.tsx';
import {
  callNext,
  callParked,
  endCall,
  leaveCounter,
  recall,
  takeCounter,
  type CounterFailure,
} from '../commands/counter.ts';
import { addCounter, deleteCounter, renameCounter, type CounterEditFailure } from '../commands/counters.ts';
import { issueTicket } from '../commands/tickets.ts';
import {
  counterOfClerk,
  countersOf,
  currentTicketAt,
  groupsOf,
  listLocationRows,
  locationBySlug,
  ticketsOfDay,
  type LocationRow,
} from '../db/queries.ts';
import { canWorkAt, queueStaff, workAtLocation } from '../policies.ts';
import { statistics, statisticsCsv } from '../queries/statistics.ts';
import { LocationsPage, WorkplacePage, type WorkplaceFlash } from '../views/workplace.tsx';
import { StatsPage } from '../views/stats.tsx';
import { CountersPage } from '../views/counters.tsx';
import { SLUG_PATTERN } from './public.routes.tsx';

const params = Type.Object({ slug: Type.String({ pattern: SLUG_PATTERN, maxLength: 100 }) });
const anyBody = Type.Object(
  {},
  {
    additionalProperties: Type.Union([
      Type.String({ maxLength: 200 }),
      Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 }),
    ]),
  },
);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Outcome keys shown after a redirect (?meldung=…); anything else is ignored. */
const NOTICES = ['called', 'recalled', 'finished', 'parked', 'missed', 'taken', 'left', 'issued'] as const;
type Notice = (typeof NOTICES)[number];

const FAILURE_STATUS: Record<CounterFailure, number> = {
  noCounter: 409,
  unknownCounter: 422,
  occupied: 409,
  busy: 409,
  nobodyWaiting: 200,
  noCurrentTicket: 409,
  tooManyCalls: 409,
  notMissedYet: 409,
  notParked: 409,
};

/** Parses "21.11.2026" or "2026-11-21" into an ISO date, or null. */
export function parseDay(raw: string): string | null {
  const s = raw.trim();
  let y: number, m: number, d: number;
  let r = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (r) [y, m, d] = [Number(r[1]), Number(r[2]), Number(r[3])];
  else if ((r = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s)))
    [d, m, y] = [Number(r[1]), Number(r[2]), Number(r[3])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  if (y < 2000 || y > 2100) return null;
  return date.toISOString().slice(0, 10);
}

function germanDay(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

/** The counter workplace and statistics (staff of the location). */
export async function staffRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const db = kernel.db.pool;
  const atLocation = workAtLocation(kernel);

  app.get('/verwaltung/warteschlange', { config: { policy: queueStaff } }, async (req, reply) => {
    const locs = (await listLocationRows(db)).filter((l) => canWorkAt(req.principal, l));
    return reply.html(<LocationsPage ctx={reply.viewContext()} locations={locs} />);
  });

  async function workplace(
    req: FastifyRequest,
    reply: FastifyReply,
    loc: LocationRow,
    opts: { flash?: WorkplaceFlash; errors?: FieldErrors; status?: number } = {},
  ) {
    const accountId = req.principal!.accountId;
    const day = isoDateIn(kernel.clock.now());
    const [groups, counters, own, waiting, parked] = await Promise.all([
      groupsOf(db, loc.id),
      countersOf(db, loc.id),
      counterOfClerk(db, loc.id, accountId),
      ticketsOfDay(db, loc.id, day, ['waiting']),
      ticketsOfDay(db, loc.id, day, ['parked']),
    ]);
    const current = own ? await currentTicketAt(db, own.id) : null;
    reply.header('cache-control', 'no-store');
    return reply.html(
      <WorkplacePage
        ctx={reply.viewContext()}
        accountId={accountId}
        data={{ loc, groups, counters, own, current, waiting, parked }}
        flash={opts.flash}
        errors={opts.errors}
      />,
      opts.status ?? 200,
    );
  }

  async function load(req: FastifyRequest<{ Params: { slug: string } }>, reply: FastifyReply) {
    const loc = await locationBySlug(db, req.params.slug);
    if (!loc) {
      reply.callNotFound();
      return null;
    }
    return loc;
  }

  app.get<{ Params: { slug: string }; Querystring: { meldung?: string; nr?: string } }>(
    '/verwaltung/warteschlange/:slug',
    {
      config: { policy: atLocation },
      schema: {
        params,
        querystring: Type.Object({
          meldung: Type.Optional(Type.String({ maxLength: 40 })),
          nr: Type.Optional(Type.String({ maxLength: 10 })),
        }),
      },
    },
    async (req, reply) => {
      const loc = await load(req, reply);
      if (!loc) return reply;
      const t = reply.viewContext().t;
      const notice: Notice | undefined = NOTICES.find((n) => n === req.query.meldung);
      const nr = req.query.nr && /^[A-Z]{1,3}\d{1,4}$/.test(req.query.nr) ? req.query.nr : '';
      return workplace(req, reply, loc, {
        flash: notice ? { type: 'success', text: t(`queue.notice.${notice}`, { code: nr }) } : undefined,
      });
    },
  );

  const done = (reply: FastifyReply, loc: LocationRow, notice: Notice, code?: string) =>
    reply.redirect(
      `/verwaltung/warteschlange/${loc.slug}?meldung=${notice}${code ? `&nr=${encodeURIComponent(code)}` : ''}`,
      303,
    );

  async function failed(req: FastifyRequest, reply: FastifyReply, loc: LocationRow, reason: CounterFailure) {
    const t = reply.viewContext().t;
    return workplace(req, reply, loc, {
      flash: { type: reason === 'nobodyWaiting' ? 'info' : 'warning', text: t(`queue.failure.${reason}`) },
      status: FAILURE_STATUS[reason],
    });
  }

  const post = (
    path: string,
    handler: (
      req: FastifyRequest<{ Params: { slug: string }; Body: Record<string, unknown> }>,
      reply: FastifyReply,
      loc: LocationRow,
    ) => Promise<unknown>,
  ) =>
    app.post<{ Params: { slug: string }; Body: Record<string, unknown> }>(
      `/verwaltung/warteschlange/:slug${path}`,
      { config: { policy: atLocation }, schema: { params, body: anyBody } },
      async (req, reply) => {
        const loc = await load(req, reply);
        if (!loc) return reply;
        return handler(req, reply, loc);
      },
    );

  post('/platz', async (req, reply, loc) => {
    const t = reply.viewContext().t;
    const counterId = formValue(req.body, 'counter');
    const groupIds = formValues(req.body, 'groups').filter((g) => UUID.test(g));
    if (!UUID.test(counterId))
      return workplace(req, reply, loc, {
        errors: { counter: t('queue.error.counterRequired') },
        status: 422,
      });
    const groups = await groupsOf(db, loc.id);
    const known = groupIds.filter((g) => groups.some((x) => x.id === g));
    const r = await takeCounter(
      kernel,
      loc,
      req.principal!.accountId,
      counterId,
      known.length ? known : null,
    );
    if (!r.ok) {
      if (r.reason === 'unknownCounter')
        return workplace(req, reply, loc, {
          errors: { counter: t('queue.error.counterRequired') },
          status: 422,
        });
      return failed(req, reply, loc, r.reason);
    }
    return done(reply, loc, 'taken');
  });

  post('/platz/verlassen', async (req, reply, loc) => {
    const r = await leaveCounter(kernel, loc, req.principal!.accountId);
    return r.ok ? done(reply, loc, 'left') : failed(req, reply, loc, r.reason);
  });

  post('/aufrufen', async (req, reply, loc) => {
    const r = await callNext(kernel, loc, req.principal!.accountId);
    return r.ok ? done(reply, loc, 'called', r.value.code) : failed(req, reply, loc, r.reason);
  });

  post('/erneut', async (req, reply, loc) => {
    const r = await recall(kernel, loc, req.principal!.accountId);
    return r.ok ? done(reply, loc, 'recalled', r.value.code) : failed(req, reply, loc, r.reason);
  });

  for (const [path, action, notice] of [
    ['/abschliessen', 'finish', 'finished'],
    ['/parken', 'park', 'parked'],
    ['/nicht-erschienen', 'missed', 'missed'],
  ] as const) {
    post(path, async (req, reply, loc) => {
      const r = await endCall(kernel, loc, req.principal!.accountId, action);
      return r.ok ? done(reply, loc, notice, r.value.code) : failed(req, reply, loc, r.reason);
    });
  }

  post('/geparkt', async (req, reply, loc) => {
    const id = formValue(req.body, 'ticket');
    if (!UUID.test(id)) return failed(req, reply, loc, 'notParked');
    const r = await callParked(kernel, loc, req.principal!.accountId, id);
    return r.ok ? done(reply, loc, 'called', r.value.code) : failed(req, reply, loc, r.reason);
  });

  post('/ticket', async (req, reply, loc) => {
    const t = reply.viewContext().t;
    const group = formValue(req.body, 'group');
    const r = await issueTicket(kernel, loc, {
      groupKey: group,
      source: 'staff',
      priority: formValue(req.body, 'priority') === '1',
      lang: 'de',
    });
    if (!r.ok) {
      if (r.reason === 'unknownGroup')
        return workplace(req, reply, loc, { errors: { group: t('queue.error.groupRequired') }, status: 422 });
      return workplace(req, reply, loc, {
        flash: { type: 'warning', text: t(`queue.issue.error.${r.reason}`) },
        status: 409,
      });
    }
    await kernel.audit.record({
      actorId: req.principal!.accountId,
      action: 'queue.ticket_issued',
      objectType: 'queue.ticket',
      objectId: r.ticket.id,
      tenantId: loc.tenant_id,
      after: { location: loc.slug, code: r.ticket.code, priority: r.ticket.priority === 1 },
      requestId: req.id,
    });
    return done(reply, loc, 'issued', r.ticket.code);
  });

  // ---- counters and rooms ------------------------------------------------------------------
  const counterParams = Type.Object({
    slug: Type.String({ pattern: SLUG_PATTERN, maxLength: 100 }),
    id: Type.String({ maxLength: 40 }),
  });
  const COUNTER_NOTICES = ['created', 'renamed', 'deleted'] as const;

  async function countersPage(
    reply: FastifyReply,
    loc: LocationRow,
    opts: {
      notice?: string;
      warning?: string;
      errors?: FieldErrors;
      values?: { label?: string; renameId?: string; rename?: string };
      status?: number;
    } = {},
  ) {
    reply.header('cache-control', 'no-store');
    return reply.html(
      <CountersPage
        ctx={reply.viewContext()}
        loc={loc}
        counters={await countersOf(db, loc.id)}
        notice={opts.notice}
        warning={opts.warning}
        errors={opts.errors}
        values={opts.values}
      />,
      opts.status ?? 200,
    );
  }
  const countersDone = (reply: FastifyReply, loc: LocationRow, notice: (typeof COUNTER_NOTICES)[number]) =>
    reply.redirect(`/verwaltung/warteschlange/${loc.slug}/schalter?meldung=${notice}`, 303);
  const counterError = (t: (k: string) => string, reason: CounterEditFailure) =>
    t(`queue.counters.error.${reason}`);

  app.get<{ Params: { slug: string }; Querystring: { meldung?: string } }>(
    '/verwaltung/warteschlange/:slug/schalter',
    {
      config: { policy: atLocation },
      schema: {
        params,
        querystring: Type.Object({ meldung: Type.Optional(Type.String({ maxLength: 40 })) }),
      },
    },
    async (req, reply) => {
      const loc = await load(req, reply);
      if (!loc) return reply;
      const notice = COUNTER_NOTICES.find((n) => n === req.query.meldung);
      return countersPage(reply, loc, {
        notice: notice ? reply.viewContext().t(`queue.counters.done.${notice}`) : undefined,
      });
    },
  );

  post('/schalter', async (req, reply, loc) => {
    const label = formValue(req.body, 'label');
    const r = await addCounter(kernel, loc, label, req.principal!.accountId);
    if (r.ok) return countersDone(reply, loc, 'created');
    return countersPage(reply, loc, {
      errors: { label: counterError(reply.viewContext().t, r.reason) },
      values: { label },
      status: 422,
    });
  });

  app.post<{ Params: { slug: string; id: string }; Body: Record<string, unknown> }>(
    '/verwaltung/warteschlange/:slug/schalter/:id',
    { config: { policy: atLocation }, schema: { params: counterParams, body: anyBody } },
    async (req, reply) => {
      const loc = await load(req, reply);
      if (!loc) return reply;
      const field = `rename-${req.params.id}`;
      const label = formValue(req.body, field);
      const r = await renameCounter(kernel, loc, req.params.id, label, req.principal!.accountId);
      if (r.ok) return countersDone(reply, loc, 'renamed');
      if (r.reason === 'notFound') return reply.callNotFound();
      return countersPage(reply, loc, {
        errors: { [field]: counterError(reply.viewContext().t, r.reason) },
        values: { renameId: req.params.id, rename: label },
        status: 422,
      });
    },
  );

  app.post<{ Params: { slug: string; id: string } }>(
    '/verwaltung/warteschlange/:slug/schalter/:id/loeschen',
    { config: { policy: atLocation }, schema: { params: counterParams } },
    async (req, reply) => {
      const loc = await load(req, reply);
      if (!loc) return reply;
      const r = await deleteCounter(kernel, loc, req.params.id, req.principal!.accountId);
      if (r.ok) return countersDone(reply, loc, 'deleted');
      if (r.reason === 'notFound') return reply.callNotFound();
      return countersPage(reply, loc, {
        warning: counterError(reply.viewContext().t, r.reason),
        status: 409,
      });
    },
  );

  // ---- statistics --------------------------------------------------------------------------
  const statsQuery = Type.Object({
    von: Type.Optional(Type.String({ maxLength: 40 })),
    bis: Type.Optional(Type.String({ maxLength: 40 })),
    tabelle: Type.Optional(Type.String({ maxLength: 20 })),
  });

  function readRange(
    t: (k: string) => string,
    q: { von?: string; bis?: string },
  ): { ok: true; from: string; to: string } | { ok: false; errors: FieldErrors } {
    const today = isoDateIn(kernel.clock.now());
    const weekAgo = isoDateIn(new Date(kernel.clock.now().getTime() - 6 * 86_400_000));
    const from = q.von === undefined || q.von === '' ? weekAgo : parseDay(q.von);
    const to = q.bis === undefined || q.bis === '' ? today : parseDay(q.bis);
    const errors: FieldErrors = {};
    if (!from) errors.von = t('queue.stats.error.date');
    if (!to) errors.bis = t('queue.stats.error.date');
    if (from && to) {
      if (from > to) errors.bis = t('queue.stats.error.order');
      else if (Date.parse(to) - Date.parse(from) > 366 * 86_400_000) errors.bis = t('queue.stats.error.long');
    }
    return Object.keys(errors).length ? { ok: false, errors } : { ok: true, from: from!, to: to! };
  }

  app.get<{ Params: { slug: string }; Querystring: { von?: string; bis?: string } }>(
    '/verwaltung/warteschlange/:slug/statistik',
    { config: { policy: atLocation }, schema: { params, querystring: statsQuery } },
    async (req, reply) => {
      const loc = await load(req, reply);
      if (!loc) return reply;
      const ctx = reply.viewContext();
      const range = readRange(ctx.t, req.query);
      const input = { von: req.query.von ?? '', bis: req.query.bis ?? '' };
      if (!range.ok)
        return reply.html(
          <StatsPage ctx={ctx} loc={loc} stats={null} input={input} errors={range.errors} />,
          422,
        );
      const stats = await statistics(kernel, loc, range.from, range.to);
      return reply.html(
        <StatsPage
          ctx={ctx}
          loc={loc}
          stats={stats}
          input={{ von: input.von || germanDay(range.from), bis: input.bis || germanDay(range.to) }}
        />,
      );
    },
  );

  app.get<{ Params: { slug: string }; Querystring: { von?: string; bis?: string; tabelle?: string } }>(
    '/verwaltung/warteschlange/:slug/statistik.csv',
    { config: { policy: atLocation }, schema: { params, querystring: statsQuery } },
    async (req, reply) => {
      const loc = await load(req, reply);
      if (!loc) return reply;
      const range = readRange(reply.viewContext().t, req.query);
      const table =
        req.query.tabelle === 'stunden' || req.query.tabelle === 'anliegen' ? req.query.tabelle : 'tage';
      if (!range.ok) return reply.code(400).type('text/plain; charset=utf-8').send('invalid date range\n');
      const csv = statisticsCsv(await statistics(kernel, loc, range.from, range.to), table);
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="wartezeiten-${loc.slug}-${table}-${range.from}-${range.to}.csv"`,
        )
        .send(csv);
    },
  );
}
