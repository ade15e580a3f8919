/** The module's domain types (rows are mapped to these in db/; presenters turn them into output). */
export interface ResourceRecord {
  id: string;
  datasetId: string;
  position: number;
  name: string;
  description: string;
  /** External URL (not fetched by the server). */
  url: string | null;
  /** Uploaded file (kernel.files id). */
  fileId: string | null;
  /** Key of a platform distribution rendered on demand. */
  platformDistribution: string | null;
  format: string;
  mediaType: string | null;
  byteSize: number | null;
  /** SHA-256 hex. */
  checksum: string | null;
  createdAt: Date;
  modifiedAt: Date;
}

export interface DatasetRecord {
  id: string;
  name: string;
  tenantId: string;
  orgUnitId: string | null;
  title: string;
  notes: string;
  keywords: string[];
  themes: string[];
  formats: string[];
  temporalStart: string | null;
  temporalEnd: string | null;
  frequency: string | null;
  licenseId: string;
  attribution: string | null;
  contactName: string | null;
  contactEmail: string | null;
  landingPage: string | null;
  platformKey: string | null;
  platformVersion: string | null;
  state: 'active' | 'deleted';
  issued: Date;
  createdAt: Date;
  modifiedAt: Date;
  resources: ResourceRecord[];
}

/** The editable metadata of a dataset (forms, CSV import, CKAN create/update). */
export interface DatasetInput {
  name: string;
  tenantId: string;
  orgUnitId: string | null;
  title: string;
  notes: string;
  keywords: string[];
  themes: string[];
  temporalStart: string | null;
  temporalEnd: string | null;
  frequency: string | null;
  licenseId: string;
  attribution: string | null;
  contactName: string | null;
  contactEmail: string | null;
  landingPage: string | null;
}

export interface ResourceInput {
  name: string;
  description: string;
  url: string | null;
  fileId: string | null;
  platformDistribution?: string | null;
  format: string;
  mediaType: string | null;
  byteSize: number | null;
  checksum: string | null;
}

export type Result<T, R extends string = string> =
  { ok: true; value: T } | { ok: false; reason: R; errors?: Record<string, string> };

export interface Actor {
  accountId: string | null;
  name: string;
}
