import type { Static } from 'typebox';
import { int, slice, str } from '../../kernel/config/define.ts';

/** The open-data module's slice of the configuration (kernel.fullConfig['open-data']). */
export const openDataConfig = slice({
  contributorId: str({
    env: 'OPEN_DATA_CONTRIBUTOR_ID',
    default: 'http://dcat-ap.de/def/contributors/openNRW',
    pattern: '^http://dcat-ap\\.de/def/contributors/[A-Za-z0-9]+$',
    description:
      'The dcatde:contributorID of every dataset in the DCAT-AP.de catalogue (an id from http://dcat-ap.de/def/contributors; NRW municipalities deliver to GovData through Open.NRW).',
  }),
  platformSyncSeconds: int({
    env: 'OPEN_DATA_PLATFORM_SYNC_SECONDS',
    default: 30,
    minimum: 0,
    description:
      'How often (at most) the platform datasets registered by other modules are compared with their mirror in the catalogue.',
  }),
  previewRows: int({
    env: 'OPEN_DATA_PREVIEW_ROWS',
    default: 100,
    minimum: 5,
    maximum: 1000,
    description: 'Rows read (streaming) for a CSV preview.',
  }),
});

export type OpenDataConfig = Static<typeof openDataConfig>;

export function readOpenDataConfig(fullConfig: Record<string, unknown>): OpenDataConfig {
  const c = fullConfig['open-data'] as Partial<OpenDataConfig> | undefined;
  return {
    contributorId: c?.contributorId ?? 'http://dcat-ap.de/def/contributors/openNRW',
    platformSyncSeconds: c?.platformSyncSeconds ?? 30,
    previewRows: c?.previewRows ?? 100,
  };
}
