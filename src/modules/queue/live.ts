import type { ServerResponse } from 'node:http';
import type { Kernel } from '../../kernel/kernel.ts';
import { isoDateIn } from '../../kernel/views/components.tsx';
import { readQueueConfig } from './config.ts';
import { currentCalls, locationById } from './db/queries.ts';
import { QueueChanged, TicketCalled, type TicketCalledPayload } from './events.ts';
import { presentWaitingTime, waitingTime } from './queries/waiting-time.ts';

/** One open Server-Sent-Events response. */
interface Client {
  res: ServerResponse;
  /** Frames that arrived while the initial state was still being read. */
  pending: string[] | null;
}

/** A call as the display shows it. */
export interface DisplayCall {
  ticketId: string;
  code: string;
  counter: string;
  calledAt: string;
  callCount: number;
}

export const SSE_RETRY_MS = 3000;

/**
 * Fans queue events out to this node's SSE clients. Every node subscribes to the kernel events
 * (committed calls of any node arrive through the outbox and LISTEN/NOTIFY), so a call made on
 * node A reaches a display connected to node B. One serialised frame is written to all clients
 * of a location.
 */
export class LiveHub {
  readonly #display = new Map<string, Set<Client>>();
  readonly #waiting = new Map<string, Set<Client>>();
  readonly #pending = new Map<string, NodeJS.Timeout>();
  /** Open streams per client address, for QUEUE_SSE_MAX_STREAMS_PER_IP. */
  readonly #perIp = new Map<string, number>();
  #lastEventId = 0;
  #heartbeat: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(private readonly kernel: Kernel) {}

  get lastEventId(): number {
    return this.#lastEventId;
  }

  clientCount(): number {
    let n = 0;
    for (const s of [...this.#display.values(), ...this.#waiting.values()]) n += s.size;
    return n;
  }

  /**
   * Whether this client address may open one more stream on this node. Check it right before
   * `open` (nothing awaited in between), so parallel connects cannot slip past the cap.
   */
  admits(ip: string): boolean {
    return (this.#perIp.get(ip) ?? 0) < readQueueConfig(this.kernel.fullConfig).sseMaxStreamsPerIp;
  }

  subscribe(): void {
    this.kernel.events.subscribe(TicketCalled, (e) => {
      this.#lastEventId = Math.max(this.#lastEventId, e.id);
      const p = e.payload;
      const call: DisplayCall = {
        ticketId: p.ticketId,
        code: p.code,
        counter: p.counterLabel,
        calledAt: p.calledAt,
        callCount: p.callCount,
      };
      this.#broadcast(this.#display, p.locationId, frame('call', call, e.id));
    });
    this.kernel.events.subscribe(QueueChanged, (e) => {
      this.#lastEventId = Math.max(this.#lastEventId, e.id);
      const p = e.payload;
      if (p.clearedTicketId)
        this.#broadcast(this.#display, p.locationId, frame('clear', { ticketId: p.clearedTicketId }, e.id));
      this.#scheduleWaiting(p.locationId);
    });
  }

  /**
   * Opens a stream: headers, the reconnect delay, then the current state from `first`. The client
   * is registered before the state is read, and frames arriving meanwhile are sent after it, so
   * no call committed around the connect is lost (a duplicate is harmless: clients upsert).
   */
  async open(
    kind: 'display' | 'waiting',
    locationId: string,
    ip: string,
    res: ServerResponse,
    first: () => Promise<string>,
  ): Promise<void> {
    if (this.#closed) {
      res.writeHead(503, { 'retry-after': '5' }).end();
      return;
    }
    this.#perIp.set(ip, (this.#perIp.get(ip) ?? 0) + 1);
    // No chunked transfer encoding: each frame is one plain socket write (the stream ends with the
    // connection, as an event stream does anyway). This halves the cost of a fan-out to many clients.
    res.useChunkedEncodingByDefault = false;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
    });
    res.socket?.setNoDelay(true);
    res.write(`retry: ${SSE_RETRY_MS}\n\n`);
    const map = kind === 'display' ? this.#display : this.#waiting;
    let set = map.get(locationId);
    if (!set) map.set(locationId, (set = new Set()));
    const client: Client = { res, pending: [] };
    set.add(client);
    res.on('close', () => {
      const s = map.get(locationId);
      s?.delete(client);
      if (s && !s.size) map.delete(locationId);
      const n = (this.#perIp.get(ip) ?? 1) - 1;
      if (n > 0) this.#perIp.set(ip, n);
      else this.#perIp.delete(ip);
    });
    this.#ensureHeartbeat();
    try {
      const state = await first();
      if (res.writableEnded) return;
      res.write(state + client.pending!.join(''));
    } catch (err) {
      this.kernel.log.warn({ err, locationId }, 'queue: stream state failed');
      res.end();
    } finally {
      client.pending = null;
    }
  }

  /** Ends every stream (shutdown); EventSource clients reconnect to another node. */
  close(): void {
    this.#closed = true;
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    for (const t of this.#pending.values()) clearTimeout(t);
    for (const map of [this.#display, this.#waiting])
      for (const set of map.values()) for (const c of set) c.res.end();
    this.#display.clear();
    this.#waiting.clear();
  }

  #broadcast(map: Map<string, Set<Client>>, locationId: string, text: string): void {
    const set = map.get(locationId);
    if (!set) return;
    const data = Buffer.from(text); // encoded once for every client
    for (const c of set) {
      if (c.pending) c.pending.push(text);
      else c.res.write(data);
    }
  }

  #ensureHeartbeat(): void {
    if (this.#heartbeat) return;
    const seconds = readQueueConfig(this.kernel.fullConfig).sseHeartbeatSeconds;
    this.#heartbeat = setInterval(() => {
      if (!this.clientCount()) {
        clearInterval(this.#heartbeat!);
        this.#heartbeat = null;
        return;
      }
      for (const map of [this.#display, this.#waiting])
        for (const set of map.values()) for (const c of set) if (!c.pending) c.res.write(': heartbeat\n\n');
      // The estimate also moves with time (the handling-time window slides).
      for (const id of this.#waiting.keys()) this.#scheduleWaiting(id);
    }, seconds * 1000);
    this.#heartbeat.unref();
  }

  /** Recomputes a location's waiting time at most every 250 ms and pushes it to its clients. */
  #scheduleWaiting(locationId: string): void {
    if (!this.#waiting.has(locationId) || this.#pending.has(locationId) || this.#closed) return;
    const t = setTimeout(() => {
      this.#pending.delete(locationId);
      void this.#pushWaiting(locationId);
    }, 250);
    t.unref();
    this.#pending.set(locationId, t);
  }

  async #pushWaiting(locationId: string): Promise<void> {
    try {
      const loc = await locationById(this.kernel.db.pool, locationId);
      if (!loc || !this.#waiting.has(locationId)) return;
      const w = presentWaitingTime(await waitingTime(this.kernel, loc));
      this.#broadcast(this.#waiting, locationId, frame('waiting-time', w, this.#lastEventId));
    } catch (err) {
      this.kernel.log.warn({ err, locationId }, 'queue: waiting-time push failed');
    }
  }
}

/** One SSE frame; JSON data never contains a newline. */
export function frame(event: string, data: unknown, id?: number): string {
  return `${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export async function displayState(kernel: Kernel, locationId: string): Promise<DisplayCall[]> {
  const cfg = readQueueConfig(kernel.fullConfig);
  const rows = await currentCalls(
    kernel.db.pool,
    locationId,
    isoDateIn(kernel.clock.now()),
    cfg.displayCalls,
  );
  return rows.map((r) => ({
    ticketId: r.id,
    code: r.code,
    counter: r.counter_label,
    calledAt: r.called_at.toISOString(),
    callCount: r.call_count,
  }));
}

export type { TicketCalledPayload };

/** The refusal of one stream too many (a person may read it when opening the address by hand). */
export function tooManyStreams(kernel: Kernel, lang: 'de' | 'en'): string {
  return kernel.i18n.translator(lang)('queue.live.tooManyStreams', {
    max: readQueueConfig(kernel.fullConfig).sseMaxStreamsPerIp,
  });
}

const hubs = new WeakMap<Kernel, LiveHub>();

export function hubOf(kernel: Kernel): LiveHub {
  let hub = hubs.get(kernel);
  if (!hub) hubs.set(kernel, (hub = new LiveHub(kernel)));
  return hub;
}
