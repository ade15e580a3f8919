import type { Static } from 'typebox';
import { bool, int, slice, str } from '../../kernel/config/define.ts';

/** The council module's slice of the configuration (read as kernel.fullConfig.council). */
export const councilConfig = slice({
  oparlPageSize: int({
    env: 'COUNCIL_OPARL_PAGE_SIZE',
    default: 100,
    minimum: 1,
    maximum: 1000,
    description: 'Objects per page of an OParl list when the client gives no "limit".',
  }),
  oparlMaxPageSize: int({
    env: 'COUNCIL_OPARL_MAX_PAGE_SIZE',
    default: 500,
    minimum: 1,
    maximum: 5000,
    description: 'Largest "limit" an OParl client may ask for; larger values are lowered to it.',
  }),
  systemName: str({
    env: 'COUNCIL_OPARL_SYSTEM_NAME',
    default: 'OpenKreis Ratsinformationssystem',
    description: 'Name of the OParl System object.',
  }),
  uploadMaxBytes: int({
    env: 'COUNCIL_UPLOAD_MAX_BYTES',
    default: 20_000_000,
    minimum: 1000,
    description: 'Largest PDF the council office may upload (capped by UPLOAD_LIMIT_BYTES).',
  }),
  importMaxObjects: int({
    env: 'COUNCIL_IMPORT_MAX_OBJECTS',
    default: 1_000_000,
    minimum: 1,
    description: 'An OParl import stops after this many objects (protection against endless lists).',
  }),
  importAllowedHosts: str({
    env: 'COUNCIL_IMPORT_ALLOWED_HOSTS',
    default: '',
    description:
      'Hosts (comma-separated, "name" or "name:port") the OParl import may reach although they resolve to loopback, private or link-local addresses; all others are refused.',
  }),
  importMaxResponseBytes: int({
    env: 'COUNCIL_IMPORT_MAX_RESPONSE_BYTES',
    default: 50_000_000,
    minimum: 1000,
    description:
      'Largest answer (JSON page) the OParl import reads; larger ones end the list with a report entry.',
  }),
  importTimeoutSeconds: int({
    env: 'COUNCIL_IMPORT_TIMEOUT_SECONDS',
    default: 30,
    minimum: 1,
    maximum: 600,
    description: 'Time-out of each request of the OParl import (connect, redirects and body).',
  }),
  importDownloadFiles: bool({
    env: 'COUNCIL_IMPORT_DOWNLOAD_FILES',
    default: false,
    description:
      "The OParl import downloads the files of public papers (up to COUNCIL_UPLOAD_MAX_BYTES) into the file store and extracts their text for the search, instead of linking to the source's accessUrl.",
  }),
});

export type CouncilConfig = Static<typeof councilConfig>;

export function readCouncilConfig(fullConfig: Record<string, unknown>): CouncilConfig {
  const c = fullConfig.council as Partial<CouncilConfig> | undefined;
  return {
    oparlPageSize: 100,
    oparlMaxPageSize: 500,
    systemName: 'OpenKreis Ratsinformationssystem',
    uploadMaxBytes: 20_000_000,
    importMaxObjects: 1_000_000,
    importAllowedHosts: '',
    importMaxResponseBytes: 50_000_000,
    importTimeoutSeconds: 30,
    importDownloadFiles: false,
    ...c,
  };
}
