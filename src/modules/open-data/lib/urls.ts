import type { DatasetRecord, ResourceRecord } from '../model.ts';

export const base = (baseUrl: string) => baseUrl.replace(/\/+$/, '');
export const datasetPath = (name: string) => `/daten/datensatz/${encodeURIComponent(name)}`;
/** Stable dataset URI (by id, survives renames); dereferences to the dataset page. */
export const datasetUri = (baseUrl: string, id: string) => `${base(baseUrl)}/daten/id/${id}`;
export const distributionUri = (baseUrl: string, datasetId: string, resourceId: string) =>
  `${datasetUri(baseUrl, datasetId)}/distribution/${resourceId}`;
export const orgUri = (baseUrl: string, tenantId: string) =>
  `${base(baseUrl)}/daten/organisationen/${tenantId}`;
export const catalogUri = (baseUrl: string) => `${base(baseUrl)}/daten/katalog`;

/** Where the bytes of a resource are: our download route, the platform renderer, or the external URL. */
export function resourceUrl(baseUrl: string, d: DatasetRecord, r: ResourceRecord): string {
  if (r.platformDistribution && d.platformKey)
    return `${base(baseUrl)}/daten/plattform/${d.platformKey}/${r.platformDistribution}`;
  if (r.fileId) return `${base(baseUrl)}${datasetPath(d.name)}/ressource/${r.id}/download`;
  return r.url ?? '';
}
