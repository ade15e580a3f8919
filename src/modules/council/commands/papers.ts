import { inTransaction } from '../../../kernel/db/database.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { bumpPaper, staffPaper, type Row } from '../db/staff.queries.ts';
import { insertRow, refreshPaperSearch, updateRow } from '../db/write.ts';
import { syncPaperSearch } from '../search-source.ts';
import type { Actor, StoredPdfFile } from './meetings.ts';

export interface PaperInput {
  name: string;
  reference: string;
  date: string | null;
  paperType: string;
  public: boolean;
  bodyText: string;
}

export type PaperResult<T = undefined> =
  | { ok: true; value: T }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'conflict'; current: Row };

export async function createPaper(
  kernel: Kernel,
  actor: Actor,
  bodyId: string,
  tenantId: string,
  input: PaperInput,
): Promise<number> {
  const now = kernel.clock.now();
  const id = await inTransaction(kernel.db.pool, async (c) => {
    const id = await insertRow(c, 'paper', {
      body_id: bodyId,
      name: input.name,
      reference: input.reference || null,
      date: input.date,
      paper_type: input.paperType || null,
      public: input.public,
      body_text: input.bodyText || null,
      modified_by: actor.name,
      created: now,
      modified: now,
    });
    await refreshPaperSearch(c, id);
    await kernel.audit.record(
      {
        actorId: actor.accountId,
        action: 'council.paper.created',
        objectType: 'council.paper',
        objectId: String(id),
        tenantId,
        after: { name: input.name, public: input.public },
        requestId: actor.requestId,
      },
      c,
    );
    return id;
  });
  await syncPaperSearch(kernel, id);
  return id;
}

async function withPaper<T>(
  kernel: Kernel,
  actor: Actor,
  bodyId: string,
  tenantId: string,
  id: number,
  version: number,
  action: string,
  fn: (c: Parameters<typeof insertRow>[0], paper: Row, now: Date) => Promise<T>,
): Promise<PaperResult<T>> {
  const now = kernel.clock.now();
  const r = await inTransaction(kernel.db.pool, async (c, rollback): Promise<PaperResult<T>> => {
    const paper = await staffPaper(c, bodyId, id, true);
    if (!paper) return { ok: false, reason: 'not_found' };
    if (Number(paper.version) !== version) return { ok: false, reason: 'conflict', current: paper };
    const value = await fn(c, paper, now);
    if (!(await bumpPaper(c, id, version, now, actor.name)))
      return rollback({ ok: false, reason: 'conflict', current: paper });
    await refreshPaperSearch(c, id);
    await kernel.audit.record(
      {
        actorId: actor.accountId,
        action,
        objectType: 'council.paper',
        objectId: String(id),
        tenantId,
        requestId: actor.requestId,
      },
      c,
    );
    return { ok: true, value };
  });
  if (r.ok) await syncPaperSearch(kernel, id);
  return r;
}

export function updatePaper(
  kernel: Kernel,
  actor: Actor,
  bodyId: string,
  tenantId: string,
  id: number,
  version: number,
  input: PaperInput,
) {
  return withPaper(
    kernel,
    actor,
    bodyId,
    tenantId,
    id,
    version,
    'council.paper.updated',
    async (c, paper, now) => {
      await updateRow(c, 'paper', id, {
        name: input.name,
        reference: input.reference || null,
        date: input.date,
        paper_type: input.paperType || null,
        public: input.public,
        body_text: input.bodyText || null,
      });
      // A paper's files are exactly as public as the paper.
      await c.query(
        `update council.file set public = $1, modified = $2 where (id = $3 or id = any($4::bigint[])) and public <> $1`,
        [input.public, now, paper.main_file_id, paper.auxiliary_file_ids],
      );
      return undefined;
    },
  );
}

export function attachPaperFile(
  kernel: Kernel,
  actor: Actor,
  bodyId: string,
  tenantId: string,
  id: number,
  version: number,
  file: StoredPdfFile,
  main: boolean,
) {
  return withPaper(
    kernel,
    actor,
    bodyId,
    tenantId,
    id,
    version,
    'council.paper.file_added',
    async (c, paper, now) => {
      const fileId = await insertRow(c, 'file', {
        body_id: bodyId,
        name: file.name,
        file_name: file.fileName,
        mime_type: 'application/pdf',
        size: file.size,
        sha256: file.sha256,
        sha512: file.sha512,
        text: file.text,
        storage_id: file.storageId,
        public: Boolean(paper.public),
        date: now.toISOString().slice(0, 10),
        created: now,
        modified: now,
      });
      if (main && !paper.main_file_id) await updateRow(c, 'paper', id, { main_file_id: fileId });
      else
        await c.query(
          'update council.paper set auxiliary_file_ids = auxiliary_file_ids || $2::bigint where id = $1',
          [id, fileId],
        );
      return fileId;
    },
  );
}
