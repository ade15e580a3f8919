import type pg from 'pg';
import { prepared } from '../db/prepared.ts';

export type MailStatus = 'outbox' | 'pending' | 'sent' | 'failed';

export interface MailRow {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  template: string | null;
  lang: string | null;
  status: MailStatus;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date | null;
  message_id: string | null;
  created_at: Date;
  sent_at: Date | null;
  attachments: StoredAttachmentJson[];
}

/** An attachment as kept in the outbox row (content base64). */
export interface StoredAttachmentJson {
  filename: string;
  contentType: string;
  base64: string;
}

export interface NewMail {
  to: string;
  subject: string;
  text: string;
  html: string | null;
  template?: string | null;
  lang?: string | null;
  status: 'outbox' | 'pending';
  attachments?: StoredAttachmentJson[];
  /** Seconds the sender holds the row before the retry sweep may pick it up. */
  leaseSeconds?: number;
}

const INSERT_MAIL = prepared(
  `insert into kernel.mail_outbox (to_address, subject, text_body, html_body, template, lang, status, next_attempt_at, attachments)
   values ($1, $2, $3, $4, $5, $6, $7, case when $7 = 'pending' then now() + make_interval(secs => $8) end, $9::jsonb)
   returning *`,
);

/**
 * Mails recorded in a transaction, written with its other buffered writes before COMMIT (see
 * commitBuffer): the rows are complete here, id and time drawn by the sender.
 */
export function insertManyStatement(rows: { row: MailRow; leaseSeconds: number }[]): {
  text: string;
  values: unknown[];
} {
  const col = <T>(f: (r: { row: MailRow; leaseSeconds: number }) => T) => rows.map(f);
  return {
    text: `insert into kernel.mail_outbox (id, to_address, subject, text_body, html_body, template, lang, status, next_attempt_at, attachments, created_at)
select id, to_address, subject, text_body, html_body, template, lang, status,
       case when status = 'pending' then now() + make_interval(secs => lease) end, attachments, created_at
  from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
              $9::int[], $10::jsonb[], $11::timestamptz[])
       as m(id, to_address, subject, text_body, html_body, template, lang, status, lease, attachments, created_at)`,
    values: [
      col((r) => r.row.id),
      col((r) => r.row.to_address),
      col((r) => r.row.subject),
      col((r) => r.row.text_body),
      col((r) => r.row.html_body),
      col((r) => r.row.template),
      col((r) => r.row.lang),
      col((r) => r.row.status),
      col((r) => r.leaseSeconds),
      col((r) => JSON.stringify(r.row.attachments)),
      col((r) => r.row.created_at),
    ],
  };
}

/** The SQL of the mail outbox; nothing else touches kernel.mail_outbox. */
export class MailOutbox {
  constructor(private readonly pool: pg.Pool) {}

  /** Inserts on the pool, or on `db` to join the caller's transaction. */
  async insert(m: NewMail, db: pg.Pool | pg.PoolClient = this.pool): Promise<MailRow> {
    const { rows } = await db.query<MailRow>({
      ...INSERT_MAIL,
      values: [
        m.to,
        m.subject,
        m.text,
        m.html,
        m.template ?? null,
        m.lang ?? null,
        m.status,
        m.leaseSeconds ?? 0,
        JSON.stringify(m.attachments ?? []),
      ],
    });
    return rows[0]!;
  }

  async markSent(id: string, messageId: string | null): Promise<void> {
    await this.pool.query(
      `update kernel.mail_outbox set status = 'sent', attempts = attempts + 1, sent_at = now(), message_id = $2,
         next_attempt_at = null, last_error = null where id = $1`,
      [id, messageId],
    );
  }

  /** Counts the attempt; schedules the next one, or gives up when attempts are used up. */
  async markAttemptFailed(id: string, error: string, maxAttempts: number): Promise<MailStatus> {
    const { rows } = await this.pool.query<{ status: MailStatus }>(
      `update kernel.mail_outbox set attempts = attempts + 1, last_error = left($2, 2000),
         status = case when attempts + 1 >= $3 then 'failed' else 'pending' end,
         next_attempt_at = case when attempts + 1 >= $3 then null
           else now() + make_interval(mins => least(power(2, attempts)::int, 60)) end
       where id = $1 returning status`,
      [id, error, maxAttempts],
    );
    return rows[0]?.status ?? 'failed';
  }

  /**
   * Claims up to `limit` due mails for this node by moving their next attempt into the future
   * (a lease); other nodes skip locked and leased rows.
   */
  async claimDue(limit: number, leaseSeconds: number): Promise<MailRow[]> {
    const { rows } = await this.pool.query<MailRow>(
      `update kernel.mail_outbox set next_attempt_at = now() + make_interval(secs => $2)
       where id in (
         select id from kernel.mail_outbox
         where status = 'pending' and next_attempt_at <= now()
         order by next_attempt_at limit $1 for update skip locked)
       returning *`,
      [limit, leaseSeconds],
    );
    return rows;
  }

  /** Puts a failed mail back into delivery (staff "send again"). */
  async requeue(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `update kernel.mail_outbox set status = 'pending', attempts = 0, next_attempt_at = now() where id = $1 and status = 'failed'`,
      [id],
    );
    return rowCount === 1;
  }

  async recent(opts: {
    to?: string;
    limit: number;
    offset?: number;
    status?: MailStatus;
  }): Promise<MailRow[]> {
    const { rows } = await this.pool.query<MailRow>(
      `select * from kernel.mail_outbox
       where ($1::text is null or lower(to_address) = lower($1)) and ($2::text is null or status = $2)
       order by created_at desc, id desc limit $3 offset $4`,
      [opts.to ?? null, opts.status ?? null, opts.limit, opts.offset ?? 0],
    );
    return rows;
  }

  async count(opts: { to?: string; status?: MailStatus } = {}): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      `select count(*)::int as n from kernel.mail_outbox
       where ($1::text is null or lower(to_address) = lower($1)) and ($2::text is null or status = $2)`,
      [opts.to ?? null, opts.status ?? null],
    );
    return rows[0]!.n;
  }

  async get(id: string): Promise<MailRow | null> {
    const { rows } = await this.pool.query<MailRow>('select * from kernel.mail_outbox where id = $1', [id]);
    return rows[0] ?? null;
  }
}
