import type { FastifyInstance, FastifyReply } from 'fastify';
import Type from 'typebox';
import type { Kernel } from '../../../kernel/kernel.ts';
import { isoDateIn } from '../../../kernel/views/components.tsx';
import { checkIn, type CheckInFailure } from '../commands/check-in.ts';
import { issueTicket } from '../commands/tickets.ts';
import { readQueueConfig } from '../config.ts';
import {
  aheadOf,
  countersOf,
  groupsOf,
  listLocationRows,
  locationBySlug,
  ticketById,
  waitingByGroup,
  type LocationRow,
} from '../db/queries.ts';
import { displayState, frame, hubOf, tooManyStreams } from '../live.ts';
import { ticketEstimate, waitingTime } from '../queries/waiting-time.ts';
import { DisplayPage } from '../views/display.tsx';
import { groupName, KioskPage, TicketPage } from '../views/kiosk.tsx';
import { CheckInErrorText, CheckInPage, OverviewPage, WaitingTimePage } from '../views/public-pages.tsx';

export const SLUG_PATTERN = '^[a-z0-9][a-z0-9-]{0,99}$';
const slugParams = Type.Object({ slug: Type.String({ pattern: SLUG_PATTERN, maxLength: 100 }) });
const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

async function notFound(reply: FastifyReply) {
  return reply.callNotFound();
}

/** Public pages: overview, waiting time, check-in, kiosk, ticket, call display and its stream. */
export async function publicRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const cfg = readQueueConfig(kernel.fullConfig);
  const hub = hubOf(kernel);
  const db = kernel.db.pool;

  app.get('/wartezeiten', { config: { policy: 'public', pageCache: true } }, async (_req, reply) => {
    const locs = await listLocationRows(db);
    const items = await Promise.all(locs.map((l) => waitingTime(kernel, l)));
    return reply.html(<OverviewPage ctx={reply.viewContext()} items={items} />);
  });

  app.get<{ Params: { slug: string } }>(
    '/wartezeiten/:slug',
    { config: { policy: 'public', pageCache: true }, schema: { params: slugParams } },
    async (req, reply) => {
      const loc = await locationBySlug(db, req.params.slug);
      if (!loc) return notFound(reply);
      return reply.html(<WaitingTimePage ctx={reply.viewContext()} w={await waitingTime(kernel, loc)} />);
    },
  );

  // ---- online check-in (the QR code of the appointment confirmation points here) ----------
  const checkInQuery = Type.Object({
    code: Type.Optional(Type.String({ maxLength: 100 })),
    kiosk: Type.Optional(Type.String({ maxLength: 1 })),
  });
  app.get<{ Params: { slug: string }; Querystring: { code?: string; kiosk?: string } }>(
    '/wartezeiten/:slug/einchecken',
    { config: { policy: 'public' }, schema: { params: slugParams, querystring: checkInQuery } },
    async (req, reply) => {
      const loc = await locationBySlug(db, req.params.slug);
      if (!loc) return notFound(reply);
      return reply.html(
        <CheckInPage
          ctx={reply.viewContext()}
          name={loc.name}
          slug={loc.slug}
          values={{ code: (req.query.code ?? '').slice(0, 40) }}
          kiosk={req.query.kiosk === '1'}
        />,
      );
    },
  );

  app.post<{ Params: { slug: string }; Querystring: { kiosk?: string }; Body: { code?: string } }>(
    '/wartezeiten/:slug/einchecken',
    {
      config: { policy: 'public' },
      schema: {
        params: slugParams,
        querystring: Type.Object({ kiosk: Type.Optional(Type.String({ maxLength: 1 })) }),
        body: Type.Object({ code: Type.Optional(Type.String({ maxLength: 1000 })) }),
      },
    },
    async (req, reply) => {
      const loc = await locationBySlug(db, req.params.slug);
      if (!loc) return notFound(reply);
      const ctx = reply.viewContext();
      const kiosk = req.query.kiosk === '1';
      const code = (req.body.code ?? '').trim();
      const fail = (message: string) =>
        reply.html(
          <CheckInPage
            ctx={ctx}
            name={loc.name}
            slug={loc.slug}
            values={{ code: code.slice(0, 40) }}
            errors={{ code: message }}
            kiosk={kiosk}
          />,
          422,
        );
      if (!code) return fail(ctx.t('queue.checkin.error.required'));
      if (code.length > 40) return fail(ctx.t('queue.checkin.error.notFound'));
      const result = await checkIn(kernel, loc, code, req.lang);
      if (!result.ok)
        return fail(CheckInErrorText(ctx, result.reason satisfies CheckInFailure, result.startsAt));
      return reply.redirect(
        `/wartezeiten/${loc.slug}/ticket/${result.ticket.id}${kiosk ? '?kiosk=1' : ''}`,
        303,
      );
    },
  );

  // ---- kiosk -------------------------------------------------------------------------------
  async function kioskPage(reply: FastifyReply, loc: LocationRow, message?: string, status = 200) {
    const day = isoDateIn(kernel.clock.now());
    const [groups, waiting, issued] = await Promise.all([
      groupsOf(db, loc.id),
      waitingByGroup(db, loc.id, day),
      db.query<{ issued: number }>(
        'select issued from queue.day_counts where location_id = $1 and service_date = $2',
        [loc.id, day],
      ),
    ]);
    return reply.html(
      <KioskPage
        ctx={reply.viewContext()}
        slug={loc.slug}
        name={loc.name}
        groups={groups}
        waiting={waiting}
        contingentLeft={loc.day_contingent - (issued.rows[0]?.issued ?? 0)}
        message={message}
      />,
      status,
    );
  }

  app.get<{ Params: { slug: string } }>(
    '/wartezeiten/:slug/kiosk',
    { config: { policy: 'public' }, schema: { params: slugParams } },
    async (req, reply) => {
      const loc = await locationBySlug(db, req.params.slug);
      if (!loc) return notFound(reply);
      return kioskPage(reply, loc);
    },
  );

  app.post<{ Params: { slug: string }; Body: { group?: string } }>(
    '/wartezeiten/:slug/kiosk',
    {
      config: { policy: 'public' },
      schema: {
        params: slugParams,
        body: Type.Object({ group: Type.Optional(Type.String({ maxLength: 200 })) }),
      },
    },
    async (req, reply) => {
      const loc = await locationBySlug(db, req.params.slug);
      if (!loc) return notFound(reply);
      const result = await issueTicket(kernel, loc, {
        groupKey: req.body.group ?? '',
        source: 'kiosk',
        lang: req.lang,
      });
      if (!result.ok) {
        const t = reply.viewContext().t;
        return kioskPage(
          reply,
          loc,
          t(`queue.issue.error.${result.reason}`),
          result.reason === 'unknownGroup' ? 422 : 409,
        );
      }
      return reply.redirect(`/wartezeiten/${loc.slug}/ticket/${result.ticket.id}?kiosk=1`, 303);
    },
  );

  app.get<{ Params: { slug: string; id: string }; Querystring: { kiosk?: string } }>(
    '/wartezeiten/:slug/ticket/:id',
    {
      config: { policy: 'public' },
      schema: {
        params: Type.Object({
          slug: Type.String({ pattern: SLUG_PATTERN, maxLength: 100 }),
          id: Type.String({ pattern: UUID }),
        }),
        querystring: Type.Object({ kiosk: Type.Optional(Type.String({ maxLength: 1 })) }),
      },
    },
    async (req, reply) => {
      const loc = await locationBySlug(db, req.params.slug);
      const ticket = loc ? await ticketById(db, req.params.id) : null;
      if (!loc || !ticket || ticket.location_id !== loc.id) return notFound(reply);
      const now = kernel.clock.now();
      const [groups, counters] = await Promise.all([groupsOf(db, loc.id), countersOf(db, loc.id)]);
      const ahead = await aheadOf(db, ticket, new Date(now.getTime() + cfg.appointmentDueMinutes * 60_000));
      const est = await ticketEstimate(kernel, loc, ahead);
      const ctx = reply.viewContext();
      const group = groups.find((g) => g.id === ticket.group_id);
      reply.header('cache-control', 'no-store');
      return reply.html(
        <TicketPage
          ctx={ctx}
          slug={loc.slug}
          name={loc.name}
          kiosk={req.query.kiosk === '1'}
          ticket={{
            id: ticket.id,
            code: ticket.code,
            group: group ? groupName(ctx, group) : '',
            createdAt: ticket.created_at,
            appointmentAt: ticket.appointment_starts_at,
            status: ticket.status,
            ahead: [...ahead.values()].reduce((a, b) => a + b, 0),
            ...est,
            counter: counters.find((c) => c.id === ticket.counter_id)?.label ?? null,
          }}
        />,
      );
    },
  );

  // ---- call display ------------------------------------------------------------------------
  app.get<{ Params: { slug: string } }>(
    '/wartezeiten/:slug/anzeige',
    { config: { policy: 'public' }, schema: { params: slugParams } },
    async (req, reply) => {
      const loc = await locationBySlug(db, req.params.slug);
      if (!loc) return notFound(reply);
      return reply.html(
        <DisplayPage
          ctx={reply.viewContext()}
          slug={loc.slug}
          name={loc.name}
          calls={await displayState(kernel, loc.id)}
          sound={cfg.displaySound}
          max={cfg.displayCalls}
        />,
      );
    },
  );

  app.get<{ Params: { slug: string } }>(
    '/wartezeiten/:slug/anzeige/events',
    { config: { policy: 'public' }, schema: { params: slugParams } },
    async (req, reply) => {
      const loc = await locationBySlug(db, req.params.slug);
      if (!loc) return notFound(reply);
      // The current state on every (re)connect, whatever Last-Event-ID says: a display that was
      // away for a while shows exactly what is called now.
      if (!hub.admits(req.ip))
        return reply
          .code(429)
          .header('retry-after', '30')
          .type('text/plain; charset=utf-8')
          .send(tooManyStreams(kernel, req.lang));
      reply.hijack();
      await hub.open('display', loc.id, req.ip, reply.raw, async () => {
        const id = hub.lastEventId;
        return frame('state', { calls: await displayState(kernel, loc.id) }, id);
      });
    },
  );
}
