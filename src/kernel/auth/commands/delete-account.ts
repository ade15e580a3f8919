import { inTransaction } from '../../db/database.ts';
import type { Kernel } from '../../kernel.ts';

/**
 * Deletes an account (GDPR Art. 17): the account row goes, and with it (ON DELETE CASCADE) its
 * sessions, role grants, tokens and linked identities — in one transaction with the audit entry
 * (which names the account id only, no personal data). Modules' personal-data handlers must have
 * run before (they are called by the page that asks for the deletion). Returns false when there
 * was no such account.
 */
export async function deleteAccount(
  kernel: Pick<Kernel, 'db' | 'audit'>,
  accountId: string,
  opts: { actorId?: string | null; requestId?: string | null } = {},
): Promise<boolean> {
  return inTransaction(kernel.db.pool, async (client) => {
    const res = await client.query<{ kind: string }>(
      'delete from kernel.accounts where id = $1 returning kind',
      [accountId],
    );
    if (!res.rowCount) return false;
    await kernel.audit.record(
      {
        actorId: opts.actorId === undefined ? accountId : opts.actorId,
        action: 'auth.account_deleted',
        objectType: 'account',
        objectId: accountId,
        after: { kind: res.rows[0]!.kind },
        requestId: opts.requestId ?? null,
      },
      client,
    );
    return true;
  });
}
