import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createTestApp, createTestDatabase, type TestApp, type TestDatabase } from '../../../testing.ts';
import { inTransaction } from '../../db/database.ts';
import { MAIL_MAX_ATTEMPTS, MailTemplateError } from '../index.ts';
import { decodeHeader, header, mimeParts, startSmtpReceiver } from './smtp-receiver.ts';

const TEMPLATES = {
  de: {
    'mail.test-welcome.subject': 'Willkommen, {name}',
    'mail.test-welcome.body':
      'Guten Tag {name},\n\nbitte bestätigen Sie Ihre Adresse:\n{link}\n\nIhr Rhein-Kreis Neuss',
  },
  en: {
    'mail.test-welcome.subject': 'Welcome, {name}',
    'mail.test-welcome.body': 'Hello {name},\n\nplease confirm your address:\n{link}\n\nRhein-Kreis Neuss',
  },
};

function addTemplates(t: TestApp) {
  t.kernel.i18n.add('de', TEMPLATES.de);
  t.kernel.i18n.add('en', TEMPLATES.en);
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('mail without SMTP (outbox)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    addTemplates(t);
  });
  after(async () => t.close());

  it('keeps the mail in the outbox with text and HTML, readable through recent({ to })', async () => {
    assert.equal(t.kernel.mail.mode, 'outbox');
    const stored = await t.kernel.mail.sendTemplate('Anna@Example.org', 'test-welcome', 'de', {
      name: 'Anna Müller',
      link: 'https://portal.example/bestaetigen?t=abc',
    });
    assert.equal(stored.status, 'outbox');
    const [mail, ...rest] = await t.kernel.mail.recent({ to: 'anna@example.org' });
    assert.equal(rest.length, 0);
    assert.equal(mail!.id, stored.id);
    assert.equal(mail!.subject, 'Willkommen, Anna Müller');
    assert.match(
      mail!.text,
      /bitte bestätigen Sie Ihre Adresse:\nhttps:\/\/portal\.example\/bestaetigen\?t=abc/,
    );
    assert.match(mail!.html!, /<html lang="de">/);
    assert.match(mail!.html!, /<a href="https:\/\/portal\.example\/bestaetigen\?t=abc">/);
    assert.equal(mail!.template, 'test-welcome');
    assert.deepEqual(await t.kernel.mail.recent({ to: 'nobody@example.org' }), []);
  });

  it('renders English templates with lang="en"', async () => {
    const r = t.kernel.mail.render('test-welcome', 'en', { name: 'Bob', link: 'https://x.example/a' });
    assert.equal(r.subject, 'Welcome, Bob');
    assert.match(r.text, /^Hello Bob,/);
    assert.match(r.html, /<html lang="en">/);
    assert.match(r.html, /<title>Welcome, Bob<\/title>/);
  });

  it('escapes every placeholder value in the HTML part and keeps paragraphs', () => {
    const r = t.kernel.mail.render('test-welcome', 'de', {
      name: '<script>alert("x")</script> & Co',
      link: 'https://x.example/?a=1&b=<2>',
    });
    assert.doesNotMatch(r.html, /<script>/);
    assert.match(r.html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; Co/);
    // the URL stops at "<", which is escaped text after the link
    assert.match(
      r.html,
      /<a href="https:\/\/x\.example\/\?a=1&amp;b=">https:\/\/x\.example\/\?a=1&amp;b=<\/a>&lt;2&gt;/,
    );
    assert.equal((r.html.match(/<p>/g) ?? []).length, 3);
    assert.match(r.html, /<br>/);
  });

  it('keeps punctuation after a link out of the link', () => {
    t.kernel.i18n.add('de', {
      'mail.test-punct.subject': 'S',
      'mail.test-punct.body': 'Siehe https://a.example/x.',
    });
    const r = t.kernel.mail.render('test-punct', 'de', {});
    assert.match(r.html, /<a href="https:\/\/a\.example\/x">https:\/\/a\.example\/x<\/a>\./);
  });

  it('drops NUL characters that PostgreSQL cannot store', async () => {
    const m = await t.kernel.mail.sendTemplate('nul@example.org', 'test-welcome', 'de', {
      name: 'A\u0000B',
      link: 'https://x.example',
    });
    assert.equal(m.subject, 'Willkommen, AB');
    assert.doesNotMatch(m.text + m.html!, /\u0000/);
  });

  it('refuses unknown templates and invalid addresses', async () => {
    await assert.rejects(
      t.kernel.mail.sendTemplate('a@example.org', 'does-not-exist', 'de', {}),
      MailTemplateError,
    );
    await assert.rejects(
      t.kernel.mail.send({ to: 'not an address', subject: 's', text: 't' }),
      /invalid mail address/,
    );
    await assert.rejects(
      t.kernel.mail.send({ to: 'a@example.org\r\nBcc: x@evil.example', subject: 's', text: 't' }),
      /invalid mail address/,
    );
  });

  it('keeps attachments with the mail and refuses bad names, types and oversized content', async () => {
    const ics = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n';
    const m = await t.kernel.mail.sendTemplate(
      'att@example.org',
      'test-welcome',
      'de',
      { name: 'A', link: 'https://x.example' },
      {
        attachments: [{ filename: 'termin.ics', contentType: 'text/calendar; charset=utf-8', content: ics }],
      },
    );
    const [stored] = await t.kernel.mail.recent({ to: 'att@example.org' });
    assert.equal(stored!.id, m.id);
    assert.equal(stored!.attachments.length, 1);
    assert.equal(stored!.attachments[0]!.filename, 'termin.ics');
    assert.equal(stored!.attachments[0]!.contentType, 'text/calendar; charset=utf-8');
    assert.equal(stored!.attachments[0]!.content.toString('utf8'), ics);
    const base = { to: 'att2@example.org', subject: 's', text: 't' };
    await assert.rejects(
      t.kernel.mail.send({
        ...base,
        attachments: [{ filename: '../x.ics', contentType: 'text/plain', content: 'x' }],
      }),
      /invalid attachment file name/,
    );
    await assert.rejects(
      t.kernel.mail.send({
        ...base,
        attachments: [{ filename: 'x.ics', contentType: 'text/plain\r\nBcc: y', content: 'x' }],
      }),
      /invalid attachment content type/,
    );
    await assert.rejects(
      t.kernel.mail.send({
        ...base,
        attachments: [
          {
            filename: 'big.bin',
            contentType: 'application/octet-stream',
            content: Buffer.alloc(1024 * 1024 + 1),
          },
        ],
      }),
      /exceed/,
    );
    assert.equal(
      await t.kernel.mail.count({ to: 'att2@example.org' }),
      0,
      'nothing stored for a refused mail',
    );
  });

  it('lists with paging and counts, newest first', async () => {
    for (let i = 0; i < 3; i++)
      await t.kernel.mail.send({ to: 'page@example.org', subject: `Nr ${i}`, text: 'x' });
    assert.equal(await t.kernel.mail.count({ to: 'page@example.org' }), 3);
    const first = await t.kernel.mail.recent({ to: 'page@example.org', limit: 2 });
    const second = await t.kernel.mail.recent({ to: 'page@example.org', limit: 2, offset: 2 });
    assert.deepEqual(
      [...first, ...second].map((m) => m.subject),
      ['Nr 2', 'Nr 1', 'Nr 0'],
    );
    assert.equal(await t.kernel.mail.get('not-a-uuid'), null);
    assert.equal((await t.kernel.mail.get(first[0]!.id))?.subject, 'Nr 2');
  });
});

describe('mail over SMTP', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let t: TestApp;
  before(async () => {
    smtp = await startSmtpReceiver();
    t = await createTestApp({
      env: { SMTP_URL: smtp.url, MAIL_FROM: 'Rhein-Kreis Neuss <noreply@rkn.example>' },
    });
    addTemplates(t);
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  it('delivers a template with a text and an HTML part and records it as sent', async () => {
    const stored = await t.kernel.mail.sendTemplate('citizen@example.org', 'test-welcome', 'de', {
      name: 'Jörg <J>',
      link: 'https://portal.example/v?t=1',
    });
    assert.equal(stored.status, 'sent');
    assert.equal(stored.attempts, 1);
    await smtp.waitFor(1);
    const got = smtp.received[0]!;
    assert.deepEqual(got.to, ['citizen@example.org']);
    assert.equal(got.from, 'noreply@rkn.example');
    assert.equal(decodeHeader(header(got.raw, 'subject')!), 'Willkommen, Jörg <J>');
    const parts = mimeParts(got.raw);
    assert.match(parts['text/plain']!, /Guten Tag Jörg <J>,/);
    assert.match(parts['text/html']!, /<html lang="de">/);
    assert.match(parts['text/html']!, /Guten Tag Jörg &lt;J&gt;,/);
    assert.match(parts['text/html']!, /<a href="https:\/\/portal\.example\/v\?t=1">/);
    const [rec] = await t.kernel.mail.recent({ to: 'citizen@example.org' });
    assert.equal(rec!.status, 'sent');
    assert.ok(rec!.sentAt);
  });

  it('sends attachments as their own MIME parts', async () => {
    const ics = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nSUMMARY:Zulassung Ä\r\nEND:VCALENDAR\r\n';
    const before = smtp.received.length;
    const stored = await t.kernel.mail.send({
      to: 'ics@example.org',
      subject: 'Ihr Termin',
      text: 'Im Anhang.',
      attachments: [
        { filename: 'termin.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: ics },
      ],
    });
    assert.equal(stored.status, 'sent');
    await smtp.waitFor(before + 1);
    const got = smtp.received[before]!;
    assert.match(got.raw, /filename="?termin\.ics"?/);
    assert.equal(mimeParts(got.raw)['text/calendar'], ics.replace(/\r\n$/, ''));
  });

  it("records a mail in the caller's transaction: delivered after its COMMIT, never after a rollback", async () => {
    const before = smtp.received.length;
    let pendingInside: string | undefined;
    await inTransaction(t.kernel.db.pool, async (c) => {
      const stored = await t.kernel.mail.send(
        { to: 'trx@example.org', subject: 'Mit der Änderung', text: 'Gespeichert.' },
        { trx: c },
      );
      pendingInside = stored.status;
      // Not visible outside the transaction, and not sent yet.
      assert.deepEqual(await t.kernel.mail.recent({ to: 'trx@example.org' }), []);
      assert.equal(smtp.received.length, before);
    });
    assert.equal(pendingInside, 'pending');
    await smtp.waitFor(before + 1);
    assert.deepEqual(smtp.received[before]!.to, ['trx@example.org']);
    const [rec] = await t.kernel.mail.recent({ to: 'trx@example.org' });
    assert.equal(rec!.status, 'sent');

    await assert.rejects(
      inTransaction(t.kernel.db.pool, async (c) => {
        await t.kernel.mail.send({ to: 'undone@example.org', subject: 'Nie', text: 'Nie.' }, { trx: c });
        throw new Error('the change failed');
      }),
      /the change failed/,
    );
    await inTransaction(t.kernel.db.pool, async (c, rollback) => {
      await t.kernel.mail.send({ to: 'undone@example.org', subject: 'Nie', text: 'Nie.' }, { trx: c });
      return rollback(null);
    });
    assert.deepEqual(await t.kernel.mail.recent({ to: 'undone@example.org' }), []);
    await t.kernel.mail.deliverDue();
    assert.equal(smtp.received.length, before + 1, 'nothing else was sent');
  });

  it('leaves a mail of a transaction outside inTransaction to the retry sweep', async () => {
    const before = smtp.received.length;
    const client = await t.kernel.db.pool.connect();
    try {
      await client.query('begin');
      await t.kernel.mail.send(
        { to: 'sweep@example.org', subject: 'Später', text: 'Hallo' },
        { trx: client },
      );
      await client.query('commit');
    } finally {
      client.release();
    }
    assert.equal(smtp.received.length, before);
    assert.equal(await t.kernel.mail.deliverDue(), 1, 'due at once, no lease');
    await smtp.waitFor(before + 1);
    assert.deepEqual(smtp.received[before]!.to, ['sweep@example.org']);
  });
});

describe('mail when the SMTP server is down', () => {
  let db: TestDatabase;
  let t: TestApp;
  let port: number;
  before(async () => {
    db = await createTestDatabase();
    port = await freePort();
    t = await createTestApp({ database: db, env: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
  });
  after(async () => {
    await t.close();
    await db.drop();
  });

  it('keeps the mail pending with the error, and the retry sweep delivers it once the server is back', async () => {
    const stored = await t.kernel.mail.send({ to: 'later@example.org', subject: 'Später', text: 'Hallo' });
    assert.equal(stored.status, 'pending');
    assert.equal(stored.attempts, 1);
    assert.ok(stored.lastError);
    assert.ok(stored.nextAttemptAt && stored.nextAttemptAt.getTime() > Date.now());
    // not due yet: the sweep leaves it alone
    assert.equal(await t.kernel.mail.deliverDue(), 0);

    const smtp = await startSmtpReceiver({ port });
    try {
      await t.kernel.db.pool.query(`update kernel.mail_outbox set next_attempt_at = now() where id = $1`, [
        stored.id,
      ]);
      assert.equal(await t.kernel.mail.deliverDue(), 1);
      await smtp.waitFor(1);
      const after = await t.kernel.mail.get(stored.id);
      assert.equal(after?.status, 'sent');
      assert.equal(after.attempts, 2);
      // delivered exactly once, even when swept again
      assert.equal(await t.kernel.mail.deliverDue(), 0);
      assert.equal(smtp.received.length, 1);
    } finally {
      await smtp.close();
    }
  });

  it('marks the mail failed, visibly, after the last attempt, and can put it back', async () => {
    const stored = await t.kernel.mail.send({ to: 'never@example.org', subject: 'Nie', text: 'Hallo' });
    await t.kernel.db.pool.query(
      `update kernel.mail_outbox set next_attempt_at = now(), attempts = $2 where id = $1`,
      [stored.id, MAIL_MAX_ATTEMPTS - 1],
    );
    assert.equal(await t.kernel.mail.deliverDue(), 0);
    const failed = await t.kernel.mail.get(stored.id);
    assert.equal(failed?.status, 'failed');
    assert.equal(failed.attempts, MAIL_MAX_ATTEMPTS);
    assert.equal(await t.kernel.mail.count({ status: 'failed' }), 1);
    assert.equal(await t.kernel.mail.resend(stored.id), true);
    assert.equal((await t.kernel.mail.get(stored.id))?.status, 'pending');
    assert.equal(await t.kernel.mail.resend(stored.id), false);
  });

  it('never lets two sweeps send the same mail', async () => {
    const smtp = await startSmtpReceiver({ port });
    try {
      const stored = await t.kernel.mail.send({ to: 'once@example.org', subject: 'Einmal', text: 'x' });
      assert.equal(stored.status, 'sent');
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        await t.kernel.db.pool.query(
          `insert into kernel.mail_outbox (to_address, subject, text_body, status, next_attempt_at) values ($1, $2, 'x', 'pending', now())`,
          [`p${i}@example.org`, `P${i}`],
        );
        ids.push(`p${i}@example.org`);
      }
      const counts = await Promise.all([
        t.kernel.mail.deliverDue(),
        t.kernel.mail.deliverDue(),
        t.kernel.mail.deliverDue(),
      ]);
      assert.equal(
        counts.reduce((a, b) => a + b, 0),
        5,
      );
      await smtp.waitFor(6);
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(smtp.received.length, 6);
    } finally {
      await smtp.close();
    }
  });
});
