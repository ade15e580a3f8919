/**
 * GDPR part of the module: a staff account's API tokens (names and dates, never the token) and
 * the dataset changes it made. On erasure the tokens are deleted and the change history keeps
 * the change but loses the person (actor id and name replaced).
 */
import type { PersonalDataHandler } from '../../../kernel/extensions.ts';
import type { Kernel } from '../../../kernel/kernel.ts';

export function personalDataHandler(kernel: Kernel): PersonalDataHandler {
  const pool = kernel.db.pool;
  return {
    module: 'open-data',
    async export(accountId) {
      const tokens = await pool.query<{
        name: string;
        created_at: Date;
        last_used_at: Date | null;
        revoked_at: Date | null;
      }>(
        `select name, created_at, last_used_at, revoked_at from open_data.api_tokens where account_id = $1 order by created_at`,
        [accountId],
      );
      const revisions = await pool.query<{ name: string; at: Date; action: string }>(
        `select d.name, r.at, r.action from open_data.revisions r join open_data.datasets d on d.id = r.dataset_id
         where r.actor_id = $1 order by r.at`,
        [accountId],
      );
      if (!tokens.rowCount && !revisions.rowCount) return {};
      return { apiTokens: tokens.rows, datasetChanges: revisions.rows };
    },
    async erase(accountId) {
      await pool.query(`delete from open_data.api_tokens where account_id = $1`, [accountId]);
      await pool.query(
        `update open_data.revisions set actor_id = null, actor_name = 'gelöschtes Konto' where actor_id = $1`,
        [accountId],
      );
      return { retained: [] };
    },
  };
}
