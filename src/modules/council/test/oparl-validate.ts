/**
 * OParl 1.1 validation for tests: the JSON Schemas (copied into ./oparl-schema) plus the rules
 * that only the specification text states.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';

export const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;
const TYPE_PREFIX = 'https://schema.oparl.org/1.1/';

function loadValidators(): Map<string, ValidateFunction> {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('url', { validate: (s: string) => /^https?:\/\/[^\s]+$/.test(s) });
  ajv.addFormat('date-time', { validate: (s: string) => DATE_TIME.test(s) });
  ajv.addFormat('date', {
    validate: (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s)),
  });
  const dir = new URL('./oparl-schema/', import.meta.url);
  const names: string[] = [];
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.json')) continue;
    const schema = JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as Record<string, unknown>;
    delete schema.$id;
    delete schema.$schema;
    ajv.addSchema(schema, `${TYPE_PREFIX}${f}`);
    names.push(f.replace('.json', ''));
  }
  const out = new Map<string, ValidateFunction>();
  for (const n of names) out.set(`${TYPE_PREFIX}${n}`, ajv.getSchema(`${TYPE_PREFIX}${n}.json`)!);
  return out;
}

const validators = loadValidators();

/** Problems of one object (schema and text rules), each as "path: message". */
export function checkObject(obj: unknown, path = '$', embedded = false): string[] {
  const errors: string[] = [];
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return [`${path}: not an object`];
  const o = obj as Record<string, unknown>;
  const type = o.type as string;
  const validate = validators.get(type);
  if (!validate) return [`${path}: unknown type ${JSON.stringify(o.type)}`];
  if (o.deleted === true) {
    if (embedded) errors.push(`${path}: tombstone embedded`);
    for (const k of ['id', 'type', 'created', 'modified'])
      if (typeof o[k] !== 'string') errors.push(`${path}: tombstone without ${k}`);
    return errors;
  }
  if (!validate(o))
    for (const e of validate.errors ?? []) errors.push(`${path}${e.instancePath}: ${e.message}`);
  for (const k of ['created', 'modified'])
    if (typeof o[k] !== 'string' || !DATE_TIME.test(o[k])) errors.push(`${path}: ${k} missing or malformed`);
  for (const [k, v] of Object.entries(o)) {
    const p = `${path}.${k}`;
    if (v === null) errors.push(`${p}: null`);
    else if (v === '') errors.push(`${p}: empty string`);
    else if (Array.isArray(v)) {
      if (!v.length && !(type === `${TYPE_PREFIX}Body` && k === 'legislativeTerm'))
        errors.push(`${p}: empty list`);
      v.forEach((x, i) => {
        if (x === null || x === '') errors.push(`${p}[${i}]: null or empty`);
        else if (x && typeof x === 'object' && 'type' in x)
          errors.push(...checkObject(x, `${p}[${i}]`, true));
      });
    } else if (typeof v === 'object' && k !== 'geojson' && 'type' in v) {
      errors.push(...checkObject(v, p, true));
    } else if (
      typeof v === 'string' &&
      ['start', 'end', 'licenseValidSince', 'oparlSince'].includes(k) &&
      !DATE_TIME.test(v)
    )
      errors.push(`${p}: date-time malformed`);
  }
  if (type === `${TYPE_PREFIX}Meeting` && Array.isArray(o.agendaItem)) {
    const orders = (o.agendaItem as { order: number }[]).map((a) => a.order);
    if (orders.some((x, i) => x !== i))
      errors.push(`${path}.agendaItem: order not 0..n-1 (${orders.join(',')})`);
  }
  if (type === `${TYPE_PREFIX}Body`)
    for (const k of [
      'organization',
      'person',
      'meeting',
      'paper',
      'agendaItem',
      'consultation',
      'file',
      'locationList',
      'legislativeTermList',
      'membership',
    ])
      if (typeof o[k] !== 'string') errors.push(`${path}: Body.${k} missing`);
  return errors;
}

/** Every OParl URL (same base) inside a value. */
export function urlsIn(v: unknown, base: string, out: Set<string> = new Set()): Set<string> {
  if (typeof v === 'string') {
    if (v.startsWith(`${base}/oparl/`)) out.add(v);
  } else if (Array.isArray(v)) for (const x of v) urlsIn(x, base, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) urlsIn(x, base, out);
  return out;
}
