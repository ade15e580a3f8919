import { readFileSync } from 'node:fs';
import Type, { type TObject, type TSchema, type Static } from 'typebox';
import Value from 'typebox/value';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

interface Annotated {
  env?: string;
  description?: string;
  default?: unknown;
  secret?: boolean;
  defaultText?: string;
  type?: string;
  anyOf?: { const?: unknown }[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
}

export type ConfigSchema = TObject<Record<string, TObject>>;

export function composeConfig<S extends Record<string, TObject>>(slices: S) {
  return Type.Object(slices);
}

/** Parses one variable from its string form; returns undefined when it cannot. */
function parseValue(schema: Annotated, raw: string): unknown {
  const type = schema.type;
  if (type === 'integer' || type === 'number') {
    if (!/^-?\d+(\.\d+)?$/.test(raw.trim())) return raw;
    return Number(raw);
  }
  if (type === 'boolean') {
    const v = raw.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(v)) return true;
    if (['false', '0', 'no', 'off', ''].includes(v)) return false;
    return raw;
  }
  return raw;
}

function describeExpected(s: Annotated): string {
  if (s.anyOf) return `one of ${s.anyOf.map((a) => JSON.stringify(a.const)).join(', ')}`;
  const parts: string[] = [s.type ?? 'value'];
  if (s.pattern) parts.push(`matching ${s.pattern}`);
  if (s.minimum !== undefined) parts.push(`>= ${s.minimum}`);
  if (s.maximum !== undefined) parts.push(`<= ${s.maximum}`);
  if (s.minLength !== undefined) parts.push(`at least ${s.minLength} characters`);
  return parts.join(' ');
}

/**
 * Reads every annotated variable of every slice from `env` (and the optional JSON file named
 * by CONFIG_FILE, whose keys are the same variable names). Collects all problems and throws
 * one ConfigError listing them, so an operator fixes everything in one go.
 */
export function loadConfig<S extends ConfigSchema>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): Static<S> {
  let fileVars: Record<string, unknown> = {};
  const problems: string[] = [];
  if (env.CONFIG_FILE) {
    try {
      fileVars = JSON.parse(readFileSync(env.CONFIG_FILE, 'utf8')) as Record<string, unknown>;
    } catch (err) {
      problems.push(`CONFIG_FILE ${env.CONFIG_FILE}: ${(err as Error).message}`);
    }
  }
  const out: Record<string, Record<string, unknown>> = {};
  for (const [sliceName, sliceSchema] of Object.entries(schema.properties)) {
    const values: Record<string, unknown> = {};
    const required = new Set<string>(sliceSchema.required as string[] | undefined);
    for (const [key, prop] of Object.entries(sliceSchema.properties as Record<string, TSchema>)) {
      const a = prop as Annotated;
      const name = a.env ?? key;
      const fromEnv = env[name];
      const fromFile = fileVars[name];
      let value: unknown;
      if (fromEnv !== undefined && fromEnv !== '') value = parseValue(a, fromEnv);
      else if (fromFile !== undefined)
        value = typeof fromFile === 'string' ? parseValue(a, fromFile) : fromFile;
      else if (a.default !== undefined) value = a.default;
      else if (required.has(key)) {
        problems.push(`${name} is missing: ${a.description ?? ''}`.trim());
        continue;
      } else continue;
      if (!Value.Check(prop, value)) {
        const shown = a.secret ? '(hidden)' : JSON.stringify(value);
        problems.push(`${name}=${shown} is invalid: expected ${describeExpected(a)}`);
        continue;
      }
      values[key] = value;
    }
    out[sliceName] = values;
  }
  if (problems.length) throw new ConfigError(problems);
  return out as Static<S>;
}

export interface ConfigDocRow {
  slice: string;
  env: string;
  type: string;
  default: string;
  description: string;
}

export function describeConfig(schema: ConfigSchema): ConfigDocRow[] {
  const rows: ConfigDocRow[] = [];
  for (const [sliceName, sliceSchema] of Object.entries(schema.properties)) {
    for (const [key, prop] of Object.entries(sliceSchema.properties as Record<string, TSchema>)) {
      const a = prop as Annotated;
      rows.push({
        slice: sliceName,
        env: a.env ?? key,
        type: a.anyOf ? a.anyOf.map((x) => String(x.const)).join(' \\| ') : (a.type ?? ''),
        default:
          a.defaultText ?? (a.default === undefined ? '—' : JSON.stringify(a.default).replace(/^"|"$/g, '')),
        description: a.description ?? '',
      });
    }
  }
  return rows;
}
