/**
 * Site-wide search. Modules feed it with `kernel.search.upsert(...)` / `remove(...)` when their
 * content changes and register a source (`registerSource`) that can write everything again for
 * rebuilds (`npm run cli -- search:reindex`, and at every start through seedReference).
 */
import type { KernelDeps } from '../deps.ts';
import type { Kernel } from '../kernel.ts';
import { createSearchService, type Search as SearchService } from './search.ts';
import { tenantSearchSource } from './tenant-source.ts';

export type Search = SearchService<Kernel>;
export type { RebuildReport } from './search.ts';
export type {
  SearchDocument,
  SearchHit,
  SearchQuery,
  SearchResult,
  SearchSource,
  Visibility,
} from './types.ts';
export { MAX_QUERY_LENGTH, parseSearchText, type ParsedSearchText } from './text.ts';
export { escapeHtml } from './snippet.ts';
export { InvalidSearchDocumentError } from './store.ts';
export { TENANT_SOURCE, orgUnitUrl } from './tenant-source.ts';
export { searchRoutes } from './routes.tsx';
export { searchReindexCommand } from './cli.ts';
export { defineSearchRebuildJob, SEARCH_REBUILD_JOB, type SearchRebuildData } from './job.ts';

export function createSearch(deps: KernelDeps): Search {
  const search = createSearchService<Kernel>(deps);
  search.registerSource(tenantSearchSource);
  return search;
}
