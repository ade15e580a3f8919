import { extname } from 'node:path';
import { supportedExtensions, type FileTypeResult } from 'file-type';
import { FileTypeMismatchError, FileTypeNotAllowedError } from './errors.ts';

/** Media types for text content (no magic bytes); the declared extension picks the subtype. */
const TEXT_TYPES: Record<string, string> = {
  txt: 'text/plain',
  text: 'text/plain',
  log: 'text/plain',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  json: 'application/json',
  geojson: 'application/geo+json',
  md: 'text/markdown',
  xml: 'application/xml',
  ics: 'text/calendar',
  vcf: 'text/vcard',
};

/** Spellings of one format: mapped to the extension file-type reports. */
const ALIASES: Record<string, string> = {
  jpeg: 'jpg',
  jpe: 'jpg',
  jfif: 'jpg',
  tiff: 'tif',
  ical: 'ics',
  ifb: 'ics',
  mpeg: 'mpg',
  midi: 'mid',
  htm: 'html',
};

export const OCTET_STREAM = 'application/octet-stream';

/** The declared extension in lower case without the dot ("" when there is none). */
export function declaredExtension(name: string | undefined): string {
  if (!name) return '';
  const ext = extname(name).slice(1).toLowerCase();
  return /^[a-z0-9]{1,10}$/.test(ext) ? ext : '';
}

function canonical(ext: string): string {
  return ALIASES[ext] ?? ext;
}

/**
 * Decides the media type from what the content is. The name only refines text (txt vs csv) and
 * is checked against the content: a name claiming another format than the bytes is refused.
 */
export function decideMediaType(input: {
  detected: FileTypeResult | undefined;
  isText: boolean;
  declaredName?: string;
}): string {
  const ext = declaredExtension(input.declaredName);
  const { detected, isText } = input;
  if (detected) {
    if (ext && canonical(ext) !== canonical(detected.ext))
      throw new FileTypeMismatchError(ext, detected.mime);
    return detected.mime;
  }
  if (isText) {
    if (!ext) return 'text/plain';
    const type = TEXT_TYPES[ext];
    if (!type) throw new FileTypeMismatchError(ext, 'text/plain');
    return type;
  }
  // Unknown binary: refuse only when the name claims a format we would have recognised.
  if (ext && (supportedExtensions.has(canonical(ext)) || ext in TEXT_TYPES)) {
    throw new FileTypeMismatchError(ext, OCTET_STREAM);
  }
  return OCTET_STREAM;
}

/** allowedTypes entries are exact media types or "type/*". */
export function assertAllowed(mediaType: string, allowedTypes: readonly string[] | undefined): void {
  if (!allowedTypes) return;
  const ok = allowedTypes.some(
    (a) => a === mediaType || (a.endsWith('/*') && mediaType.startsWith(a.slice(0, -1))),
  );
  if (!ok) throw new FileTypeNotAllowedError(mediaType);
}
