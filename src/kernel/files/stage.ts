import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform, Writable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileTypeFromBuffer, fileTypeFromFile, type FileTypeResult } from 'file-type';
import { assertAllowed, decideMediaType } from './detect.ts';
import { EmptyFileError, FileTooLargeError } from './errors.ts';

export type FileSource = Readable | NodeJS.ReadableStream | Uint8Array;

export interface StageOptions {
  /** File name as given by the uploader; used only to check it against the content. */
  declaredName?: string;
  maxBytes: number;
  /** Media types (or "type/*") accepted; any type when omitted. */
  allowedTypes?: readonly string[];
}

export interface StagedFile {
  /** Temporary file holding the complete, checked content. */
  path: string;
  size: number;
  sha256: string;
  mediaType: string;
}

/** How much of the start of a file is kept in memory for sniffing its type. */
const HEAD_BYTES = 64 * 1024;
/**
 * Formats whose magic bytes at the start decide them completely. Anything else (containers such
 * as ZIP-based office files, TIFF with its camera-raw relatives, or no match) is sniffed again
 * from the whole file on disk.
 */
const DECIDED_BY_HEAD = new Set(['pdf', 'png', 'jpg', 'gif', 'webp', 'bmp']);

/** Counts, hashes and checks for text while the bytes pass; aborts as soon as the limit is passed. */
class Meter extends Transform {
  size = 0;
  readonly hash = createHash('sha256');
  isText = true;
  private readonly headChunks: Buffer[] = [];
  private headSize = 0;
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      cb(new FileTooLargeError(this.maxBytes));
      return;
    }
    this.hash.update(chunk);
    if (this.headSize < HEAD_BYTES) {
      const part = chunk.subarray(0, HEAD_BYTES - this.headSize);
      this.headChunks.push(part);
      this.headSize += part.length;
    }
    if (this.isText) {
      if (chunk.includes(0)) this.isText = false;
      else {
        try {
          this.utf8.decode(chunk, { stream: true });
        } catch {
          this.isText = false;
        }
      }
    }
    cb(null, chunk);
  }

  /** The first HEAD_BYTES of the content (all of it for a small file). */
  head(): Buffer {
    return Buffer.concat(this.headChunks, this.headSize);
  }

  /** Call after the stream ended: a truncated UTF-8 sequence at the end makes it binary. */
  finishText(): boolean {
    if (this.isText) {
      try {
        this.utf8.decode();
      } catch {
        this.isText = false;
      }
    }
    return this.isText;
  }
}

/** Up to this size a file is collected in memory and written with one call. */
const IN_MEMORY_BYTES = 256 * 1024;

/**
 * The temporary file. A small file (the usual attachment) is kept in memory and written in one
 * synchronous call at the end: a few syscalls instead of an open, writes and a close on the
 * thread pool, each a wake-up of another thread. A larger one spills to the file as it streams.
 */
class SpillFile extends Writable {
  private chunks: Buffer[] = [];
  private held = 0;
  private handle: FileHandle | null = null;

  constructor(private readonly path: string) {
    super();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (!this.handle && this.held + chunk.length <= IN_MEMORY_BYTES) {
      this.chunks.push(chunk);
      this.held += chunk.length;
      cb();
      return;
    }
    void this.spill(chunk).then(() => cb(), cb);
  }

  private async spill(chunk: Buffer): Promise<void> {
    if (!this.handle) {
      this.handle = await open(this.path, 'wx', 0o600);
      const held = Buffer.concat(this.chunks, this.held);
      this.chunks = [];
      await this.handle.write(held);
    }
    await this.handle.write(chunk);
  }

  override _final(cb: (err?: Error | null) => void): void {
    if (this.handle) {
      void this.handle.close().then(() => cb(), cb);
      return;
    }
    try {
      writeFileSync(this.path, Buffer.concat(this.chunks, this.held), { flag: 'wx', mode: 0o600 });
      this.chunks = [];
      cb();
    } catch (err) {
      cb(err as Error);
    }
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.chunks = [];
    const h = this.handle;
    this.handle = null;
    if (!h) {
      cb(err);
      return;
    }
    void h.close().then(
      () => cb(err),
      () => cb(err),
    );
  }
}

function toReadable(source: FileSource): Readable {
  if (source instanceof Uint8Array)
    return Readable.from([Buffer.from(source.buffer, source.byteOffset, source.byteLength)]);
  if (source instanceof Readable) return source;
  return Readable.from(source as AsyncIterable<Buffer>);
}

function isMultipartLimit(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'FST_REQ_FILE_TOO_LARGE';
}

/**
 * Streams the source into a temporary file in tmpDir while enforcing the size limit, hashing and
 * checking the content type. On any failure the temporary file is gone before this rejects.
 */
/** The type from the bytes kept in memory when they decide it; else from the file on disk. */
async function sniff(meter: Meter, path: string): Promise<FileTypeResult | undefined> {
  const fromHead = await fileTypeFromBuffer(meter.head());
  if (meter.size <= HEAD_BYTES || (fromHead && DECIDED_BY_HEAD.has(fromHead.ext))) return fromHead;
  return fileTypeFromFile(path);
}

/** Directories known to exist (a mkdir per upload is a measurable cost under load). */
const madeDirs = new Set<string>();

export async function ensureDir(dir: string, opts: { recheck?: boolean } = {}): Promise<void> {
  if (madeDirs.has(dir) && !opts.recheck) return;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  madeDirs.add(dir);
}

export async function stageFile(source: FileSource, tmpDir: string, opts: StageOptions): Promise<StagedFile> {
  await ensureDir(tmpDir);
  const path = join(tmpDir, `${randomBytes(16).toString('hex')}.part`);
  const meter = new Meter(opts.maxBytes);
  try {
    await pipeline(toReadable(source), meter, new SpillFile(path));
    if (meter.size === 0) throw new EmptyFileError();
    const isText = meter.finishText();
    const detected = await sniff(meter, path);
    const mediaType = decideMediaType({ detected, isText, declaredName: opts.declaredName });
    assertAllowed(mediaType, opts.allowedTypes);
    return { path, size: meter.size, sha256: meter.hash.digest('hex'), mediaType };
  } catch (err) {
    await rm(path, { force: true });
    if (isMultipartLimit(err)) throw new FileTooLargeError(opts.maxBytes);
    throw err;
  }
}
