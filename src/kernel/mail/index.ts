import nodemailer from 'nodemailer';
import type pg from 'pg';
import { randomUUID } from 'node:crypto';
import { afterCommit, commitBuffer, type CommitBuffer } from '../db/database.ts';
import type { KernelDeps } from '../deps.ts';
import type { Lang } from '../i18n/index.ts';
import type { Jobs } from '../jobs/index.ts';
import { textToHtml } from './html.ts';
import {
  insertManyStatement,
  MailOutbox,
  type MailRow,
  type MailStatus,
  type StoredAttachmentJson,
} from './outbox.ts';

export { textToHtml, escapeHtml } from './html.ts';
export type { MailStatus } from './outbox.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Template name and language, kept with the record (set by sendTemplate). */
  template?: string;
  lang?: Lang;
  /** Small files sent with the mail (an .ics invitation, say); at most 1 MB together. */
  attachments?: MailAttachment[];
}

export interface MailAttachment {
  /** A plain file name, e.g. "termin.ics"; no path separators or control characters. */
  filename: string;
  /** e.g. "text/calendar; charset=utf-8; method=PUBLISH" */
  contentType: string;
  content: string | Buffer;
}

/** What a stored mail holds of an attachment. */
export interface StoredAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** A mail as kept in the outbox table (also what tests read). */
export interface StoredMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  createdAt: Date;
  /**
   * 'outbox' when no SMTP is configured (staff read it in the staff area); with SMTP
   * 'pending' until delivered, then 'sent', or 'failed' when every attempt failed.
   */
  status: MailStatus;
  template: string | null;
  attempts: number;
  lastError: string | null;
  sentAt: Date | null;
  nextAttemptAt: Date | null;
  attachments: StoredAttachment[];
}

/** Thrown for a template whose keys are missing: a programming error, not a user error. */
export class MailTemplateError extends Error {
  override name = 'MailTemplateError';
}

export interface Mailer {
  /** 'smtp' when SMTP_URL is set, else 'outbox'. */
  readonly mode: 'smtp' | 'outbox';
  /**
   * Records the mail, then delivers it over SMTP (or leaves it in the outbox). A failed SMTP
   * attempt does not throw: the mail stays 'pending' and the retry sweep sends it later.
   *
   * With `trx` the mail is recorded in the caller's transaction, so it exists exactly when the
   * change it reports commits (nothing is lost in a crash between the two, nothing is sent for a
   * change that was rolled back). It is delivered right after that COMMIT when the transaction is
   * one of inTransaction (the result then says 'pending'), else by the retry sweep.
   */
  send(msg: MailMessage, opts?: { trx?: pg.PoolClient }): Promise<StoredMail>;
  /**
   * Sends a template. A template is two i18n keys: `mail.<name>.subject` and `mail.<name>.body`
   * (plain text with {placeholders}); the HTML part is made from the text.
   */
  sendTemplate(
    to: string,
    name: string,
    lang: Lang,
    data: Record<string, string | number>,
    opts?: { attachments?: MailAttachment[]; trx?: pg.PoolClient },
  ): Promise<StoredMail>;
  /** Renders a template without sending it. */
  render(
    name: string,
    lang: Lang,
    data: Record<string, string | number>,
  ): { subject: string; text: string; html: string };
  /** Newest first; for the staff outbox page and for tests. */
  recent(opts?: { to?: string; limit?: number; offset?: number; status?: MailStatus }): Promise<StoredMail[]>;
  count(opts?: { to?: string; status?: MailStatus }): Promise<number>;
  get(id: string): Promise<StoredMail | null>;
  /** Retry sweep: delivers pending mails whose next attempt is due. Returns how many were sent. */
  deliverDue(limit?: number): Promise<number>;
  /** Puts a failed mail back into delivery. */
  resend(id: string): Promise<boolean>;
  close(): Promise<void>;
}

export const MAIL_MAX_ATTEMPTS = 8;
/** Attachments are for small generated files; large documents belong in the postbox. */
export const MAIL_MAX_ATTACHMENT_BYTES = 1024 * 1024;
const FILENAME_RE = /^[^/\\\u0000-\u001f\u007f"]{1,120}$/;
const CONTENT_TYPE_RE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+(?:\s*;\s*[a-z0-9_-]+=[a-z0-9_.-]+)*$/i;

function encodeAttachments(list: MailAttachment[] = []): StoredAttachmentJson[] {
  let total = 0;
  return list.map((a) => {
    if (!FILENAME_RE.test(a.filename))
      throw new Error(`invalid attachment file name ${JSON.stringify(a.filename)}`);
    if (!CONTENT_TYPE_RE.test(a.contentType))
      throw new Error(`invalid attachment content type ${JSON.stringify(a.contentType)}`);
    const bytes = typeof a.content === 'string' ? Buffer.from(a.content, 'utf8') : a.content;
    total += bytes.length;
    if (total > MAIL_MAX_ATTACHMENT_BYTES)
      throw new Error(`mail attachments exceed ${MAIL_MAX_ATTACHMENT_BYTES} bytes`);
    return { filename: a.filename, contentType: a.contentType, base64: bytes.toString('base64') };
  });
}
/** How long a sender holds a claimed mail before the sweep may try it again (crash safety). */
const LEASE_SECONDS = 300;
const ADDRESS_RE = /^[^\s@<>()",;:\\]+@[^\s@<>()",;:\\]+\.[^\s@<>()",;:\\]+$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toStored(r: MailRow): StoredMail {
  return {
    id: r.id,
    to: r.to_address,
    subject: r.subject,
    text: r.text_body,
    html: r.html_body,
    createdAt: r.created_at,
    status: r.status,
    template: r.template,
    attempts: r.attempts,
    lastError: r.last_error,
    sentAt: r.sent_at,
    nextAttemptAt: r.next_attempt_at,
    attachments: r.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: Buffer.from(a.base64, 'base64'),
    })),
  };
}

/** Mails of a transaction of inTransaction, written with its other buffered writes before COMMIT. */
class PendingMails implements CommitBuffer {
  readonly rows: { row: MailRow; leaseSeconds: number }[] = [];
  statement() {
    return this.rows.length ? insertManyStatement(this.rows.splice(0)) : null;
  }
}
const PENDING = Symbol('kernel.mail');

export function createMailer(deps: KernelDeps, jobs?: Jobs): Mailer {
  const { config, db, log, i18n } = deps;
  const outbox = new MailOutbox(db.pool);
  const transport = config.smtpUrl
    ? nodemailer.createTransport({
        url: config.smtpUrl,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      })
    : null;

  async function deliver(row: MailRow): Promise<void> {
    if (!transport) return;
    try {
      const info = (await transport.sendMail({
        from: config.mailFrom,
        to: row.to_address,
        subject: row.subject,
        text: row.text_body,
        ...(row.html_body ? { html: row.html_body } : {}),
        ...(row.attachments.length > 0
          ? {
              attachments: row.attachments.map((a) => ({
                filename: a.filename,
                contentType: a.contentType,
                content: Buffer.from(a.base64, 'base64'),
              })),
            }
          : {}),
      })) as { messageId?: string };
      await outbox.markSent(row.id, info.messageId ?? null);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const status = await outbox.markAttemptFailed(row.id, message, MAIL_MAX_ATTEMPTS);
      log.warn({ mailId: row.id, status, err: message }, 'mail delivery failed');
    }
  }

  function render(name: string, lang: Lang, data: Record<string, string | number>) {
    const subjectKey = `mail.${name}.subject`;
    const bodyKey = `mail.${name}.body`;
    for (const key of [subjectKey, bodyKey]) {
      if (!i18n.has(lang, key) && !i18n.has('de', key))
        throw new MailTemplateError(`mail template key "${key}" is missing`);
    }
    const t = i18n.translator(lang);
    // A subject is one header line: line breaks from placeholder values must not survive.
    const subject = t(subjectKey, data)
      .replace(/[\r\n]+/g, ' ')
      .trim();
    const text = t(bodyKey, data);
    return { subject, text, html: textToHtml(text, { lang, title: subject }) };
  }

  // The retry sweep: every minute on one node, also picks up mails a crashed node left behind.
  if (transport && jobs) {
    jobs.define<Record<string, never>>({
      name: 'kernel.mail-retry',
      cron: '* * * * *',
      retryLimit: 0,
      handler: async () => {
        await mailer.deliverDue();
      },
    });
  }

  const mailer: Mailer = {
    mode: transport ? 'smtp' : 'outbox',

    async send(msg, opts = {}) {
      if (!ADDRESS_RE.test(msg.to) || msg.to.length > 320)
        throw new Error(`invalid mail address: ${JSON.stringify(msg.to)}`);
      // PostgreSQL text cannot hold NUL; a subject is one header line.
      const subject = msg.subject.replace(/\u0000/g, '').replace(/[\r\n]+/g, ' ');
      const text = msg.text.replace(/\u0000/g, '');
      const attachments = encodeAttachments(msg.attachments);
      const html = (msg.html ?? textToHtml(text, { lang: msg.lang ?? 'de', title: subject })).replace(
        /\u0000/g,
        '',
      );
      const status = transport ? 'pending' : 'outbox';
      // A transaction of inTransaction: the row joins its other buffered writes right before
      // COMMIT, and is delivered right after it; the lease keeps the sweep away meanwhile.
      const buffer = opts.trx ? commitBuffer(opts.trx, PENDING, () => new PendingMails()) : null;
      if (buffer) {
        const now = new Date();
        const row: MailRow = {
          id: randomUUID(),
          to_address: msg.to,
          subject,
          text_body: text,
          html_body: html,
          template: msg.template ?? null,
          lang: msg.lang ?? null,
          status,
          attempts: 0,
          last_error: null,
          next_attempt_at: transport ? new Date(now.getTime() + LEASE_SECONDS * 1000) : null,
          message_id: null,
          created_at: now,
          sent_at: null,
          attachments,
        };
        buffer.rows.push({ row, leaseSeconds: LEASE_SECONDS });
        afterCommit(opts.trx, async () => {
          if (transport) await deliver(row);
          else
            log.info(
              { mailId: row.id, template: msg.template },
              'mail stored in the outbox (no SMTP configured)',
            );
        });
        return toStored(row);
      }
      const row = await outbox.insert(
        {
          to: msg.to,
          subject,
          text,
          html,
          template: msg.template ?? null,
          lang: msg.lang ?? null,
          status,
          attachments,
          // Another transaction (not inTransaction's): the sweep delivers the mail once it commits.
          leaseSeconds: opts.trx ? 0 : LEASE_SECONDS,
        },
        opts.trx,
      );
      if (!transport) {
        log.info(
          { mailId: row.id, template: msg.template },
          'mail stored in the outbox (no SMTP configured)',
        );
        return toStored(row);
      }
      if (opts.trx) return toStored(row);
      await deliver(row);
      return toStored((await outbox.get(row.id)) ?? row);
    },

    async sendTemplate(to, name, lang, data, opts) {
      const { subject, text, html } = render(name, lang, data);
      return mailer.send(
        {
          to,
          subject,
          text,
          html,
          template: name,
          lang,
          ...(opts?.attachments ? { attachments: opts.attachments } : {}),
        },
        opts?.trx ? { trx: opts.trx } : {},
      );
    },

    render,

    async recent(opts = {}) {
      const rows = await outbox.recent({ ...opts, limit: Math.min(Math.max(opts.limit ?? 20, 1), 500) });
      return rows.map(toStored);
    },

    count: (opts) => outbox.count(opts),

    async get(id) {
      if (!UUID_RE.test(id)) return null;
      const row = await outbox.get(id);
      return row ? toStored(row) : null;
    },

    async deliverDue(limit = 50) {
      if (!transport) return 0;
      const rows = await outbox.claimDue(limit, LEASE_SECONDS);
      let sent = 0;
      for (const row of rows) {
        await deliver(row);
        if ((await outbox.get(row.id))?.status === 'sent') sent++;
      }
      return sent;
    },

    async resend(id) {
      // Without SMTP nothing is ever delivered, so there is nothing to send again.
      if (!transport || !UUID_RE.test(id)) return false;
      const ok = await outbox.requeue(id);
      if (ok) await mailer.deliverDue();
      return ok;
    },

    async close() {
      transport?.close();
    },
  };
  return mailer;
}
