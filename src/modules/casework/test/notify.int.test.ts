import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { deliverCaseMail, NOTIFY_JOB, type CaseMail } from '../commands/notify.ts';
import { open, post, staff, unitId, type Actor } from './helpers.ts';

async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('casework: durable mails to the applicant', () => {
  let t: TestApp;
  let clerk: Actor;
  before(async () => {
    t = await createTestApp({ env: { JOBS_POLL_INTERVAL_MS: '500' } });
    const unit = await unitId(t.kernel, 'neuss', 'ordnungsamt');
    clerk = await staff(t.kernel, [{ role: 'clerk', tenantId: 'neuss', orgUnitId: unit }], 'Clara Clerk');
  });
  after(async () => t.close());

  /** Runs fn while the mailer fails, like a process that dies between the commit and the send. */
  async function withMailDown<T>(fn: () => Promise<T>): Promise<T> {
    const mail = t.kernel.mail;
    const original = mail.sendTemplate.bind(mail);
    mail.sendTemplate = () => Promise.reject(new Error('process died before the mail was recorded'));
    try {
      return await fn();
    } finally {
      mail.sendTemplate = original;
    }
  }

  const mailsTo = (to: string) => t.kernel.mail.recent({ to, limit: 50 });
  const notifyJobs = async (caseId: string) =>
    (
      await t.kernel.db.pool.query<{ id: string; state: string; data: CaseMail }>(
        `select id, state::text as state, data from pgboss.job where name = $1 and data->>'caseId' = $2`,
        [NOTIFY_JOB, caseId],
      )
    ).rows;

  it('queues the mail with the change; after a crash between commit and send the job sends it, and once only', async () => {
    const to = 'crash@example.org';
    const c = await open(t.kernel, { applicantEmail: to });
    const base = `/verwaltung/vorgaenge/${c.caseId}`;
    // The process "dies" after the commit: the send right after it never happens.
    const res = await withMailDown(() =>
      post(t, base, `${base}/rueckfrage`, clerk, { question: 'Bitte Lichtbild nachreichen.' }),
    );
    assert.equal(res.statusCode, 303);
    assert.equal((await mailsTo(to)).length, 0, 'no mail yet');
    const jobs = await notifyJobs(c.caseId);
    assert.equal(jobs.length, 1, 'the job was committed with the change');
    assert.equal(jobs[0]!.state, 'created');
    assert.equal(jobs[0]!.data.kind, 'rfi');

    // A worker starts later and runs the (now due) job.
    await t.kernel.db.pool.query(`update pgboss.job set start_after = now() where id = $1`, [jobs[0]!.id]);
    await t.kernel.jobs.start();
    await waitFor(async () => (await notifyJobs(c.caseId))[0]?.state === 'completed');
    const mails = await mailsTo(to);
    assert.equal(mails.length, 1);
    assert.match(mails[0]!.subject, new RegExp(c.reference));
    assert.match(mails[0]!.text, /Bitte Lichtbild nachreichen\./);

    // A retried job (pg-boss redelivers after a crash of the worker) sends nothing again.
    const retryId = await t.kernel.jobs.send(NOTIFY_JOB, jobs[0]!.data);
    await waitFor(
      async () => (await notifyJobs(c.caseId)).find((j) => j.id === retryId)?.state === 'completed',
    );
    assert.equal(await deliverCaseMail(t.kernel, jobs[0]!.data), 'already_sent');
    assert.equal((await mailsTo(to)).length, 1);

    // The case file records the sending (internal entry).
    const entries = await t.kernel.db.pool.query<{ data: { key: string; mailId: string } }>(
      `select data from casework.file_entries where case_id = $1 and kind = 'mail_sent'`,
      [c.caseId],
    );
    assert.equal(entries.rowCount, 1);
    assert.equal(entries.rows[0]!.data.mailId, mails[0]!.id);
  });

  it('sends the notice mail right after the decision; the queued safety-net job and concurrent senders add none', async () => {
    const to = 'notice@example.org';
    const c = await open(t.kernel, { applicantEmail: to });
    const base = `/verwaltung/vorgaenge/${c.caseId}`;
    const res = await post(t, base, `${base}/entscheiden`, clerk, {
      decision: 'approved',
      decisionReason: '',
    });
    assert.equal(res.statusCode, 303);
    const mails = await mailsTo(to);
    assert.equal(mails.length, 1, 'sent at once');
    assert.match(mails[0]!.subject, /Bescheid/);
    const [job] = await notifyJobs(c.caseId);
    assert.equal(job?.data.kind, 'notice');
    const results = await Promise.all(Array.from({ length: 5 }, () => deliverCaseMail(t.kernel, job.data)));
    assert.deepEqual([...new Set(results)], ['already_sent']);
    assert.equal((await mailsTo(to)).length, 1);
  });

  it('concurrent first deliveries of one notification send exactly one mail', async () => {
    const to = 'race@example.org';
    const c = await open(t.kernel, { applicantEmail: to });
    const base = `/verwaltung/vorgaenge/${c.caseId}`;
    await withMailDown(() =>
      post(t, base, `${base}/rueckfrage`, clerk, { question: 'Wann sind Sie erreichbar?' }),
    );
    const [job] = await notifyJobs(c.caseId);
    const results = await Promise.all(Array.from({ length: 6 }, () => deliverCaseMail(t.kernel, job!.data)));
    assert.deepEqual(results.filter((r) => r === 'sent').length, 1);
    assert.equal((await mailsTo(to)).length, 1);
  });

  it('a change that rolls back queues nothing; a case anonymised before the job runs gets no mail', async () => {
    const c = await open(t.kernel, { applicantEmail: 'gone@example.org' });
    const base = `/verwaltung/vorgaenge/${c.caseId}`;
    // Refused (empty question): no job.
    await post(t, base, `${base}/rueckfrage`, clerk, { question: '  ' });
    assert.equal((await notifyJobs(c.caseId)).length, 0);

    // Queued, then the applicant's data is removed (retention) before the job runs.
    await withMailDown(() => post(t, base, `${base}/rueckfrage`, clerk, { question: 'Noch da?' }));
    await t.kernel.db.pool.query(`update casework.cases set applicant_email = null where id = $1`, [
      c.caseId,
    ]);
    const [job] = await notifyJobs(c.caseId);
    assert.equal(await deliverCaseMail(t.kernel, job!.data), 'no_recipient');
    assert.equal((await mailsTo('gone@example.org')).length, 0);
  });
});
