import { hostname } from 'node:os';
import type { KernelDeps } from '../deps.ts';
import type { Jobs, JobContext } from '../jobs/index.ts';
import { JSON_NUL } from '../audit/chain.ts';
import { EventDispatcher, type EventRow } from './dispatcher.ts';
import { commitBuffer, type CommitBuffer } from '../db/database.ts';
import { prepared } from '../db/prepared.ts';
import { toQueryable, type Executor } from './queryable.ts';

export type { Executor } from './queryable.ts';

export interface DomainEvent<T = unknown> {
  type: string;
  payload: T;
  /** The tenant the change belongs to, when there is one. */
  tenantId?: string | null;
}

/** An event as subscribers receive it. */
export interface PublishedEvent<T = unknown> {
  id: number;
  type: string;
  payload: T;
  tenantId: string | null;
  occurredAt: Date;
}

/** A typed event kind; modules declare theirs in events.ts: `export const CaseClosed = defineEvent<{ caseId: string }>('casework.case_closed')`. */
export interface EventType<T> {
  readonly type: string;
  of(payload: T, tenantId?: string | null): DomainEvent<T>;
}

const TYPE_RE = /^[a-z][a-z0-9_.-]*$/;
const RECENT_MAX = 50;
const NAME_RE = /^[a-z][a-z0-9_-]*$/;

export function defineEvent<T>(type: string): EventType<T> {
  if (!TYPE_RE.test(type) || type.length > 100) throw new Error(`invalid event type "${type}"`);
  return { type, of: (payload, tenantId) => ({ type, payload, tenantId: tenantId ?? null }) };
}

/** Sent from the staff diagnostics page to see that every node receives events. */
export const KernelPing = defineEvent<{ from: string }>('kernel.ping');

/** Name of this process in diagnostics: host and process id. */
export const NODE_NAME = `${hostname()}:${process.pid}`;

export type EventHandler<T> = (event: PublishedEvent<T>) => Promise<void> | void;

export interface DurableHandlerOptions<T> {
  /** Unique name of the handler; its job queue is "event.<name>". */
  name: string;
  handler: (event: PublishedEvent<T>, ctx: JobContext) => Promise<void>;
  retryLimit?: number;
  retryDelaySeconds?: number;
}

export interface EventBus {
  /**
   * Writes the event to the outbox inside the caller's transaction (Kysely transaction, or pg
   * client inside BEGIN … COMMIT; null = on its own). Nothing is delivered unless it commits.
   * Durable handlers get a job in the same transaction. Returns the event id; null when the
   * transaction is one of inTransaction and the event has no durable handler: the row is then
   * written with the transaction's other buffered writes right before COMMIT (no round trip now).
   */
  publish<T>(trx: Executor | null, event: DomainEvent<T>): Promise<number | null>;
  /**
   * Local subscriber on THIS node: every node's subscribers get every event committed while the
   * node runs, in commit-safe order, at most once (live updates, SSE, caches).
   */
  subscribe<T>(type: EventType<T> | string, handler: EventHandler<T>): () => void;
  /**
   * Durable handler: each event runs it on exactly one node (through a job), at least once,
   * with retries. Define in module setup, before the app starts.
   */
  handle<T>(type: EventType<T> | string, opts: DurableHandlerOptions<T>): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Delivers everything committed so far to local subscribers, then resolves (tests). */
  drain(): Promise<void>;
  /** The last events this node received (newest first, without payloads), for diagnostics. */
  recent(): { id: number; type: string; tenantId: string | null; occurredAt: Date; receivedAt: Date }[];
  status(): { node: string; running: boolean; listening: boolean };
}

interface DurableJobData {
  event: { id: number; type: string; payload: unknown; tenantId: string | null; occurredAt: string };
}

function typeName(t: EventType<unknown> | string): string {
  return typeof t === 'string' ? t : t.type;
}

// The trigger event_outbox_notify sends the NOTIFY that listeners get when the transaction commits.
const PUBLISH_SQL = prepared(
  `insert into kernel.event_outbox (type, payload, tenant_id) values ($1, $2::jsonb, $3) returning id, created_at`,
);
const PUBLISH_MANY_SQL = `insert into kernel.event_outbox (type, payload, tenant_id)
select type, payload, tenant_id from unnest($1::text[], $2::jsonb[], $3::text[]) with ordinality as e(type, payload, tenant_id, n)
 order by n`;

/** Events of a transaction of inTransaction without durable handlers: written before COMMIT. */
class PendingEvents implements CommitBuffer {
  readonly rows: [string, string, string | null][] = [];
  statement() {
    if (!this.rows.length) return null;
    const rows = this.rows.splice(0);
    return { text: PUBLISH_MANY_SQL, values: [0, 1, 2].map((col) => rows.map((r) => r[col])) };
  }
}
const PENDING = Symbol('kernel.events');

export function createEventBus(deps: KernelDeps, jobs: Jobs): EventBus {
  const { db, log, config } = deps;
  const subscribers = new Map<string, Set<EventHandler<unknown>>>();
  const durable = new Map<string, string[]>(); // event type → job names
  const received: ReturnType<EventBus['recent']> = [];

  async function deliver(row: EventRow): Promise<void> {
    received.unshift({
      id: Number(row.id),
      type: row.type,
      tenantId: row.tenant_id,
      occurredAt: row.created_at,
      receivedAt: new Date(),
    });
    if (received.length > RECENT_MAX) received.length = RECENT_MAX;
    const handlers = subscribers.get(row.type);
    if (!handlers?.size) return;
    const event: PublishedEvent = {
      id: Number(row.id),
      type: row.type,
      payload: row.payload,
      tenantId: row.tenant_id,
      occurredAt: row.created_at,
    };
    for (const h of [...handlers]) {
      try {
        await h(event);
      } catch (err) {
        log.error({ err, eventId: event.id, type: event.type }, 'events: subscriber failed');
      }
    }
  }

  const dispatcher = new EventDispatcher(db.pool, log, config.eventsPollIntervalMs, deliver);

  jobs.define<Record<string, never>>({
    name: 'kernel.events-cleanup',
    cron: '17 3 * * *',
    retryLimit: 1,
    handler: async () => {
      await db.pool.query(`delete from kernel.event_outbox where created_at < now() - interval '7 days'`);
    },
  });

  return {
    async publish(trx, event) {
      if (!TYPE_RE.test(event.type) || event.type.length > 100)
        throw new Error(`invalid event type "${event.type}"`);
      // jsonb cannot store NUL characters
      const payload = JSON.stringify(event.payload ?? null).replace(JSON_NUL, '$1');
      const names = durable.get(event.type) ?? [];
      // Without durable handlers nobody needs the row id inside the transaction: the row is
      // written with the transaction's other buffered writes right before COMMIT.
      const buffer = commitBuffer(trx, PENDING, () => new PendingEvents());
      if (buffer && !names.length) {
        buffer.rows.push([event.type, payload, event.tenantId ?? null]);
        return null;
      }
      const q = toQueryable(trx ?? db.pool);
      // Events buffered earlier in this transaction go first, so that ids keep the publish order.
      const earlier = buffer?.statement();
      if (earlier) await q.query(earlier.text, earlier.values);
      const { rows } = await q.query<{ id: number | string; created_at: Date }>(PUBLISH_SQL, [
        event.type,
        payload,
        event.tenantId ?? null,
      ]);
      const row = rows[0]!;
      const data: DurableJobData = {
        event: {
          id: Number(row.id),
          type: event.type,
          payload: event.payload ?? null,
          tenantId: event.tenantId ?? null,
          occurredAt: row.created_at.toISOString(),
        },
      };
      for (const name of names) await jobs.send(name, data, trx ? { trx } : {});
      return Number(row.id);
    },

    subscribe<T>(type: EventType<T> | string, handler: EventHandler<T>) {
      const key = typeName(type);
      let set = subscribers.get(key);
      if (!set) subscribers.set(key, (set = new Set()));
      const h = handler as EventHandler<unknown>;
      set.add(h);
      return () => set.delete(h);
    },

    handle<T>(type: EventType<T> | string, opts: DurableHandlerOptions<T>) {
      if (!NAME_RE.test(opts.name)) throw new Error(`invalid handler name "${opts.name}"`);
      const key = typeName(type);
      const jobName = `event.${opts.name}`;
      jobs.define<DurableJobData>({
        name: jobName,
        retryLimit: opts.retryLimit ?? 5,
        retryDelaySeconds: opts.retryDelaySeconds ?? 10,
        handler: async (data, ctx) => {
          const e = data.event;
          await opts.handler(
            {
              id: e.id,
              type: e.type,
              payload: e.payload as T,
              tenantId: e.tenantId,
              occurredAt: new Date(e.occurredAt),
            },
            ctx,
          );
        },
      });
      durable.set(key, [...(durable.get(key) ?? []), jobName]);
    },

    start: () => dispatcher.start(),
    stop: () => dispatcher.stop(),
    drain: () => dispatcher.drain(),
    recent: () => [...received],
    status: () => ({ node: NODE_NAME, running: dispatcher.running, listening: dispatcher.listening }),
  };
}
