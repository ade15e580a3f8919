/**
 * Extension points through which modules cooperate without importing each other (rule 3 of the
 * house): staff-area tools, citizen account sections, GDPR handlers, sitemap sources and open-data
 * dataset sources. Modules register in
 * their `setup(kernel)` hook; the kernel and the consuming module read the registries.
 */
import type { Clock } from './clock.ts';
import type { PolicyFn } from './auth/policy.ts';
import type { Database } from './db/database.ts';
import type { Tenants } from './tenants/index.ts';

/** A link on the staff dashboard (/verwaltung), shown when `visible` allows it. */
export interface StaffTool {
  href: string;
  /** i18n keys */
  title: string;
  text: string;
  order: number;
  visible: PolicyFn;
}

export interface SitemapEntry {
  /** Absolute path on this site, e.g. /leistungen/hundesteuer-anmeldung */
  path: string;
  lastmod?: Date;
}

/** Returns the public, indexable pages of one module. Never non-public content. */
export type SitemapSource = () => Promise<SitemapEntry[]>;

/** What a dataset source may use to produce its data. */
export interface DatasetContext {
  db: Database;
  clock: Clock;
  tenants: Tenants;
}

export interface LocalisedText {
  de: string;
  en: string;
}

/** One downloadable representation of a platform dataset, produced on demand. */
export interface DatasetDistribution {
  /** Stable within the dataset, [a-z0-9-]+, e.g. "csv" or "hourly-csv". */
  key: string;
  title: LocalisedText;
  /** DCAT-AP format code from the EU file-type vocabulary, e.g. "CSV", "JSON", "GEOJSON", "ICAL". */
  format: string;
  mediaType: string;
  /** Produces the current content. Must contain only public data. */
  render(ctx: DatasetContext): Promise<{ body: string | Buffer; modified: Date }>;
}

/**
 * A dataset that a module publishes and keeps current by itself (the open-data registry). The
 * open-data module lists these in its portal, CKAN API and DCAT-AP.de catalogue; it never imports
 * the publishing module.
 */
export interface DatasetSource {
  /** Globally unique and stable (it becomes part of the dataset URI), [a-z0-9-]+. */
  key: string;
  /** Code name of the publishing module. */
  module: string;
  /** Publisher tenant id (the Kreis or a municipality), as in kernel.tenants. */
  tenantId: string;
  /** Optional publishing org unit of that tenant, by its slug (e.g. "kreistagsbuero"). */
  orgUnitSlug?: string;
  title: LocalisedText;
  description: LocalisedText;
  keywords: string[];
  /** EU data-theme codes (http://publications.europa.eu/resource/authority/data-theme/…), e.g. "GOVE". */
  themes: string[];
  /** Licence id from the dcat-ap.de licence vocabulary, e.g. "dl-by-de/2.0" or "dl-zero-de/2.0". */
  licenseId: string;
  /** EU frequency code (…/authority/frequency/…), e.g. "DAILY", "HOURLY", "WEEKLY". */
  updateFrequency: string;
  /** When the data last changed (cheap to compute; used for metadata_modified / dct:modified). */
  modified(ctx: DatasetContext): Promise<Date>;
  distributions: DatasetDistribution[];
}

/** A section of the citizen's "Mein Konto" (/konto), e.g. my applications, postbox, appointments. */
export interface AccountSection {
  href: string;
  /** i18n keys */
  title: string;
  text: string;
  order: number;
}

/**
 * A module's part in GDPR requests: what it stores about an account (Art. 15 export) and what it
 * does when the account is deleted (Art. 17) — erase, anonymise, or keep under a legal retention
 * duty, which it then explains.
 */
export interface PersonalDataHandler {
  module: string;
  /** JSON-serialisable data about the account; empty object when there is none. */
  export(accountId: string): Promise<Record<string, unknown>>;
  /**
   * Called before the account row is deleted. Returns i18n keys of retention notes for what must be
   * kept (e.g. cases under a retention period), to be shown to the citizen.
   */
  erase(accountId: string): Promise<{ retained: string[] }>;
}

const KEY = /^[a-z0-9][a-z0-9-]*$/;

export class Extensions {
  readonly staffTools: StaffTool[] = [];
  readonly sitemapSources: SitemapSource[] = [];
  readonly accountSections: AccountSection[] = [];
  readonly personalData: PersonalDataHandler[] = [];
  readonly #datasets = new Map<string, DatasetSource>();

  addStaffTool(tool: StaffTool): void {
    this.staffTools.push(tool);
    this.staffTools.sort((a, b) => a.order - b.order);
  }

  addAccountSection(section: AccountSection): void {
    this.accountSections.push(section);
    this.accountSections.sort((a, b) => a.order - b.order);
  }

  addPersonalDataHandler(handler: PersonalDataHandler): void {
    this.personalData.push(handler);
  }

  addSitemapSource(source: SitemapSource): void {
    this.sitemapSources.push(source);
  }

  registerDataset(source: DatasetSource): void {
    if (!KEY.test(source.key)) throw new Error(`invalid dataset key "${source.key}"`);
    if (this.#datasets.has(source.key)) throw new Error(`dataset "${source.key}" registered twice`);
    const keys = new Set<string>();
    for (const d of source.distributions) {
      if (!KEY.test(d.key) || keys.has(d.key))
        throw new Error(`dataset "${source.key}": invalid or duplicate distribution key "${d.key}"`);
      keys.add(d.key);
    }
    this.#datasets.set(source.key, source);
  }

  datasets(): DatasetSource[] {
    return [...this.#datasets.values()];
  }

  dataset(key: string): DatasetSource | undefined {
    return this.#datasets.get(key);
  }
}
