import type pg from 'pg';
import { inTransaction } from '../../../kernel/db/database.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { appendFileEntry, findCaseById, findRfi, hasMailEntry } from '../db/cases.ts';
import { formatDate } from '../presenters/format.ts';

/** A mail to the applicant about a change of their case. */
export type CaseMail =
  { kind: 'rfi'; caseId: string; rfiId: string } | { kind: 'notice'; caseId: string; documentId: string };

export const NOTIFY_JOB = 'casework.notify';
/**
 * The job is the safety net: the request that made the change sends the mail right after its
 * commit, and the job (started later) finds it sent and does nothing. Only when that send did
 * not happen — the process died, the mail table was unreachable — does the job send it.
 */
const SAFETY_NET_DELAY_SECONDS = 60;

export function defineNotifyJob(kernel: Kernel): void {
  kernel.jobs.define<CaseMail>({
    name: NOTIFY_JOB,
    retryLimit: 5,
    retryDelaySeconds: 60,
    handler: async (mail) => {
      await deliverCaseMail(kernel, mail);
    },
  });
}

/** One key per notification: a retried job or a second sender finds the first one's file entry. */
const keyOf = (m: CaseMail) => (m.kind === 'rfi' ? `rfi:${m.rfiId}` : `notice:${m.documentId}`);

/** Queues the mail in the caller's transaction: it exists exactly when the change commits. */
export async function queueCaseMail(kernel: Kernel, client: pg.PoolClient, mail: CaseMail): Promise<void> {
  await kernel.jobs.send(NOTIFY_JOB, mail, {
    trx: client,
    delaySeconds: SAFETY_NET_DELAY_SECONDS,
  });
}

export type DeliverResult = 'sent' | 'already_sent' | 'no_recipient';

/**
 * Sends the mail once. Senders of the same notification queue behind an advisory lock on its
 * key; the first records the mail and `mail_sent` in the case file (internal) in one
 * transaction, so the others see it and stop. The kernel mailer delivers it after that COMMIT
 * (and retries a failed SMTP attempt itself); an error before the commit records nothing and the
 * job tries again.
 */
export async function deliverCaseMail(kernel: Kernel, mail: CaseMail): Promise<DeliverResult> {
  const key = keyOf(mail);
  return inTransaction(kernel.db.pool, async (client) => {
    await client.query(`select pg_advisory_xact_lock(hashtext('casework.mail'), hashtext($1))`, [key]);
    const c = await findCaseById(client, mail.caseId);
    // Anonymised or deleted meanwhile, or an applicant without an address: nobody to write to.
    if (!c?.applicantEmail) return 'no_recipient';
    if (await hasMailEntry(client, c.id, key)) return 'already_sent';
    const base = { reference: c.reference, service: c.serviceTitle };
    let template: string;
    let data: Record<string, string>;
    if (mail.kind === 'rfi') {
      const rfi = await findRfi(client, c.id, mail.rfiId);
      if (!rfi) return 'no_recipient';
      template = 'casework.rfi';
      data = {
        ...base,
        question: rfi.question,
        link: `${kernel.config.baseUrl}/konto/antraege/${c.id}`,
        date: formatDate('de', rfi.askedAt),
      };
    } else {
      template = 'casework.notice';
      data = { ...base, link: `${kernel.config.baseUrl}/postfach` };
    }
    // The mail row commits with the `mail_sent` entry below, or not at all.
    const sent = await kernel.mail.sendTemplate(c.applicantEmail, template, 'de', data, { trx: client });
    await appendFileEntry(client, {
      caseId: c.id,
      at: kernel.clock.now(),
      kind: 'mail_sent',
      actorId: null,
      actorLabel: null,
      visibility: 'internal',
      data: { key, template, mailId: sent.id },
    });
    return 'sent';
  });
}

/** Right after the commit: send now; on failure the queued job sends it later. */
export async function sendCaseMailNow(kernel: Kernel, mail: CaseMail): Promise<void> {
  try {
    await deliverCaseMail(kernel, mail);
  } catch (err) {
    kernel.log.warn(
      { err, caseId: mail.caseId, kind: mail.kind },
      'casework: mail not sent yet, the job retries',
    );
  }
}
