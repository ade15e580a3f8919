import type pg from 'pg';

export interface NewFeedback {
  name: string | null;
  email: string | null;
  page: string | null;
  message: string;
  lang: 'de' | 'en';
  recipient: string | null;
  createdAt: Date;
}

export interface FeedbackRecord {
  id: string;
  name: string | null;
  email: string | null;
  page: string | null;
  message: string;
  lang: string;
  recipient: string | null;
  mailId: string | null;
  createdAt: Date;
}

interface FeedbackRow {
  id: string;
  name: string | null;
  email: string | null;
  page: string | null;
  message: string;
  lang: string;
  recipient: string | null;
  mail_id: string | null;
  created_at: Date;
}

function toRecord(r: FeedbackRow): FeedbackRecord {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    page: r.page,
    message: r.message,
    lang: r.lang,
    recipient: r.recipient,
    mailId: r.mail_id,
    createdAt: r.created_at,
  };
}

type Queryable = Pick<pg.Pool, 'query'>;

export async function insertFeedback(db: Queryable, f: NewFeedback): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into portal.accessibility_feedback (name, email, page, message, lang, recipient, created_at)
     values ($1, $2, $3, $4, $5, $6, $7) returning id`,
    [f.name, f.email, f.page, f.message, f.lang, f.recipient, f.createdAt],
  );
  return rows[0]!.id;
}

export async function setFeedbackMail(db: Queryable, id: string, mailId: string): Promise<void> {
  await db.query('update portal.accessibility_feedback set mail_id = $2 where id = $1', [id, mailId]);
}

/** Deletes feedback older than the cut-off; returns how many rows went. */
export async function deleteFeedbackBefore(db: Queryable, cutoff: Date): Promise<number> {
  const res = await db.query('delete from portal.accessibility_feedback where created_at < $1', [cutoff]);
  return res.rowCount ?? 0;
}

export async function listFeedback(db: Queryable, limit = 50): Promise<FeedbackRecord[]> {
  const { rows } = await db.query<FeedbackRow>(
    'select * from portal.accessibility_feedback order by created_at desc, id limit $1',
    [limit],
  );
  return rows.map(toRecord);
}
