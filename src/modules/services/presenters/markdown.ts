import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'em',
    'ul',
    'ol',
    'li',
    'a',
    'h2',
    'h3',
    'h4',
    'blockquote',
    'code',
    'pre',
  ],
  allowedAttributes: { a: ['href'] },
  allowedSchemes: ['https', 'mailto', 'tel'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  // Headings inside a service page start below the page's h2 sections.
  transformTags: { h1: 'h3', h2: 'h3' },
};

/** Markdown → safe HTML (allow-list: text structure and https/mailto/tel links only). */
export function renderMarkdown(md: string): string {
  if (!md.trim()) return '';
  const html = marked.parse(md, { async: false, gfm: true, breaks: false });
  return sanitizeHtml(html, ALLOWED);
}
