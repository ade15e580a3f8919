import type { FastifyReply } from 'fastify';
import { contentDisposition } from './names.ts';
import type { FileStorage } from './storage.ts';

/** Types a browser may show inline without running anything from the file. */
const INLINE_SAFE = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'application/pdf',
  'text/plain',
  'text/csv',
]);

/**
 * Streams a stored file as the response. Anything that could carry active content is sent as
 * an attachment, and a sandboxing CSP applies either way. Returns false (nothing sent) when the
 * id is unknown, so the route can answer 404 its own way. Authorisation is the route's job.
 */
export async function sendStoredFile(
  reply: FastifyReply,
  storage: FileStorage,
  id: string,
  opts: { download?: boolean; name?: string } = {},
): Promise<boolean> {
  const found = await storage.open(id);
  if (!found) return false;
  const { file, stream } = found;
  const inline = !opts.download && INLINE_SAFE.has(file.mediaType);
  const type = file.mediaType.startsWith('text/') ? `${file.mediaType}; charset=utf-8` : file.mediaType;
  void reply
    .type(type)
    .header('content-length', String(file.size))
    .header(
      'content-disposition',
      contentDisposition(inline ? 'inline' : 'attachment', opts.name ?? file.originalName),
    )
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('x-content-type-options', 'nosniff')
    .header('etag', `"${file.sha256}"`)
    .header('cache-control', 'private, max-age=0, must-revalidate')
    .send(stream);
  return true;
}
