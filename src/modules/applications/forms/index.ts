import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateDefinition, type FormDefinition } from '../engine/definition.ts';

const DIR = fileURLToPath(new URL('./', import.meta.url));

/** The forms shipped with OpenKreis (this folder's *.json), validated; a broken file throws. */
export function shippedForms(): FormDefinition[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const r = validateDefinition(JSON.parse(readFileSync(DIR + f, 'utf8')));
      if (!r.ok) throw new Error(`forms/${f}: ${r.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
      return r.definition;
    });
}
