/**
 * The uploader's file name, made harmless for storage and Content-Disposition: no folders (some
 * browsers send "C:\\fakepath\\x.pdf"), no control or bidi-override characters, NFC, at most
 * 255 characters (keeping the extension). Returns null when nothing usable is left.
 */
export function cleanFileName(name: string | undefined | null): string | null {
  if (!name) return null;
  let n = name.normalize('NFC');
  n = n.slice(Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\')) + 1);
  n = n.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
  n = n.replace(/\s+/g, ' ').trim();
  if (!n || n === '.' || n === '..') return null;
  if (!n.isWellFormed()) n = n.toWellFormed();
  if (n.length > 255) {
    const dot = n.lastIndexOf('.');
    const ext = dot > 0 && n.length - dot <= 11 ? n.slice(dot) : '';
    n = n.slice(0, 255 - ext.length) + ext;
  }
  return n;
}

/** RFC 6266 Content-Disposition with an ASCII fallback and the UTF-8 name. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string | null): string {
  if (!name) return kind;
  const ascii =
    name
      .normalize('NFKD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["\\%]/g, '_') || 'download';
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
