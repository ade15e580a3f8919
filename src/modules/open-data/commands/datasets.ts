/**
 * Writes to the catalogue: create, update, patch and delete datasets and their resources. Each
 * write is one transaction with a revision row (who, when, what changed) and an audit entry.
 * Expected failures are values: not allowed, not found, platform dataset (read-only), invalid.
 */
import { randomUUID } from 'node:crypto';
import { inTransaction } from '../../../kernel/db/database.ts';
import type { Principal } from '../../../kernel/auth/principal.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import {
  deleteResource,
  findDataset,
  insertDataset,
  insertResource,
  insertRevision,
  nameTaken,
  setDatasetState,
  touchDataset,
  updateDataset,
  updateResource,
} from '../db/datasets.queries.ts';
import type { DatasetInput, DatasetRecord, ResourceInput } from '../model.ts';
import { canEditTenant } from '../policies.ts';
import { indexDataset } from './site-search.ts';
import { validateDataset, type DatasetErrors, type RawDataset } from './validate.ts';

export type WriteFailure =
  | { ok: false; reason: 'forbidden' }
  | { ok: false; reason: 'notFound' }
  | { ok: false; reason: 'platform' }
  | { ok: false; reason: 'invalid'; errors: DatasetErrors };
export type WriteResult<T> = { ok: true; value: T } | WriteFailure;

export interface Writer {
  principal: Principal | null;
  requestId?: string;
}

function actorOf(w: Writer) {
  return { accountId: w.principal?.accountId ?? null, name: w.principal?.displayName ?? 'system' };
}

/** Field-level differences for the change history. */
export function diff(
  before: Partial<DatasetInput>,
  after: DatasetInput,
): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const k of Object.keys(after) as (keyof DatasetInput)[]) {
    const a = JSON.stringify(before[k] ?? null);
    const b = JSON.stringify(after[k] ?? null);
    if (a !== b) out[k] = { from: before[k] ?? null, to: after[k] ?? null };
  }
  return out;
}

export function toRaw(d: DatasetRecord): RawDataset {
  return {
    name: d.name,
    title: d.title,
    notes: d.notes,
    owner_org: d.tenantId,
    org_unit: d.orgUnitId ?? '',
    tags: d.keywords,
    groups: d.themes,
    temporal_start: d.temporalStart ?? '',
    temporal_end: d.temporalEnd ?? '',
    frequency: d.frequency ?? '',
    license_id: d.licenseId,
    attribution: d.attribution ?? '',
    maintainer: d.contactName ?? '',
    maintainer_email: d.contactEmail ?? '',
    url: d.landingPage ?? '',
  };
}

export function inputOf(d: DatasetRecord): DatasetInput {
  return {
    name: d.name,
    tenantId: d.tenantId,
    orgUnitId: d.orgUnitId,
    title: d.title,
    notes: d.notes,
    keywords: d.keywords,
    themes: d.themes,
    temporalStart: d.temporalStart,
    temporalEnd: d.temporalEnd,
    frequency: d.frequency,
    licenseId: d.licenseId,
    attribution: d.attribution,
    contactName: d.contactName,
    contactEmail: d.contactEmail,
    landingPage: d.landingPage,
  };
}

export async function createDataset(
  kernel: Kernel,
  w: Writer,
  raw: RawDataset,
  resources: ResourceInput[] = [],
): Promise<WriteResult<DatasetRecord>> {
  const v = await validateDataset(kernel.tenants, raw);
  if (!v.ok) {
    // Authorisation first when the organisation is known: an outsider learns nothing from errors.
    if (raw.owner_org && !v.errors.owner_org && !canEditTenant(w.principal, raw.owner_org.trim()))
      return { ok: false, reason: 'forbidden' };
    return { ok: false, reason: 'invalid', errors: v.errors };
  }
  if (!canEditTenant(w.principal, v.value.tenantId)) return { ok: false, reason: 'forbidden' };
  const id = randomUUID();
  const now = kernel.clock.now();
  const created = await inTransaction(kernel.db.pool, async (c, rollback) => {
    if (await nameTaken(c, v.value.name)) return rollback(null);
    await insertDataset(c, id, v.value, now);
    for (const r of resources) await insertResource(c, randomUUID(), id, r, now);
    await touchDataset(c, id, now);
    await insertRevision(c, id, now, actorOf(w), 'create', diff({}, v.value));
    await kernel.audit.record(
      {
        actorId: w.principal?.accountId ?? null,
        action: 'open-data.dataset.create',
        objectType: 'open-data.dataset',
        objectId: id,
        tenantId: v.value.tenantId,
        after: { name: v.value.name, title: v.value.title },
        requestId: w.requestId,
      },
      c,
    );
    return true;
  }).catch((err: unknown) => {
    if ((err as { code?: string }).code === '23505') return null; // concurrent create of the same name
    throw err;
  });
  if (!created) return { ok: false, reason: 'invalid', errors: { name: 'taken' } };
  await indexDataset(kernel, id);
  return { ok: true, value: (await findDataset(kernel.db.pool, id))! };
}

/**
 * Replaces the metadata (package_update / the edit form). `resources` given: the resource list
 * becomes exactly that (entries with an id keep their row, others are added).
 */
export async function updateDatasetMeta(
  kernel: Kernel,
  w: Writer,
  nameOrId: string,
  raw: RawDataset,
  resources?: (ResourceInput & { id?: string })[],
): Promise<WriteResult<DatasetRecord>> {
  const current = await findDataset(kernel.db.pool, nameOrId);
  if (!current) return { ok: false, reason: 'notFound' };
  if (current.platformKey) return { ok: false, reason: 'platform' };
  if (!canEditTenant(w.principal, current.tenantId)) return { ok: false, reason: 'forbidden' };
  const v = await validateDataset(kernel.tenants, raw);
  if (!v.ok) return { ok: false, reason: 'invalid', errors: v.errors };
  if (!canEditTenant(w.principal, v.value.tenantId)) return { ok: false, reason: 'forbidden' };
  const now = kernel.clock.now();
  const result = await inTransaction(kernel.db.pool, async (c, rollback) => {
    const locked = await findDataset(c, current.id, { forUpdate: true });
    if (!locked) return rollback('notFound' as const);
    if (await nameTaken(c, v.value.name, current.id)) return rollback('taken' as const);
    const changes: Record<string, unknown> = diff(inputOf(locked), v.value);
    await updateDataset(c, current.id, v.value, now);
    if (resources) {
      const keep = new Set(resources.filter((r) => r.id).map((r) => r.id!));
      for (const old of locked.resources) if (!keep.has(old.id)) await deleteResource(c, old.id);
      for (const r of resources) {
        if (r.id && locked.resources.some((o) => o.id === r.id)) await updateResource(c, r.id, r, now);
        else await insertResource(c, randomUUID(), current.id, r, now);
      }
      changes.resources = { count: resources.length };
    }
    await touchDataset(c, current.id, now);
    await insertRevision(c, current.id, now, actorOf(w), 'update', changes);
    await kernel.audit.record(
      {
        actorId: w.principal?.accountId ?? null,
        action: 'open-data.dataset.update',
        objectType: 'open-data.dataset',
        objectId: current.id,
        tenantId: v.value.tenantId,
        after: { fields: Object.keys(changes) },
        requestId: w.requestId,
      },
      c,
    );
    return 'ok' as const;
  });
  if (result === 'notFound') return { ok: false, reason: 'notFound' };
  if (result === 'taken') return { ok: false, reason: 'invalid', errors: { name: 'taken' } };
  await indexDataset(kernel, current.id);
  return { ok: true, value: (await findDataset(kernel.db.pool, current.id))! };
}

export async function deleteDataset(kernel: Kernel, w: Writer, nameOrId: string): Promise<WriteResult<null>> {
  const current = await findDataset(kernel.db.pool, nameOrId);
  if (!current) return { ok: false, reason: 'notFound' };
  if (current.platformKey) return { ok: false, reason: 'platform' };
  if (!canEditTenant(w.principal, current.tenantId)) return { ok: false, reason: 'forbidden' };
  const now = kernel.clock.now();
  await inTransaction(kernel.db.pool, async (c) => {
    await setDatasetState(c, current.id, 'deleted', now);
    await insertRevision(c, current.id, now, actorOf(w), 'delete', {});
    await kernel.audit.record(
      {
        actorId: w.principal?.accountId ?? null,
        action: 'open-data.dataset.delete',
        objectType: 'open-data.dataset',
        objectId: current.id,
        tenantId: current.tenantId,
        requestId: w.requestId,
      },
      c,
    );
  });
  await indexDataset(kernel, current.id);
  return { ok: true, value: null };
}

export async function addResource(
  kernel: Kernel,
  w: Writer,
  nameOrId: string,
  r: ResourceInput,
): Promise<WriteResult<{ dataset: DatasetRecord; resourceId: string }>> {
  const current = await findDataset(kernel.db.pool, nameOrId);
  if (!current) return { ok: false, reason: 'notFound' };
  if (current.platformKey) return { ok: false, reason: 'platform' };
  if (!canEditTenant(w.principal, current.tenantId)) return { ok: false, reason: 'forbidden' };
  const now = kernel.clock.now();
  const rid = randomUUID();
  await inTransaction(kernel.db.pool, async (c) => {
    await insertResource(c, rid, current.id, r, now);
    await touchDataset(c, current.id, now);
    await insertRevision(c, current.id, now, actorOf(w), 'resource.create', {
      resource: r.name,
      format: r.format,
    });
  });
  return { ok: true, value: { dataset: (await findDataset(kernel.db.pool, current.id))!, resourceId: rid } };
}

export async function changeResource(
  kernel: Kernel,
  w: Writer,
  datasetId: string,
  resourceId: string,
  r: ResourceInput | null,
): Promise<WriteResult<DatasetRecord>> {
  const current = await findDataset(kernel.db.pool, datasetId);
  if (!current || !current.resources.some((x) => x.id === resourceId))
    return { ok: false, reason: 'notFound' };
  if (current.platformKey) return { ok: false, reason: 'platform' };
  if (!canEditTenant(w.principal, current.tenantId)) return { ok: false, reason: 'forbidden' };
  const now = kernel.clock.now();
  await inTransaction(kernel.db.pool, async (c) => {
    if (r) await updateResource(c, resourceId, r, now);
    else await deleteResource(c, resourceId);
    await touchDataset(c, current.id, now);
    await insertRevision(c, current.id, now, actorOf(w), r ? 'resource.update' : 'resource.delete', {
      resource: resourceId,
    });
  });
  return { ok: true, value: (await findDataset(kernel.db.pool, current.id))! };
}
