import { inTransaction } from '../../../kernel/db/database.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { readCaseworkConfig } from '../config.ts';

export interface RetentionReport {
  ranAt: string;
  anonymised: number;
  deleted: number;
  filesDeleted: number;
  references: { reference: string; action: 'anonymise' | 'delete' }[];
}

const BATCH = 200;

/**
 * Applies the retention periods: every case closed (or withdrawn) more than N years ago (N and the
 * action per service, else the configured default) is anonymised — personal data, documents,
 * notes and messages go, reference/service/dates/amounts stay for statistics — or deleted with
 * its whole file. The electronic file is append-only; this is the one path allowed to change
 * it (casework.retention = 'on', local to each transaction). Reports what it did in the audit
 * log and in casework.retention_runs.
 */
export async function runRetention(kernel: Kernel): Promise<RetentionReport> {
  const cfg = readCaseworkConfig(kernel.fullConfig);
  const now = kernel.clock.now();
  const report: RetentionReport = {
    ranAt: now.toISOString(),
    anonymised: 0,
    deleted: 0,
    filesDeleted: 0,
    references: [],
  };
  for (;;) {
    const { rows } = await kernel.db.pool.query<{
      id: string;
      reference: string;
      action: 'anonymise' | 'delete';
    }>(
      `select c.id, c.reference, coalesce(s.retention_action, $2) as action
         from casework.cases c left join casework.service_settings s on s.service_slug = c.service_slug
        where c.closed_at is not null and c.anonymised_at is null
          and c.closed_at + make_interval(years => coalesce(s.retention_years, $1)) <= $3
        order by c.closed_at, c.id limit $4`,
      [cfg.defaultRetentionYears, cfg.defaultRetentionAction, now, BATCH],
    );
    for (const r of rows) {
      const fileIds = await inTransaction(kernel.db.pool, async (client) => {
        await client.query("select set_config('casework.retention', 'on', true)");
        const locked = await client.query(
          'select 1 from casework.cases where id = $1 and anonymised_at is null for update',
          [r.id],
        );
        if (!locked.rowCount) return [];
        const docs = await client.query<{ file_id: string }>(
          'select file_id from casework.documents where case_id = $1',
          [r.id],
        );
        await client.query('delete from casework.postbox where case_id = $1', [r.id]);
        if (r.action === 'delete') {
          await client.query('delete from casework.cases where id = $1', [r.id]);
        } else {
          await client.query('delete from casework.documents where case_id = $1', [r.id]);
          await client.query(`update casework.rfis set question = '–', answer = null where case_id = $1`, [
            r.id,
          ]);
          await client.query(
            `update casework.file_entries set data = '{}'::jsonb, actor_label = null, actor_id = null where case_id = $1`,
            [r.id],
          );
          await client.query(
            `update casework.cases set applicant_account_id = null, applicant_email = null, applicant_name = null,
               data = '{}'::jsonb, summary = '[]'::jsonb, search_text = reference, anonymised_at = $2, updated_at = $2
             where id = $1`,
            [r.id, now],
          );
        }
        await kernel.audit.record(
          {
            actorId: null,
            action: r.action === 'delete' ? 'casework.retention_deleted' : 'casework.retention_anonymised',
            objectType: 'case',
            objectId: r.id,
            after: { reference: r.reference, documents: docs.rowCount },
          },
          client,
        );
        return docs.rows.map((d) => d.file_id);
      });
      for (const id of fileIds) if (await kernel.files.delete(id).catch(() => false)) report.filesDeleted++;
      if (r.action === 'delete') report.deleted++;
      else report.anonymised++;
      report.references.push({ reference: r.reference, action: r.action });
    }
    if (rows.length < BATCH) break;
  }
  await inTransaction(kernel.db.pool, async (client) => {
    await client.query(
      `insert into casework.retention_runs (ran_at, anonymised, deleted, files_deleted, references_done)
       values ($1,$2,$3,$4,$5::jsonb)`,
      [now, report.anonymised, report.deleted, report.filesDeleted, JSON.stringify(report.references)],
    );
    await kernel.audit.record(
      {
        actorId: null,
        action: 'casework.retention_run',
        objectType: 'retention',
        objectId: null,
        after: { anonymised: report.anonymised, deleted: report.deleted, filesDeleted: report.filesDeleted },
      },
      client,
    );
  });
  kernel.log.info(
    { anonymised: report.anonymised, deleted: report.deleted, filesDeleted: report.filesDeleted },
    'casework retention run',
  );
  return report;
}
