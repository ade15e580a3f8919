import pg from 'pg';
import type { Logger } from 'pino';

/** Also named in the trigger of migration 20261121050200__event_outbox_notify.sql. */
export const EVENTS_CHANNEL = 'openkreis_events';

export interface EventRow {
  id: number | string;
  txid: string;
  type: string;
  payload: unknown;
  tenant_id: string | null;
  created_at: Date;
}

const BATCH = 500;
const HELD_BACK_RETRY_MS = 100;

/**
 * One per node. Reads committed events in (txid, id) order behind an in-memory cursor and hands
 * each to `deliver`. Woken by NOTIFY (sent on commit by publish) and by a fallback timer, which
 * also picks up events held back while an older transaction was still running.
 */
export class EventDispatcher {
  private cursor: { txid: string; id: number } = { txid: '0', id: 0 };
  /** Its own connection, outside the pool: LISTEN holds it for the life of the node. */
  private listener: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private retry: NodeJS.Timeout | null = null;
  private reading: Promise<void> | null = null;
  private again = false;
  private active = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly log: Logger,
    private readonly pollMs: number,
    private readonly deliver: (row: EventRow) => Promise<void>,
  ) {}

  get running(): boolean {
    return this.active;
  }

  get listening(): boolean {
    return this.listener !== null;
  }

  async start(): Promise<void> {
    if (this.active) return;
    this.active = true;
    // Only events committed from now on are broadcast to this node.
    const { rows } = await this.pool.query<{ txid: string; id: number | string }>(
      `select e.txid::text as txid, e.id from kernel.event_outbox e
       where e.txid < pg_snapshot_xmin(pg_current_snapshot()) order by e.txid desc, e.id desc limit 1`,
    );
    if (rows[0]) this.cursor = { txid: rows[0].txid, id: Number(rows[0].id) };
    await this.listen();
    this.timer = setInterval(() => this.wake(), this.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.active = false;
    if (this.timer) clearInterval(this.timer);
    if (this.retry) clearTimeout(this.retry);
    this.timer = null;
    this.retry = null;
    const l = this.listener;
    this.listener = null;
    if (l) await l.end().catch(() => undefined);
    await this.reading;
  }

  /** Reads now (coalesces concurrent wake-ups into one more read). */
  wake(): void {
    if (!this.active) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.readAll()
      .catch((err: unknown) => this.log.error({ err }, 'events: read failed'))
      .finally(() => {
        this.reading = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Resolves when everything committed so far has been delivered (for tests and shutdown). */
  async drain(): Promise<void> {
    await this.settled();
    this.wake();
    await this.settled();
  }

  private async settled(): Promise<void> {
    for (let r = this.reading; r; r = this.reading) await r;
  }

  private async listen(): Promise<void> {
    try {
      const { connectionString, host, port, user, password, database, ssl } = this.pool.options;
      const client = new pg.Client({
        connectionString,
        host,
        port,
        user,
        password,
        database,
        ssl,
        application_name: 'openkreis-events',
      });
      client.on('notification', () => this.wake());
      client.on('error', (err) => {
        this.log.warn({ err }, 'events: LISTEN connection lost; reconnecting');
        if (this.listener === client) this.listener = null;
        void client.end().catch(() => undefined);
        setTimeout(() => {
          if (this.active && !this.listener) void this.listen();
        }, 1000).unref();
      });
      await client.connect();
      await client.query(`listen ${EVENTS_CHANNEL}`);
      if (!this.active) {
        await client.end();
        return;
      }
      this.listener = client;
      // Events committed while the connection was down are read now, not at the next poll.
      this.wake();
    } catch (err) {
      this.log.warn({ err }, 'events: LISTEN failed; polling only until it works');
      setTimeout(() => {
        if (this.active && !this.listener) void this.listen();
      }, 5000).unref();
    }
  }

  private async readAll(): Promise<void> {
    for (;;) {
      const { rows } = await this.pool.query<EventRow>(
        // ORDER BY names the table's columns (e.txid): a bare "txid" would mean the text alias of
        // the select list, and "1000" sorts before "999" — events out of order, then again.
        `select e.id, e.txid::text as txid, e.type, e.payload, e.tenant_id, e.created_at from kernel.event_outbox e
         where (e.txid, e.id) > ($1::xid8, $2::bigint) and e.txid < pg_snapshot_xmin(pg_current_snapshot())
         order by e.txid, e.id limit ${BATCH}`,
        [this.cursor.txid, this.cursor.id],
      );
      for (const row of rows) {
        await this.deliver(row);
        this.cursor = { txid: row.txid, id: Number(row.id) };
      }
      if (rows.length < BATCH) break;
    }
    // Committed events still beyond the cursor: held back behind an older running transaction, or
    // released since the read above. Look again soon rather than at the next poll (their NOTIFY
    // has already been spent). No horizon test here: the older transaction may have ended between
    // the two statements, and an event judged by the new horizon would never be read again.
    const { rows: held } = await this.pool.query(
      `select 1 from kernel.event_outbox where (txid, id) > ($1::xid8, $2::bigint) limit 1`,
      [this.cursor.txid, this.cursor.id],
    );
    if (held.length && !this.retry && this.active) {
      this.retry = setTimeout(() => {
        this.retry = null;
        this.wake();
      }, HELD_BACK_RETRY_MS);
      this.retry.unref();
    }
  }
}
