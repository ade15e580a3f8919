import type { FastifyRequest } from 'fastify';
import { FileRejectedError, FileTooLargeError, NotMultipartError } from './errors.ts';
import type { FileStorage, StoredFile } from './storage.ts';

export interface SaveUploadOptions {
  /** Largest accepted file; capped by UPLOAD_LIMIT_BYTES. */
  maxBytes?: number;
  allowedTypes?: readonly string[];
  /** File fields to accept (others are refused with 400); all when omitted. */
  fileFields?: readonly string[];
  /** At most this many files in the whole request (default 10). */
  maxFiles?: number;
  tenantId?: string | null;
  ownerId?: string | null;
}

export interface UploadResult {
  /** Text fields, like the urlencoded parser makes them: repeated names become arrays. */
  fields: Record<string, string | string[]>;
  /** Stored files by field name. A file input left empty contributes nothing. */
  files: Record<string, StoredFile[]>;
}

class BadUploadError extends Error {
  readonly statusCode = 400;
  readonly code = 'OK_BAD_UPLOAD';
}

/**
 * Reads a multipart/form-data request: stores every file through `storage` (size, type and
 * checksum checked while streaming) and collects the text fields. On any rejection the files
 * already stored for this request are deleted and a FileRejectedError (413/415/422) is thrown;
 * a route that re-renders its form catches it and shows `files.error.<reason>` at `err.field`.
 * CSRF: multipart forms carry the token in the query string (the Form component does this).
 */
export async function saveUpload(
  request: FastifyRequest,
  storage: FileStorage,
  opts: SaveUploadOptions = {},
): Promise<UploadResult> {
  if (!request.isMultipart()) throw new NotMultipartError();
  const limit = Math.min(opts.maxBytes ?? storage.uploadLimitBytes, storage.uploadLimitBytes);
  const maxFiles = opts.maxFiles ?? 10;
  const fields = Object.create(null) as Record<string, string | string[]>;
  const files = Object.create(null) as Record<string, StoredFile[]>;
  const stored: StoredFile[] = [];
  try {
    // Busboy's own limit sits one byte above ours so that our check is the one that fires.
    for await (const part of request.parts({ limits: { fileSize: limit + 1, files: maxFiles } })) {
      if (part.type === 'field') {
        const value = typeof part.value === 'string' ? part.value : String(part.value);
        const prev = fields[part.fieldname];
        if (prev === undefined) fields[part.fieldname] = value;
        else if (Array.isArray(prev)) prev.push(value);
        else fields[part.fieldname] = [prev, value];
        continue;
      }
      if (opts.fileFields && !opts.fileFields.includes(part.fieldname)) {
        part.file.resume();
        throw new BadUploadError(`Unexpected file field ${part.fieldname}.`);
      }
      if (!part.filename) {
        // A file input left empty still sends an empty, unnamed part.
        part.file.resume();
        continue;
      }
      let file: StoredFile;
      try {
        file = await storage.put(part.file, {
          declaredName: part.filename,
          maxBytes: limit,
          allowedTypes: opts.allowedTypes,
          tenantId: opts.tenantId,
          ownerId: opts.ownerId,
        });
      } catch (err) {
        if (err instanceof FileRejectedError) err.field = part.fieldname;
        throw err;
      }
      stored.push(file);
      if (part.file.truncated) {
        const err = new FileTooLargeError(limit);
        err.field = part.fieldname;
        throw err;
      }
      (files[part.fieldname] ??= []).push(file);
    }
  } catch (err) {
    for (const f of stored) await storage.delete(f.id).catch(() => undefined);
    if ((err as { code?: unknown }).code === 'FST_REQ_FILE_TOO_LARGE') throw new FileTooLargeError(limit);
    throw err;
  }
  return { fields, files };
}
