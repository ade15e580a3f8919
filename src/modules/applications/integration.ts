/**
 * The two contracts with other modules, in one place: the service catalogue (services) and the
 * back office (casework), both imported only through their index.ts.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { InvalidCaseInputError, openCase, recordCasePayment, type OpenCaseInput } from '../casework/index.ts';
import { findServiceBySlug, responsibleUnit, type ServiceRef } from '../services/index.ts';
import type { FileRef } from './engine/conditions.ts';

export { InvalidCaseInputError, openCase, recordCasePayment };

export async function findService(kernel: Kernel, slug: string): Promise<ServiceRef | null> {
  try {
    return await findServiceBySlug(kernel, slug);
  } catch (err) {
    kernel.log.warn({ err, slug }, 'service catalogue lookup failed');
    return null;
  }
}

/**
 * The office that handles the application: the catalogue's answer when it has one, else the
 * form's own declaration (level + org unit slug) resolved against the tenants.
 */
export async function resolveResponsible(
  kernel: Kernel,
  p: {
    serviceSlug: string;
    level: 'kreis' | 'gemeinde';
    orgUnitSlug: string;
    municipalityId: string | null;
    /** The applicant chose the office (general request): the catalogue is not asked. */
    chosenByApplicant?: boolean;
  },
): Promise<{ tenantId: string; orgUnitId: string } | null> {
  if (!p.chosenByApplicant) {
    try {
      const r = await responsibleUnit(kernel, p.serviceSlug, p.municipalityId);
      if (r) return r;
    } catch (err) {
      kernel.log.warn(
        { err, slug: p.serviceSlug },
        'responsible unit lookup failed; using the form declaration',
      );
    }
  }
  const tenantId =
    p.level === 'kreis' && !p.municipalityId ? (await kernel.tenants.kreis())?.id : p.municipalityId;
  if (!tenantId) return null;
  const unit = (await kernel.tenants.orgUnits(tenantId)).find((u) => u.slug === p.orgUnitSlug);
  return unit ? { tenantId, orgUnitId: unit.id } : null;
}

export function attachmentsForCase(files: FileRef[]): OpenCaseInput['attachments'] {
  return files.map((f) => ({
    fileKey: f.fileId,
    filename: f.filename,
    mediaType: f.mediaType,
    size: f.size,
    sha256: f.sha256,
  }));
}
