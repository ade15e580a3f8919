/** Keeps the site-wide search (kernel.search, source "open-data") in step with the catalogue. */
import type { Kernel } from '../../../kernel/kernel.ts';
import { allActiveIds, findDataset, loadDatasets } from '../db/datasets.queries.ts';
import { datasetPath } from '../lib/urls.ts';
import type { DatasetRecord } from '../model.ts';

export const SEARCH_SOURCE = 'open-data';

function doc(d: DatasetRecord) {
  return {
    source: SEARCH_SOURCE,
    id: d.id,
    tenantId: d.tenantId,
    title: d.title,
    summary: d.notes.slice(0, 300),
    body: d.keywords.join(' '),
    url: datasetPath(d.name),
    visibility: 'public' as const,
    lang: 'de' as const,
    updatedAt: d.modifiedAt,
  };
}

/** Writes (or removes, when deleted) the search document of one dataset. Never fails the caller. */
export async function indexDataset(kernel: Kernel, id: string): Promise<void> {
  try {
    const d = await findDataset(kernel.db.pool, id, { includeDeleted: true });
    if (!d || d.state === 'deleted') await kernel.search.remove(SEARCH_SOURCE, id);
    else await kernel.search.upsert(doc(d));
  } catch (err) {
    kernel.log.warn({ err, id }, 'open-data: search document not updated (the nightly rebuild repairs it)');
  }
}

export async function reindexAll(kernel: Kernel): Promise<void> {
  const ids = await allActiveIds(kernel.db.pool);
  for (let i = 0; i < ids.length; i += 200)
    for (const d of await loadDatasets(kernel.db.pool, ids.slice(i, i + 200)))
      await kernel.search.upsert(doc(d));
}
