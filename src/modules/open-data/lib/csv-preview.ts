/**
 * CSV preview: reads only the first rows of a stream (stops reading early), decodes UTF-8 or —
 * when the bytes are not valid UTF-8 — Windows-1252/Latin-1, detects the delimiter
 * (; , tab |) and recognises German number formats (1.234,56) for sorting.
 */
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';

export interface CsvPreview {
  header: string[];
  rows: string[][];
  delimiter: string;
  encoding: 'utf-8' | 'windows-1252';
  /** True when the file has more rows than shown. */
  truncated: boolean;
  /** Columns whose non-empty cells are all numbers. */
  numeric: boolean[];
}

/** Reads at most `maxBytes` and stops once `lines` line breaks were seen; destroys the stream. */
export async function readHead(
  stream: Readable,
  lines: number,
  maxBytes = 1_000_000,
): Promise<{ bytes: Buffer; complete: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let seen = 0;
  let complete = true;
  for await (const chunk of stream) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    chunks.push(b);
    size += b.length;
    for (const byte of b) if (byte === 0x0a) seen++;
    if (seen > lines || size >= maxBytes) {
      complete = false;
      break;
    }
  }
  stream.destroy();
  return { bytes: Buffer.concat(chunks), complete };
}

export function decode(bytes: Buffer): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  let b = bytes;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
  try {
    // A multi-byte character may be cut at the end of a partial read: decode whole lines only.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(b), encoding: 'utf-8' };
  } catch {
    const lastNl = b.lastIndexOf(0x0a);
    if (lastNl > 0) {
      try {
        return {
          text: new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(0, lastNl + 1)),
          encoding: 'utf-8',
        };
      } catch {
        /* not UTF-8 */
      }
    }
    return { text: new TextDecoder('windows-1252').decode(b), encoding: 'windows-1252' };
  }
}

export function detectDelimiter(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .slice(0, 20);
  let best = ',';
  let bestScore = -1;
  for (const d of [';', ',', '\t', '|']) {
    const counts = lines.map((l) => {
      let n = 0;
      let q = false;
      for (const ch of l) {
        if (ch === '"') q = !q;
        else if (ch === d && !q) n++;
      }
      return n;
    });
    if (!counts.length || counts[0] === 0) continue;
    const consistent = counts.filter((c) => c === counts[0]).length;
    const score = consistent * 100 + counts[0]!;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

const GERMAN = /^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+(,\d+)?$/;
const ENGLISH = /^-?\d+(\.\d+)?$/;

/** A cell as a number (German 1.234,56 or plain 1234.5), or null. */
export function parseNumber(cell: string, german = true): number | null {
  const s = cell.trim().replace(/\s?(%|€|EUR)$/, '');
  if (!s) return null;
  if (german && GERMAN.test(s)) return Number(s.replace(/\./g, '').replace(',', '.'));
  if (ENGLISH.test(s)) return Number(s);
  return null;
}

export class CsvPreviewError extends Error {}

export function previewText(
  text: string,
  maxRows: number,
  complete: boolean,
  encoding: CsvPreview['encoding'],
): CsvPreview {
  let body = text;
  if (!complete) {
    const cut = body.lastIndexOf('\n');
    if (cut > 0) body = body.slice(0, cut);
  }
  const delimiter = detectDelimiter(body);
  let records: string[][];
  try {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- csv-parse's overloads
    records = parse(body, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      to: maxRows + 1,
    }) as string[][];
  } catch (err) {
    throw new CsvPreviewError((err as Error).message);
  }
  if (!records.length) throw new CsvPreviewError('empty');
  const header = records[0]!.map((h, i) => h.trim() || `Spalte ${i + 1}`);
  const rows = records.slice(1, maxRows + 1).map((r) => header.map((_, i) => r[i] ?? ''));
  const german = delimiter !== ',' || !rows.some((r) => r.some((c) => /^\d+\.\d+$/.test(c.trim())));
  const numeric = header.map((_, i) => {
    const cells = rows.map((r) => r[i]!).filter((c) => c.trim());
    return cells.length > 0 && cells.every((c) => parseNumber(c, german) !== null);
  });
  return { header, rows, delimiter, encoding, truncated: !complete || records.length > maxRows + 1, numeric };
}

export async function previewCsv(stream: Readable, maxRows: number): Promise<CsvPreview> {
  const { bytes, complete } = await readHead(stream, maxRows + 1);
  const { text, encoding } = decode(bytes);
  return previewText(text, maxRows, complete, encoding);
}

/** Sorts preview rows by a column, numerically when the column is numeric. */
export function sortRows(p: CsvPreview, col: number, dir: 'asc' | 'desc'): string[][] {
  const german = p.delimiter !== ',';
  const num = p.numeric[col];
  const rows = [...p.rows];
  rows.sort((a, b) => {
    const x = a[col] ?? '';
    const y = b[col] ?? '';
    const c = num
      ? (parseNumber(x, german) ?? -Infinity) - (parseNumber(y, german) ?? -Infinity)
      : x.localeCompare(y, 'de');
    return dir === 'asc' ? c : -c;
  });
  return rows;
}
