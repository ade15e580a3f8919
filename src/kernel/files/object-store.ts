import type { Readable } from 'node:stream';
import type { FileSource } from './stage.ts';

export type { FileSource } from './stage.ts';

export interface PutOptions {
  /** File name as given by the uploader; checked against the content, never trusted for the type. */
  declaredName?: string;
  /** Largest accepted size in bytes; the write is aborted and cleaned up beyond it. */
  maxBytes: number;
  /** Accepted media types ("application/pdf", "image/*"); any type when omitted. */
  allowedTypes?: readonly string[];
}

export interface PutResult {
  key: string;
  size: number;
  /** Hex SHA-256 of the content, computed while streaming. */
  sha256: string;
  /** Detected from the content. */
  mediaType: string;
}

/** A place for immutable blobs addressed by keys this store issues. */
export interface ObjectStore {
  readonly driver: 'local' | 's3';
  /**
   * Stores the content under a new key. Rejects with FileTooLargeError, EmptyFileError,
   * FileTypeNotAllowedError or FileTypeMismatchError; nothing is left behind then.
   */
  put(source: FileSource, opts: PutOptions): Promise<PutResult>;
  /** The content as a stream; FileNotFoundError when the key does not exist. */
  get(key: string): Promise<Readable>;
  /** Idempotent. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}
