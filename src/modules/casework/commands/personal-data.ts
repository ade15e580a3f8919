import { inTransaction } from '../../../kernel/db/database.ts';
import type { PersonalDataHandler } from '../../../kernel/extensions.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { listCasesOfApplicant, listDocuments, listFileEntries } from '../db/cases.ts';

/**
 * Casework's part in GDPR requests. Export: every case of the account with its citizen-visible
 * history, documents (metadata) and postbox messages. Erase: postbox messages are deleted; cases
 * are administrative records under a retention duty, so they are kept but unlinked from the
 * account (the retention job anonymises or deletes them later) — the citizen is told so.
 */
export function caseworkPersonalData(kernel: Kernel): PersonalDataHandler {
  return {
    module: 'casework',
    async export(accountId) {
      const cases = await listCasesOfApplicant(kernel.db.pool, accountId);
      const out = [];
      for (const c of cases) {
        const [entries, docs] = await Promise.all([
          listFileEntries(kernel.db.pool, c.id, { citizenOnly: true }),
          listDocuments(kernel.db.pool, c.id),
        ]);
        out.push({
          reference: c.reference,
          service: c.serviceTitle,
          submittedAt: c.submittedAt.toISOString(),
          status: c.status,
          decision: c.decision,
          applicant: { name: c.applicantName, email: c.applicantEmail },
          data: c.data,
          summary: c.summary,
          payment: {
            status: c.paymentStatus,
            amountCents: c.paymentAmountCents,
            kassenzeichen: c.kassenzeichen,
          },
          history: entries.map((e) => ({ at: e.at.toISOString(), kind: e.kind, data: e.data })),
          documents: docs.map((d) => ({
            kind: d.kind,
            filename: d.filename,
            sha256: d.sha256,
            size: d.size,
          })),
        });
      }
      const { rows } = await kernel.db.pool.query<{
        kind: string;
        subject: string;
        body: string;
        created_at: Date;
        read_at: Date | null;
      }>(
        'select kind, subject, body, created_at, read_at from casework.postbox where account_id = $1 order by created_at',
        [accountId],
      );
      if (!out.length && !rows.length) return {};
      return {
        cases: out,
        postbox: rows.map((r) => ({
          kind: r.kind,
          subject: r.subject,
          body: r.body,
          receivedAt: r.created_at.toISOString(),
          readAt: r.read_at?.toISOString() ?? null,
        })),
      };
    },
    async erase(accountId) {
      return inTransaction(kernel.db.pool, async (client) => {
        await client.query('delete from casework.postbox where account_id = $1', [accountId]);
        const res = await client.query<{ id: string; tenant_id: string }>(
          `update casework.cases set applicant_account_id = null, updated_at = $2
            where applicant_account_id = $1 returning id, tenant_id`,
          [accountId, kernel.clock.now()],
        );
        if (res.rowCount) {
          await kernel.audit.record(
            {
              actorId: accountId,
              action: 'casework.applicant_unlinked',
              objectType: 'account',
              objectId: accountId,
              after: { cases: res.rowCount },
            },
            client,
          );
        }
        return { retained: res.rowCount ? ['casework.gdpr.retained'] : [] };
      });
    },
  };
}
