import type { Static } from 'typebox';
import { int, optStr, slice } from '../../kernel/config/define.ts';

/** The services module's slice of the configuration (kernel.fullConfig.services). */
export const servicesConfig = slice({
  catalogueDir: optStr({
    env: 'SERVICES_CATALOGUE_DIR',
    description:
      'Folder with ozg_lebenslagen.csv, ozg_leistungen.csv and leika_leistungen.csv for the catalogue import. When unset: the copy shipped in src/modules/services/catalogue/.',
  }),
  perPage: int({
    env: 'SERVICES_PER_PAGE',
    default: 20,
    minimum: 5,
    maximum: 100,
    description: 'Results per page in the service finder (/leistungen); the API takes per_page up to 100.',
  }),
});

export type ServicesConfig = Static<typeof servicesConfig>;

export function readServicesConfig(fullConfig: Record<string, unknown>): ServicesConfig {
  const c = fullConfig.services as Partial<ServicesConfig> | undefined;
  return { perPage: c?.perPage ?? 20, ...c };
}
