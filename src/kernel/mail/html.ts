import type { Lang } from '../i18n/index.ts';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

// Closing punctuation after a URL belongs to the sentence, not to the link.
const URL_RE = /https?:\/\/[^\s<>"']+/g;
const TRAILING = /[.,;:!?)\]]+$/;

/** Escapes a line and turns http(s) URLs into links; everything else stays text. */
function linkify(line: string): string {
  let out = '';
  let last = 0;
  for (const m of line.matchAll(URL_RE)) {
    const raw = m[0];
    const url = raw.replace(TRAILING, '');
    const start = m.index;
    out += escapeHtml(line.slice(last, start));
    out += `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
    last = start + url.length;
  }
  return out + escapeHtml(line.slice(last));
}

/**
 * The HTML part of a mail, made from its plain text: blank lines separate paragraphs, single
 * line breaks stay breaks, URLs become links. Every character of the text is escaped, so
 * placeholder values from users cannot inject markup.
 */
export function textToHtml(text: string, opts: { lang: Lang; title: string }): string {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => `<p>${p.split('\n').map(linkify).join('<br>\n')}</p>`);
  return [
    '<!doctype html>',
    `<html lang="${opts.lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(opts.title)}</title>`,
    '</head>',
    '<body style="font-family: sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a;">',
    ...paragraphs,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
