import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { KernelDeps } from '../deps.ts';
import { FileNotFoundError } from './errors.ts';
import { createLocalStore } from './local-store.ts';
import { cleanFileName } from './names.ts';
import type { FileSource, ObjectStore, PutOptions } from './object-store.ts';
import { prepared } from '../db/prepared.ts';
import { createS3Store } from './s3-store.ts';

/** A stored file as modules see it. Refer to it by id. */
export interface StoredFile {
  id: string;
  key: string;
  size: number;
  sha256: string;
  mediaType: string;
  /** Cleaned uploader file name (for downloads), null when none was given. */
  originalName: string | null;
  tenantId: string | null;
  ownerId: string | null;
  createdAt: Date;
}

export interface PutFileOptions extends Partial<PutOptions> {
  tenantId?: string | null;
  ownerId?: string | null;
}

export interface FileStorage {
  readonly driver: 'local' | 's3';
  /** The object store underneath (keys, no metadata). */
  readonly objects: ObjectStore;
  /** UPLOAD_LIMIT_BYTES: the default and the ceiling for maxBytes of uploads. */
  readonly uploadLimitBytes: number;
  /** Stores content and records its metadata. maxBytes defaults to UPLOAD_LIMIT_BYTES. */
  put(source: FileSource, opts?: PutFileOptions): Promise<StoredFile>;
  /** Metadata, or null for an unknown (or malformed) id. */
  info(id: string): Promise<StoredFile | null>;
  /** Metadata and content; null for an unknown id. */
  open(id: string): Promise<{ file: StoredFile; stream: Readable } | null>;
  /** Removes metadata and content; false when there was nothing to remove. */
  delete(id: string): Promise<boolean>;
  close(): Promise<void>;
}

interface FileRow {
  id: string;
  storage_key: string;
  size: number | string;
  sha256: string;
  media_type: string;
  original_name: string | null;
  tenant_id: string | null;
  owner_id: string | null;
  created_at: Date;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toStoredFile(r: FileRow): StoredFile {
  return {
    id: r.id,
    key: r.storage_key,
    size: Number(r.size),
    sha256: r.sha256,
    mediaType: r.media_type,
    originalName: r.original_name,
    tenantId: r.tenant_id,
    ownerId: r.owner_id,
    createdAt: r.created_at,
  };
}

const INSERT_FILE = prepared(
  `insert into kernel.files (storage_key, driver, size, sha256, media_type, original_name, tenant_id, owner_id, created_at)
   values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
   returning id, storage_key, size, sha256, media_type, original_name, tenant_id, owner_id, created_at`,
);

export function createObjectStore(deps: KernelDeps): ObjectStore & { close?: () => void } {
  const c = deps.config;
  if (c.storageDriver === 's3') {
    if (!c.s3Bucket)
      throw new Error(
        'STORAGE_DRIVER=s3 needs S3_BUCKET (and usually S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY).',
      );
    return createS3Store({
      endpoint: c.s3Endpoint,
      bucket: c.s3Bucket,
      region: c.s3Region,
      accessKeyId: c.s3AccessKey,
      secretAccessKey: c.s3SecretKey,
      forcePathStyle: c.s3ForcePathStyle,
    });
  }
  return createLocalStore(join(c.dataDir, 'files'));
}

export function createFileStorageWith(
  deps: KernelDeps,
  objects: ObjectStore & { close?: () => void },
): FileStorage {
  const { db, clock, config, log } = deps;
  const select = `select id, storage_key, size, sha256, media_type, original_name, tenant_id, owner_id, created_at from kernel.files`;

  async function info(id: string): Promise<StoredFile | null> {
    if (!UUID_RE.test(id)) return null;
    const { rows } = await db.pool.query<FileRow>(`${select} where id = $1`, [id]);
    return rows[0] ? toStoredFile(rows[0]) : null;
  }

  return {
    driver: objects.driver,
    objects,
    uploadLimitBytes: config.uploadLimitBytes,
    async put(source, opts = {}) {
      if (opts.ownerId && !UUID_RE.test(opts.ownerId))
        throw new TypeError('ownerId must be an account id (uuid)');
      const put = await objects.put(source, {
        declaredName: opts.declaredName,
        maxBytes: opts.maxBytes ?? config.uploadLimitBytes,
        allowedTypes: opts.allowedTypes,
      });
      try {
        const { rows } = await db.pool.query<FileRow>({
          ...INSERT_FILE,
          values: [
            put.key,
            objects.driver,
            put.size,
            put.sha256,
            put.mediaType,
            cleanFileName(opts.declaredName),
            opts.tenantId ?? null,
            opts.ownerId ?? null,
            clock.now(),
          ],
        });
        return toStoredFile(rows[0]!);
      } catch (err) {
        await objects
          .delete(put.key)
          .catch((e: unknown) => log.warn({ err: e, key: put.key }, 'orphaned file content'));
        throw err;
      }
    },
    info,
    async open(id) {
      const file = await info(id);
      if (!file) return null;
      try {
        return { file, stream: await objects.get(file.key) };
      } catch (err) {
        if (err instanceof FileNotFoundError) {
          log.error({ fileId: id, key: file.key }, 'file metadata without content');
          return null;
        }
        throw err;
      }
    },
    async delete(id) {
      if (!UUID_RE.test(id)) return false;
      const { rows } = await db.pool.query<{ storage_key: string }>(
        `delete from kernel.files where id = $1 returning storage_key`,
        [id],
      );
      const key = rows[0]?.storage_key;
      if (!key) return false;
      await objects.delete(key).catch((e: unknown) => log.warn({ err: e, key }, 'file content not deleted'));
      return true;
    },
    close: async () => objects.close?.(),
  };
}

export function createFileStorage(deps: KernelDeps): FileStorage {
  return createFileStorageWith(deps, createObjectStore(deps));
}
