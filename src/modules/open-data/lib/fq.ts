/**
 * A small hand-written parser for the Solr-style filter queries CKAN clients send in `fq` (and
 * in `q` when it names fields): `field:value`, `field:"quoted value"`, `field:(a OR b)`,
 * `-field:value` / `NOT field:value`, `AND` / `OR` / juxtaposition, parentheses, `*:*` and ranges
 * `field:[X TO *]`. Malformed input is a SearchQueryError with a message for the client.
 */
export type FqNode =
  | { type: 'all' }
  | { type: 'and'; items: FqNode[] }
  | { type: 'or'; items: FqNode[] }
  | { type: 'not'; item: FqNode }
  | { type: 'term'; field: string; value: string; quoted: boolean }
  | { type: 'range'; field: string; from: string; to: string; inclusive: [boolean, boolean] };

export class SearchQueryError extends Error {}

type Token =
  | { t: 'lp' }
  | { t: 'rp' }
  | { t: 'op'; v: 'AND' | 'OR' | 'NOT' }
  | { t: 'neg' }
  | { t: 'field'; v: string }
  | { t: 'word'; v: string }
  | { t: 'quoted'; v: string }
  | { t: 'range'; from: string; to: string; inclusive: [boolean, boolean] };

const MAX_LEN = 4000;
const STOP = /[\s()"[\]{}]/;

function tokenize(input: string): Token[] {
  if (input.length > MAX_LEN) throw new SearchQueryError('query too long');
  const out: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(') {
      out.push({ t: 'lp' });
      i++;
      continue;
    }
    if (c === ')') {
      out.push({ t: 'rp' });
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let v = '';
      while (j < input.length && input[j] !== '"') {
        if (input[j] === '\\' && j + 1 < input.length) j++;
        v += input[j]!;
        j++;
      }
      if (j >= input.length) throw new SearchQueryError('unterminated quoted value');
      out.push({ t: 'quoted', v });
      i = j + 1;
      continue;
    }
    if (c === '[' || c === '{') {
      const close = input.slice(i + 1).search(/[\]}]/);
      if (close === -1) throw new SearchQueryError('unterminated range');
      const body = input.slice(i + 1, i + 1 + close).trim();
      const endChar = input[i + 1 + close];
      const m = /^(\S+)\s+TO\s+(\S+)$/.exec(body);
      if (!m) throw new SearchQueryError(`malformed range "${body}"`);
      out.push({ t: 'range', from: m[1]!, to: m[2]!, inclusive: [c === '[', endChar === ']'] });
      i = i + 2 + close;
      continue;
    }
    if (c === ']' || c === '}') throw new SearchQueryError(`unexpected "${c}"`);
    if ((c === '-' || c === '+' || c === '!') && i + 1 < input.length && !/\s/.test(input[i + 1]!)) {
      if (c !== '+') out.push({ t: 'neg' });
      i++;
      continue;
    }
    let j = i;
    let word = '';
    while (j < input.length && !STOP.test(input[j]!)) {
      if (input[j] === '\\' && j + 1 < input.length) {
        word += input[j + 1]!;
        j += 2;
        continue;
      }
      word += input[j]!;
      j++;
    }
    if (j === i) throw new SearchQueryError(`unexpected "${c}"`);
    i = j;
    if (word === 'AND' || word === 'OR' || word === 'NOT' || word === '&&' || word === '||') {
      out.push({ t: 'op', v: word === '&&' ? 'AND' : word === '||' ? 'OR' : word });
      continue;
    }
    const colon = word.indexOf(':');
    if (colon > 0) {
      const field = word.slice(0, colon);
      const rest = word.slice(colon + 1);
      if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(field) && field !== '*')
        throw new SearchQueryError(`invalid field name "${field}"`);
      out.push({ t: 'field', v: field });
      if (rest) out.push({ t: 'word', v: rest });
      continue;
    }
    if (colon === 0) throw new SearchQueryError(`missing field name before ":"`);
    out.push({ t: 'word', v: word });
  }
  return out;
}

class P {
  i = 0;
  constructor(
    private readonly toks: Token[],
    private readonly defaultField: string | null,
  ) {}
  peek(): Token | undefined {
    return this.toks[this.i];
  }
  next(): Token | undefined {
    return this.toks[this.i++];
  }
  parseOr(depth: number): FqNode {
    const items = [this.parseAnd(depth)];
    while (this.peek()?.t === 'op' && (this.peek() as { v: string }).v === 'OR') {
      this.next();
      items.push(this.parseAnd(depth));
    }
    return items.length === 1 ? items[0]! : { type: 'or', items };
  }
  parseAnd(depth: number): FqNode {
    const items = [this.parseUnary(depth)];
    for (;;) {
      const t = this.peek();
      if (!t || t.t === 'rp' || (t.t === 'op' && t.v === 'OR')) break;
      if (t.t === 'op' && t.v === 'AND') this.next();
      items.push(this.parseUnary(depth));
    }
    return items.length === 1 ? items[0]! : { type: 'and', items };
  }
  parseUnary(depth: number): FqNode {
    const t = this.peek();
    if (t?.t === 'neg' || (t?.t === 'op' && t.v === 'NOT')) {
      this.next();
      return { type: 'not', item: this.parseUnary(depth) };
    }
    return this.parsePrimary(depth);
  }
  parsePrimary(depth: number): FqNode {
    if (depth > 20) throw new SearchQueryError('query nested too deeply');
    const t = this.next();
    if (!t) throw new SearchQueryError('unexpected end of query');
    if (t.t === 'lp') {
      const inner = this.parseOr(depth + 1);
      if (this.next()?.t !== 'rp') throw new SearchQueryError('missing ")"');
      return inner;
    }
    if (t.t === 'field') return this.parseValue(t.v, depth);
    if ((t.t === 'word' || t.t === 'quoted') && this.defaultField) {
      return { type: 'term', field: this.defaultField, value: t.v, quoted: t.t === 'quoted' };
    }
    if (t.t === 'word' || t.t === 'quoted')
      throw new SearchQueryError(`value "${t.v}" without a field (use field:value)`);
    throw new SearchQueryError('unexpected token in query');
  }
  parseValue(field: string, depth: number): FqNode {
    const t = this.next();
    if (!t) throw new SearchQueryError(`missing value for field "${field}"`);
    if (field === '*') {
      if (t.t === 'word' && t.v === '*') return { type: 'all' };
      throw new SearchQueryError('only *:* may use the field *');
    }
    if (t.t === 'word' || t.t === 'quoted')
      return { type: 'term', field, value: t.v, quoted: t.t === 'quoted' };
    if (t.t === 'range') return { type: 'range', field, from: t.from, to: t.to, inclusive: t.inclusive };
    if (t.t === 'lp') {
      // field:(a OR b c) — values of one field.
      const sub = new P(this.toks, field);
      sub.i = this.i;
      const inner = sub.parseOr(depth + 1);
      this.i = sub.i;
      if (this.next()?.t !== 'rp') throw new SearchQueryError('missing ")"');
      return inner;
    }
    throw new SearchQueryError(`missing value for field "${field}"`);
  }
}

/** Parses a filter query; an empty one is `{type:'all'}`. */
export function parseFq(input: string): FqNode {
  const toks = tokenize(input);
  if (!toks.length) return { type: 'all' };
  const p = new P(toks, null);
  const node = p.parseOr(0);
  if (p.i < toks.length) throw new SearchQueryError('unexpected ")" or trailing input in query');
  return node;
}

/** Whether a `q` looks like a fielded Solr query rather than free text. */
export function looksFielded(q: string): boolean {
  return /^\s*[-+!(]*\s*[A-Za-z_*][A-Za-z0-9_.*-]*:/.test(q);
}
