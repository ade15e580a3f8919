import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../../', import.meta.url));

/** Every folder named i18n under src/ (kernel parts and modules). */
function catalogueDirs(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (!statSync(path).isDirectory()) continue;
    if (name === 'i18n') out.push(path);
    else catalogueDirs(path, out);
  }
  return out;
}

function load(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();
}

const dirs = catalogueDirs(SRC);

describe('i18n catalogues', () => {
  it('finds the kernel and the portal catalogues', () => {
    const names = dirs.map((d) => relative(SRC, d));
    assert.ok(names.includes(join('kernel', 'i18n')), names.join(', '));
    assert.ok(names.includes(join('modules', 'portal', 'i18n')), names.join(', '));
  });

  for (const dir of dirs) {
    const name = relative(SRC, dir);
    it(`${name}: de.json and en.json have the same keys, non-empty texts and the same placeholders`, () => {
      const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
      assert.deepEqual(files.sort(), ['de.json', 'en.json'], `${name} must hold exactly de.json and en.json`);
      const de = load(join(dir, 'de.json'));
      const en = load(join(dir, 'en.json'));
      const onlyDe = Object.keys(de).filter((k) => !(k in en));
      const onlyEn = Object.keys(en).filter((k) => !(k in de));
      assert.deepEqual(onlyDe, [], `${name}: keys missing in en.json`);
      assert.deepEqual(onlyEn, [], `${name}: keys missing in de.json`);
      for (const [key, value] of Object.entries(de)) {
        assert.equal(typeof value, 'string', `${name}: ${key} (de) is not a string`);
        assert.equal(typeof en[key], 'string', `${name}: ${key} (en) is not a string`);
        assert.ok((value as string).trim(), `${name}: ${key} (de) is empty`);
        assert.ok((en[key] as string).trim(), `${name}: ${key} (en) is empty`);
        assert.deepEqual(
          placeholders(en[key] as string),
          placeholders(value as string),
          `${name}: ${key} has different placeholders in de and en`,
        );
      }
    });
  }

  it('no key is defined in two catalogues with different texts', () => {
    for (const lang of ['de', 'en']) {
      const seen = new Map<string, { dir: string; text: unknown }>();
      for (const dir of dirs) {
        for (const [key, text] of Object.entries(load(join(dir, `${lang}.json`)))) {
          const prev = seen.get(key);
          if (prev)
            assert.equal(
              text,
              prev.text,
              `${key} (${lang}) differs between ${relative(SRC, prev.dir)} and ${relative(SRC, dir)}`,
            );
          seen.set(key, { dir, text });
        }
      }
    }
  });
});
