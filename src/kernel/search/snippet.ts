import { foldForMatch } from './text.ts';

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

const WORD_RE = /[\p{L}\p{N}]+/gu;

export interface MatchTerms {
  /** Stems from PostgreSQL's german configuration ("hunde" → "hund"). */
  lexemes: readonly string[];
  /** The words the user typed. */
  words: readonly string[];
}

/** Folded terms worth matching: stems of 2+ characters, typed words of 3+. */
export function matchTerms(terms: MatchTerms): string[] {
  const out = new Set<string>();
  for (const l of terms.lexemes) {
    const f = foldForMatch(l);
    if (f.length >= 2) out.add(f);
  }
  for (const w of terms.words) {
    for (const m of foldForMatch(w).matchAll(WORD_RE)) if (m[0].length >= 3) out.add(m[0]);
  }
  return [...out];
}

function isMatch(word: string, terms: readonly string[]): boolean {
  const f = foldForMatch(word);
  // Containment catches stems ("hund" in "hunde") and parts of compounds ("genehmigung" in
  // "baugenehmigung"); very short terms must match the whole word.
  return terms.some((t) => f === t || (t.length >= 3 && f.includes(t)));
}

/**
 * A short excerpt of the first text that contains a match, as safe HTML: every piece of text is
 * escaped and only the <mark> elements added here are markup. Without a match anywhere, the
 * start of the first non-empty text.
 */
export function buildSnippet(texts: readonly string[], terms: readonly string[], maxChars = 240): string {
  const cleaned = texts.map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
  for (const text of cleaned) {
    const words = [...text.matchAll(WORD_RE)];
    const first = words.findIndex((m) => isMatch(m[0], terms));
    if (first === -1) continue;
    // Start a little before the first match, at a word boundary.
    let start = words[first]!.index;
    if (start <= maxChars / 4) return render(text, 0, terms, maxChars);
    for (let i = first - 1; i >= 0 && words[first]!.index - words[i]!.index <= maxChars / 4; i--)
      start = words[i]!.index;
    return render(text, start, terms, maxChars);
  }
  const text = cleaned[0];
  return text ? render(text, 0, [], maxChars) : '';
}

function render(text: string, start: number, terms: readonly string[], maxChars: number): string {
  let end = Math.min(text.length, start + maxChars);
  if (end < text.length) {
    const cut = text.lastIndexOf(' ', end);
    if (cut > start) end = cut;
  }
  const slice = text.slice(start, end);
  let html = start > 0 ? '… ' : '';
  let pos = 0;
  for (const m of slice.matchAll(WORD_RE)) {
    html += escapeHtml(slice.slice(pos, m.index));
    html += terms.length && isMatch(m[0], terms) ? `<mark>${escapeHtml(m[0])}</mark>` : escapeHtml(m[0]);
    pos = m.index + m[0].length;
  }
  html += escapeHtml(slice.slice(pos));
  if (end < text.length) html += ' …';
  return html;
}
