import type { FastifyRequest } from 'fastify';
import type { Kernel } from '../../kernel/kernel.ts';
import type { Lang, Translate } from '../../kernel/i18n/index.ts';
import {
  FileRejectedError,
  fileErrorMessage,
  formatBytes,
  type StoredFile,
} from '../../kernel/files/index.ts';
import { readApplicationsConfig } from './config.ts';
import type { FileRef } from './engine/conditions.ts';
import type { FieldDef } from './engine/definition.ts';
import type { FieldErrors, Raw } from './engine/fields.ts';
import { scanStream } from './scan/clamav.ts';

/** A storage failure while reading parts (not the client's fault): passed on as it is. */
class StorageError extends Error {
  constructor(override readonly cause: unknown) {
    super('storage failed');
  }
}

class BadMultipartError extends Error {
  readonly statusCode = 400;
  readonly code = 'OK_BAD_MULTIPART';
}

export function accepts(accept: string[] | undefined, mediaType: string): boolean {
  if (!accept?.length) return false;
  return accept.some((a) => a === mediaType || (a.endsWith('/*') && mediaType.startsWith(a.slice(0, -1))));
}

/**
 * Reads a multipart step: text fields and files. Unlike the kernel's saveUpload (which stops at the
 * first refused file), it keeps reading, so the text typed next to a refused file is not lost and
 * each file field gets its own message. Storage is the kernel's (content sniffing, size limit while
 * streaming, SHA-256). Then per field: allowed types, size, count, the application's total, and the
 * virus scan. Refused files are deleted again.
 */
export async function readStepUpload(
  kernel: Kernel,
  req: FastifyRequest,
  p: {
    fileFields: FieldDef[];
    existing: Record<string, FileRef[]>;
    maxTotal: number;
    ownerId: string | null;
    t: Translate;
    lang: Lang;
  },
): Promise<{ raw: Raw; added: Record<string, FileRef[]>; errors: FieldErrors }> {
  const raw = Object.create(null) as Raw;
  const added: Record<string, FileRef[]> = {};
  const errors: FieldErrors = {};
  const byName = new Map(p.fileFields.map((f) => [f.name, f]));
  const ceiling = kernel.files.uploadLimitBytes;
  const stored: { field: FieldDef; file: StoredFile }[] = [];
  let parts = 0;
  try {
    for await (const part of req.parts({ limits: { fileSize: ceiling + 1, files: 20, fields: 1000 } })) {
      if (++parts > 1200) break;
      if (part.type === 'field') {
        const value = typeof part.value === 'string' ? part.value : String(part.value);
        const prev = raw[part.fieldname];
        if (prev === undefined) raw[part.fieldname] = value;
        else if (Array.isArray(prev)) prev.push(value);
        else raw[part.fieldname] = [prev, value];
        continue;
      }
      const field = byName.get(part.fieldname);
      if (!field || !part.filename) {
        part.file.resume();
        continue;
      }
      if (errors[field.name]) {
        part.file.resume();
        continue;
      }
      const limit = Math.min(field.maxBytes ?? ceiling, ceiling);
      try {
        const file = await kernel.files.put(part.file, {
          declaredName: part.filename,
          maxBytes: limit,
          allowedTypes: field.accept,
          ownerId: p.ownerId,
        });
        if (part.file.truncated) {
          await kernel.files.delete(file.id);
          errors[field.name] = p.t('files.error.too_large', { limit: formatBytes(limit, p.lang) });
          continue;
        }
        stored.push({ field, file });
      } catch (err) {
        part.file.resume();
        if (err instanceof FileRejectedError) {
          errors[field.name] =
            err.reason === 'type_not_allowed'
              ? p.t('applications.v.file.type', { label: field.label.de })
              : fileErrorMessage(p.t, p.lang, err);
          continue;
        }
        for (const s of stored) await kernel.files.delete(s.file.id).catch(() => undefined);
        throw new StorageError(err);
      }
    }
  } catch (err) {
    if (err instanceof StorageError) throw err.cause;
    // A broken body (cut off, malformed part headers, too many parts) is the client's error.
    for (const s of stored) await kernel.files.delete(s.file.id).catch(() => undefined);
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status < 500) throw err;
    throw new BadMultipartError((err as Error).message);
  }
  // Per-field and per-application limits, then the virus scan.
  const cfg = readApplicationsConfig(kernel.fullConfig);
  let total = Object.values(p.existing)
    .flat()
    .reduce((s, f) => s + f.size, 0);
  for (const { field, file } of stored) {
    const refuse = async (message: string) => {
      errors[field.name] ??= message;
      await kernel.files.delete(file.id).catch(() => undefined);
    };
    if (errors[field.name]) {
      await refuse(errors[field.name]!);
      continue;
    }
    const count = (p.existing[field.name]?.length ?? 0) + (added[field.name]?.length ?? 0);
    if (field.maxFiles !== undefined && count >= field.maxFiles) {
      await refuse(p.t('applications.v.file.tooMany', { label: field.label.de, max: field.maxFiles }));
      continue;
    }
    if (total + file.size > p.maxTotal) {
      await refuse(p.t('applications.v.file.total', { limit: formatBytes(p.maxTotal, p.lang) }));
      continue;
    }
    if (cfg.clamavHost) {
      const opened = await kernel.files.open(file.id);
      const result = opened
        ? await scanStream(opened.stream, {
            host: cfg.clamavHost,
            port: cfg.clamavPort,
            timeoutMs: cfg.clamavTimeoutMs,
          })
        : ({ status: 'unavailable', reason: 'file vanished' } as const);
      if (result.status === 'infected') {
        kernel.log.warn({ fileId: file.id, signature: result.signature }, 'infected upload refused');
        await refuse(p.t('applications.v.file.infected', { name: file.originalName ?? '' }));
        continue;
      }
      if (result.status === 'unavailable') {
        kernel.log.error({ reason: result.reason }, 'virus scanner unavailable: upload refused');
        await refuse(p.t('applications.v.file.scanUnavailable'));
        continue;
      }
    }
    total += file.size;
    (added[field.name] ??= []).push({
      fileId: file.id,
      filename: file.originalName ?? 'datei',
      mediaType: file.mediaType,
      size: file.size,
      sha256: file.sha256,
    });
  }
  return { raw, added, errors };
}
