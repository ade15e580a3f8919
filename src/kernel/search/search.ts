import type { KernelDeps } from '../deps.ts';
import { databaseNow, queryDocuments, removeDocument, removeStale, upsertDocument } from './store.ts';
import type { SearchDocument, SearchQuery, SearchResult, SearchSource } from './types.ts';

export interface Search<K = unknown> {
  /** Adds or replaces a document (an older updatedAt than the stored one is ignored). */
  upsert(doc: SearchDocument): Promise<void>;
  remove(source: string, id: string): Promise<boolean>;
  query(q: SearchQuery): Promise<SearchResult>;
  /** Registers a source that can write all its documents again. Names are unique. */
  registerSource(source: SearchSource<K>): void;
  sources(): readonly SearchSource<K>[];
  /**
   * Rebuilds the given sources (all when omitted): each writes its documents again, then what it
   * did not write is removed. Safe to run while the site is searched and on several nodes.
   */
  rebuild(kernel: K, names?: readonly string[]): Promise<RebuildReport[]>;
}

export interface RebuildReport {
  source: string;
  /** Documents written before the rebuild and not again, now removed. */
  removed: number;
  /** Set when the source failed; its documents are then left as they were. */
  error?: string;
}

const SOURCE_NAME_RE = /^[a-z][a-z0-9_-]{0,62}$/;

export function createSearchService<K>(deps: KernelDeps): Search<K> {
  const { db, log } = deps;
  const registry = new Map<string, SearchSource<K>>();
  return {
    upsert: (doc) => upsertDocument(db, doc),
    remove: (source, id) => removeDocument(db, source, id),
    query: (q) => queryDocuments(db, q),
    registerSource(source) {
      if (!SOURCE_NAME_RE.test(source.name))
        throw new Error(`search source name "${source.name}" must match ${SOURCE_NAME_RE.source}`);
      if (registry.has(source.name)) throw new Error(`search source "${source.name}" is registered twice`);
      registry.set(source.name, source);
    },
    sources: () => [...registry.values()],
    async rebuild(kernel, names) {
      const unknown = names?.filter((n) => !registry.has(n)) ?? [];
      if (unknown.length) throw new Error(`unknown search source(s): ${unknown.join(', ')}`);
      const out: RebuildReport[] = [];
      for (const source of registry.values()) {
        if (names && !names.includes(source.name)) continue;
        const since = await databaseNow(db);
        try {
          await source.reindex(kernel);
        } catch (err) {
          // One broken source must not keep the others (or the start) from working.
          log.error({ err, source: source.name }, 'search source rebuild failed');
          out.push({
            source: source.name,
            removed: 0,
            error: err instanceof Error ? err.message : String(err),
          });
          continue;
        }
        const removed = await removeStale(db, source.name, since);
        log.info({ source: source.name, removed }, 'search source rebuilt');
        out.push({ source: source.name, removed });
      }
      return out;
    },
  };
}
