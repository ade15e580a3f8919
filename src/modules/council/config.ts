import type { Static } from 'typebox';
import { int, slice, str } from '../../kernel/config/define.ts';

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
    ...c,
  };
}
