import type { Kernel } from '../../kernel/kernel.ts';
import { formatDateTime } from '../../kernel/i18n/format.ts';
import {
  allPublicMeetings,
  allPublicPapers,
  publicMeetingForIndex,
  publicPaperForIndex,
} from './db/public.queries.ts';

export const SEARCH_SOURCE_PAPERS = 'council-papers';
export const SEARCH_SOURCE_MEETINGS = 'council-meetings';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const BODY_MAX = 50_000;

function paperDoc(r: Row) {
  return {
    source: SEARCH_SOURCE_PAPERS,
    id: String(r.id),
    tenantId: r.tenant_id as string,
    title: r.name as string,
    summary: [r.paper_type, r.reference].filter(Boolean).join(' ') || 'Vorlage',
    body: String(r.search_text ?? '').slice(0, BODY_MAX),
    url: `/ratsinfo/${encodeURIComponent(r.body_id as string)}/vorlagen/${r.id}`,
    visibility: 'public' as const,
    lang: 'de' as const,
    updatedAt: r.modified as Date,
  };
}

function meetingDoc(r: Row) {
  return {
    source: SEARCH_SOURCE_MEETINGS,
    id: String(r.id),
    tenantId: r.tenant_id as string,
    title: r.name as string,
    summary: r.start_at ? `Sitzung am ${formatDateTime('de', r.start_at as Date)}` : 'Sitzung',
    body: String(r.agenda ?? '').slice(0, BODY_MAX),
    url: `/ratsinfo/${encodeURIComponent(r.body_id as string)}/sitzungen/${r.id}`,
    visibility: 'public' as const,
    lang: 'de' as const,
    updatedAt: r.modified as Date,
  };
}

/** Writes every public paper and meeting into the site search (non-public ones never). */
export async function reindexCouncilSearch(kernel: Kernel): Promise<void> {
  for (const r of await allPublicPapers(kernel.db.pool)) await kernel.search.upsert(paperDoc(r));
  for (const r of await allPublicMeetings(kernel.db.pool)) await kernel.search.upsert(meetingDoc(r));
}

/** After a change: index the paper when it is public, else remove it from the search. */
export async function syncPaperSearch(kernel: Kernel, id: number): Promise<void> {
  const r = await publicPaperForIndex(kernel.db.pool, id);
  if (r) await kernel.search.upsert({ ...paperDoc(r), updatedAt: kernel.clock.now() });
  else await kernel.search.remove(SEARCH_SOURCE_PAPERS, String(id));
}

export async function syncMeetingSearch(kernel: Kernel, id: number): Promise<void> {
  const r = await publicMeetingForIndex(kernel.db.pool, id);
  if (r) await kernel.search.upsert({ ...meetingDoc(r), updatedAt: kernel.clock.now() });
  else await kernel.search.remove(SEARCH_SOURCE_MEETINGS, String(id));
}

export function registerCouncilSearch(kernel: Kernel): void {
  kernel.search.registerSource({
    name: SEARCH_SOURCE_PAPERS,
    label: 'council.search.papers',
    reindex: async (k) => {
      for (const r of await allPublicPapers(k.db.pool)) await k.search.upsert(paperDoc(r));
    },
  });
  kernel.search.registerSource({
    name: SEARCH_SOURCE_MEETINGS,
    label: 'council.search.meetings',
    reindex: async (k) => {
      for (const r of await allPublicMeetings(k.db.pool)) await k.search.upsert(meetingDoc(r));
    },
  });
}
