/**
 * The two contracts with other modules, in one place: the service catalogue (services) and the
 * back office (casework). Both are imported only through their index.ts. The namespace import
 * keeps this module booting while a partner's export is still missing; each call then falls
 * back (catalogue) or refuses clearly (casework).
 */
import type pg from 'pg';
import type { Kernel } from '../../kernel/kernel.ts';
import * as casework from '../casework/index.ts';
import * as services from '../services/index.ts';
import type { FileRef } from './engine/conditions.ts';

export interface ServiceRef {
  id: string;
  slug: string;
  title: { de: string; en: string };
  leikaKey: string | null;
  ozgId: string | null;
  level: 'kreis' | 'gemeinde';
  processingDays: number | null;
}

export interface OpenCaseInput {
  reference: string;
  serviceSlug: string;
  tenantId: string;
  orgUnitId: string;
  applicantAccountId: string | null;
  applicantEmail: string;
  applicantName: string;
  formSlug: string;
  formVersion: number;
  data: Record<string, unknown>;
  summary: { label: string; value: string }[];
  attachments: { fileKey: string; filename: string; mediaType: string; size: number; sha256: string }[];
  payment: {
    status: 'paid' | 'due' | 'none';
    amountCents: number;
    kassenzeichen: string | null;
    provider: string | null;
  };
  submittedAt: Date;
}

interface ServicesApi {
  findServiceBySlug?(kernel: Kernel, slug: string): Promise<ServiceRef | null>;
  responsibleUnit?(
    kernel: Kernel,
    slug: string,
    municipalityTenantId: string | null,
  ): Promise<{ tenantId: string; orgUnitId: string } | null>;
}
interface CaseworkApi {
  openCase?(
    kernel: Kernel,
    client: pg.PoolClient,
    input: OpenCaseInput,
  ): Promise<{ caseId: string; reference: string }>;
  recordCasePayment?(
    kernel: Kernel,
    client: pg.PoolClient,
    p: {
      reference: string;
      status: 'paid' | 'failed';
      amountCents: number;
      kassenzeichen: string;
      provider: string;
      providerTxId: string;
      at: Date;
    },
  ): Promise<void>;
}

const svc = services as unknown as ServicesApi;
const cw = casework as unknown as CaseworkApi;

export async function findService(kernel: Kernel, slug: string): Promise<ServiceRef | null> {
  if (!svc.findServiceBySlug) return null;
  try {
    return await svc.findServiceBySlug(kernel, slug);
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
  if (svc.responsibleUnit && !p.chosenByApplicant) {
    try {
      const r = await svc.responsibleUnit(kernel, p.serviceSlug, p.municipalityId);
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

export class CaseworkUnavailableError extends Error {
  override name = 'CaseworkUnavailableError';
}

export async function openCase(
  kernel: Kernel,
  client: pg.PoolClient,
  input: OpenCaseInput,
): Promise<{ caseId: string; reference: string }> {
  if (!cw.openCase) throw new CaseworkUnavailableError('casework.openCase is not available');
  return cw.openCase(kernel, client, input);
}

export async function recordCasePayment(
  kernel: Kernel,
  client: pg.PoolClient,
  p: {
    reference: string;
    status: 'paid' | 'failed';
    amountCents: number;
    kassenzeichen: string;
    provider: string;
    providerTxId: string;
    at: Date;
  },
): Promise<void> {
  if (!cw.recordCasePayment)
    throw new CaseworkUnavailableError('casework.recordCasePayment is not available');
  return cw.recordCasePayment(kernel, client, p);
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
