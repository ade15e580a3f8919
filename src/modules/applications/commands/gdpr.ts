import type { Kernel } from '../../../kernel/kernel.ts';
import { inTransaction } from '../../../kernel/db/database.ts';
import type { FileRef } from '../engine/conditions.ts';

/**
 * Account deletion: open drafts (and their files) are deleted. Submissions stay: they are part
 * of a case file under a retention duty (casework explains it); their account link is removed.
 */
export async function eraseApplicantData(kernel: Kernel, accountId: string): Promise<{ retained: string[] }> {
  const files = await inTransaction(kernel.db.pool, async (client) => {
    const { rows } = await client.query<{ answers: Record<string, unknown> }>(
      `delete from applications.drafts d where account_id = $1 and status = 'open'
         and not exists (select 1 from applications.submissions s where s.draft_id = d.id) returning answers`,
      [accountId],
    );
    const subs = await client.query(
      'update applications.submissions set account_id = null where account_id = $1',
      [accountId],
    );
    return { files: rows.flatMap((r) => fileIds(r.answers)), kept: (subs.rowCount ?? 0) > 0 };
  });
  for (const id of files.files) await kernel.files.delete(id).catch(() => undefined);
  return { retained: files.kept ? ['applications.gdpr.retained'] : [] };
}

/** Deletes open drafts untouched for the retention period, with their files. Returns how many. */
export async function deleteStaleDrafts(kernel: Kernel, retentionDays: number): Promise<number> {
  const cutoff = new Date(kernel.clock.now().getTime() - retentionDays * 86_400_000);
  const { rows } = await kernel.db.pool.query<{ answers: Record<string, unknown> }>(
    `delete from applications.drafts d where status = 'open' and updated_at < $1
       and not exists (select 1 from applications.submissions s where s.draft_id = d.id) returning answers`,
    [cutoff],
  );
  for (const id of rows.flatMap((r) => fileIds(r.answers)))
    await kernel.files.delete(id).catch(() => undefined);
  return rows.length;
}

export function fileIds(answers: Record<string, unknown>): string[] {
  return Object.values(answers).flatMap((v) =>
    Array.isArray(v)
      ? v.filter((x): x is FileRef => !!x && typeof x === 'object' && 'fileId' in x).map((f) => f.fileId)
      : [],
  );
}
