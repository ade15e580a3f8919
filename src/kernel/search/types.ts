import type { Lang } from '../i18n/index.ts';

export type Visibility = 'public' | 'staff';

/** What a module puts into the index. (source, id) identifies the document. */
export interface SearchDocument {
  /** The feeding module or kernel part, e.g. "services", "tenants". */
  source: string;
  /** Unique within the source. */
  id: string;
  /** The tenant it belongs to; null for platform-wide documents. */
  tenantId: string | null;
  title: string;
  summary: string;
  body?: string;
  /** Same-site path (preferred) or absolute http(s) URL of the page showing the document. */
  url: string;
  /** 'staff' documents are found only by staff (of that tenant, unless platform admins). */
  visibility: Visibility;
  lang: Lang;
  updatedAt: Date;
}

export interface SearchQuery {
  /** The user's text as typed (checked with parseSearchText first). */
  q: string;
  tenantId?: string;
  source?: string | readonly string[];
  /** 'public': public documents only; 'staff': also staff documents (see staffTenantIds). */
  visibility: Visibility;
  /** With visibility 'staff': tenants whose staff documents may be shown ('all' by default). */
  staffTenantIds?: readonly string[] | 'all';
  limit: number;
  offset: number;
}

export interface SearchHit {
  source: string;
  id: string;
  tenantId: string | null;
  title: string;
  summary: string;
  url: string;
  visibility: Visibility;
  lang: Lang;
  updatedAt: Date;
  /** Safe HTML: escaped text in which the matched words are wrapped in <mark>. */
  snippet: string;
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
}

/** A source that can write all its documents again (for rebuilds). */
export interface SearchSource<K = unknown> {
  name: string;
  /** i18n key of the label shown with hits of this source. */
  label?: string;
  /** Upserts every current document of the source (through kernel.search.upsert). */
  reindex(kernel: K): Promise<void>;
}
