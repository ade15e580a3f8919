import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { sendProblem } from '../../../kernel/http/problem.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { listLocationRows, locationBySlug } from '../db/queries.ts';
import { frame, hubOf, tooManyStreams } from '../live.ts';
import { presentWaitingTime, waitingTime } from '../queries/waiting-time.ts';
import { SLUG_PATTERN } from './public.routes.tsx';

const Minutes = Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]);

export const WaitingTimeSchema = Type.Object({
  location: Type.String({ description: 'Location slug' }),
  name: Type.String(),
  waiting: Type.Integer({ minimum: 0, description: 'Customers waiting now' }),
  openCounters: Type.Integer({ minimum: 0 }),
  estimatedMinutes: Type.Object(
    {
      optimistic: Minutes,
      pessimistic: Minutes,
    },
    { description: 'Estimated waiting time for a customer arriving now; null while no counter is open' },
  ),
  trafficLight: Type.Union([
    Type.Literal('green'),
    Type.Literal('yellow'),
    Type.Literal('red'),
    Type.Literal('closed'),
  ]),
  groups: Type.Array(
    Type.Object({
      key: Type.String(),
      name: Type.Object({ de: Type.String(), en: Type.String() }),
      prefix: Type.String(),
      waiting: Type.Integer({ minimum: 0 }),
    }),
  ),
  updatedAt: Type.String({ format: 'date-time' }),
});

const Problem = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.Optional(Type.String()),
});

const params = Type.Object({ slug: Type.String({ pattern: SLUG_PATTERN, maxLength: 100 }) });

/** JSON API and waiting-time stream (the "Wartezeiten-App" data). */
export async function apiRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const db = kernel.db.pool;
  const hub = hubOf(kernel);

  app.get(
    '/api/v1/queue/locations',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['queue'],
        summary: 'Locations with a queue and their current waiting time',
        response: { 200: Type.Object({ items: Type.Array(WaitingTimeSchema) }) },
      },
    },
    async (_req, reply) => {
      const locs = await listLocationRows(db);
      const items = await Promise.all(
        locs.map(async (l) => presentWaitingTime(await waitingTime(kernel, l))),
      );
      reply.header('cache-control', 'public, max-age=10');
      return { items };
    },
  );

  app.get<{ Params: { slug: string } }>(
    '/api/v1/queue/locations/:slug/waiting-time',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['queue'],
        summary: 'Current waiting time of one location',
        description:
          'People waiting, open counters, an optimistic and a pessimistic estimate in minutes (from the 25th and 75th percentile of recent handling times) and a traffic light.',
        params,
        response: { 200: WaitingTimeSchema, 404: Problem },
      },
    },
    async (req, reply) => {
      const loc = await locationBySlug(db, req.params.slug);
      if (!loc)
        return sendProblem(reply, { status: 404, title: 'Not Found', detail: 'No queue at this location.' });
      reply.header('cache-control', 'public, max-age=10');
      return presentWaitingTime(await waitingTime(kernel, loc));
    },
  );

  app.get<{ Params: { slug: string } }>(
    '/api/v1/queue/locations/:slug/events',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['queue'],
        summary: 'Waiting-time stream (Server-Sent Events)',
        description:
          'text/event-stream: an event "waiting-time" (data as in /waiting-time) on connect and after every change; heartbeat comments; reconnect with Last-Event-ID gets the current state.',
        params,
        produces: ['text/event-stream'],
      },
    },
    async (req, reply) => {
      const loc = await locationBySlug(db, req.params.slug);
      if (!loc)
        return sendProblem(reply, { status: 404, title: 'Not Found', detail: 'No queue at this location.' });
      if (!hub.admits(req.ip)) {
        reply.header('retry-after', '30');
        return sendProblem(reply, {
          status: 429,
          title: 'Too Many Requests',
          detail: tooManyStreams(kernel, 'de'),
        });
      }
      reply.hijack();
      await hub.open('waiting', loc.id, req.ip, reply.raw, async () =>
        frame('waiting-time', presentWaitingTime(await waitingTime(kernel, loc)), hub.lastEventId),
      );
    },
  );
}
