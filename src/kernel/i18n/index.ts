import { readFileSync } from 'node:fs';

export const LANGS = ['de', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export type Catalogue = Record<string, string>;
export type Translate = (key: string, params?: Record<string, string | number>) => string;

export function isLang(v: unknown): v is Lang {
  return typeof v === 'string' && (LANGS as readonly string[]).includes(v);
}

export function loadCatalogue(url: URL): Catalogue {
  return JSON.parse(readFileSync(url, 'utf8')) as Catalogue;
}

/**
 * All UI text lives in catalogues (de.json/en.json per kernel part and module). German is the
 * default and the fallback; a key missing everywhere renders as the key itself so that it is
 * visible in review and caught by the catalogue test.
 */
export class I18n {
  private readonly catalogues: Record<Lang, Catalogue> = { de: {}, en: {} };

  add(lang: Lang, entries: Catalogue): void {
    for (const [k, v] of Object.entries(entries)) {
      if (k in this.catalogues[lang] && this.catalogues[lang][k] !== v) {
        throw new Error(`i18n key "${k}" defined twice for ${lang}`);
      }
      this.catalogues[lang][k] = v;
    }
  }

  addFiles(dir: URL): void {
    for (const lang of LANGS) this.add(lang, loadCatalogue(new URL(`${lang}.json`, dir)));
  }

  has(lang: Lang, key: string): boolean {
    return key in this.catalogues[lang];
  }

  keys(lang: Lang): string[] {
    return Object.keys(this.catalogues[lang]);
  }

  translator(lang: Lang): Translate {
    const primary = this.catalogues[lang];
    const fallback = this.catalogues.de;
    return (key, params) => {
      const template = primary[key] ?? fallback[key] ?? key;
      if (!params) return template;
      return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
    };
  }
}
