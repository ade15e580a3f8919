/**
 * A small, fast Turtle writer for our catalogue graphs (IRIs and literals only, no blank nodes):
 * statements grouped by subject with `;`, prefixed names where the local part allows it.
 */
import type { Quad } from 'n3';

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const LOCAL = /^[A-Za-z_][A-Za-z0-9_-]*$/;

const iriEsc = (i: string) =>
  i.replace(/[\u0000-\u0020<>"{}|^`\\]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const litEsc = (s: string) =>
  s.replace(/[\\"\n\r\t]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\${c}`));

export function writeTurtle(quads: Quad[], prefixes: Record<string, string>): string {
  const entries = Object.entries(prefixes);
  const name = (i: string): string => {
    for (const [p, ns] of entries)
      if (i.startsWith(ns)) {
        const local = i.slice(ns.length);
        if (LOCAL.test(local)) return `${p}:${local}`;
      }
    return `<${iriEsc(i)}>`;
  };
  const out: string[] = entries.map(([p, ns]) => `@prefix ${p}: <${ns}> .\n`);
  out.push('\n');
  const bySubject = new Map<string, Quad[]>();
  for (const q of quads) {
    const list = bySubject.get(q.subject.value);
    if (list) list.push(q);
    else bySubject.set(q.subject.value, [q]);
  }
  for (const [s, qs] of bySubject) {
    const lines = qs.map((q) => {
      const p = q.predicate.value === RDF_TYPE ? 'a' : name(q.predicate.value);
      const o = q.object;
      let obj: string;
      if (o.termType === 'NamedNode') obj = name(o.value);
      else if (o.termType === 'Literal') {
        const lit = `"${litEsc(o.value)}"`;
        obj = o.language
          ? `${lit}@${o.language}`
          : o.datatype.value === XSD_STRING
            ? lit
            : `${lit}^^${name(o.datatype.value)}`;
      } else throw new Error('blank nodes are not used in the catalogue');
      return `${p} ${obj}`;
    });
    out.push(`${name(s)} ${lines.join(' ;\n    ')} .\n\n`);
  }
  return out.join('');
}
