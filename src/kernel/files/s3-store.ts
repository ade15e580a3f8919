import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { FileNotFoundError } from './errors.ts';
import { assertKey, newKey } from './keys.ts';
import type { ObjectStore, PutOptions, PutResult } from './object-store.ts';
import { stageFile, type FileSource } from './stage.ts';

export interface S3StoreOptions {
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Path-style URLs (endpoint/bucket/key), as MinIO and most self-hosted stores need. */
  forcePathStyle: boolean;
  /** Where uploads are checked before they go to the bucket (default: the OS temp folder). */
  stagingDir?: string;
}

export interface S3Store extends ObjectStore {
  close(): void;
}

function httpStatus(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

function isMissing(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  return name === 'NoSuchKey' || name === 'NotFound' || httpStatus(err) === 404;
}

/**
 * Files in an S3-compatible bucket. Uploads are staged to a local temp file first: the size
 * limit, type check and SHA-256 need the whole content before anything reaches the bucket, and a
 * known length lets the object be sent with one plain PUT carrying its SHA-256 for the server to
 * verify.
 */
export function createS3Store(opts: S3StoreOptions): S3Store {
  const client = new S3Client({
    endpoint: opts.endpoint,
    region: opts.region,
    forcePathStyle: opts.forcePathStyle,
    credentials:
      opts.accessKeyId && opts.secretAccessKey
        ? { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey }
        : undefined,
    // Only send/verify checksums the API requires: S3-compatible servers differ in what else they accept.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const bucket = opts.bucket;
  const stagingDir = opts.stagingDir ?? join(tmpdir(), 'openkreis-staging');

  return {
    driver: 's3',
    async put(source: FileSource, putOpts: PutOptions): Promise<PutResult> {
      const staged = await stageFile(source, stagingDir, putOpts);
      const key = newKey();
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: createReadStream(staged.path),
            ContentLength: staged.size,
            ContentType: staged.mediaType,
            ChecksumSHA256: Buffer.from(staged.sha256, 'hex').toString('base64'),
          }),
        );
      } finally {
        await rm(staged.path, { force: true });
      }
      return { key, size: staged.size, sha256: staged.sha256, mediaType: staged.mediaType };
    },
    async get(key: string): Promise<Readable> {
      assertKey(key);
      try {
        const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (!res.Body) throw new FileNotFoundError(key);
        return res.Body as Readable;
      } catch (err) {
        if (isMissing(err)) throw new FileNotFoundError(key);
        throw err;
      }
    },
    async delete(key: string): Promise<void> {
      assertKey(key);
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    async exists(key: string): Promise<boolean> {
      assertKey(key);
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return true;
      } catch (err) {
        if (isMissing(err)) return false;
        throw err;
      }
    },
    close: () => client.destroy(),
  };
}
