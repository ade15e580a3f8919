import type pg from 'pg';
import type { Kernel } from '../../../kernel/kernel.ts';
import * as services from '../../services/index.ts';

export interface ServiceInfo {
  slug: string;
  title: { de: string; en: string };
  processingDays: number | null;
}

type Finder = (
  kernel: Kernel,
  slug: string,
  db?: Pick<pg.Pool, 'query'>,
) => Promise<ServiceInfo | null | undefined>;

/**
 * The service from the catalogue (services module), or null when it is unknown or the catalogue
 * is not available. Casework keeps working without it (title = slug, default processing time).
 */
export async function serviceInfo(
  kernel: Kernel,
  slug: string,
  /** The caller's transaction client, when it holds one (never a second pooled connection). */
  db?: Pick<pg.Pool, 'query'>,
): Promise<ServiceInfo | null> {
  const find = (services as unknown as { findServiceBySlug?: Finder }).findServiceBySlug;
  if (typeof find !== 'function') return null;
  try {
    const s = await find(kernel, slug, db);
    if (!s) return null;
    return {
      slug: s.slug,
      title: s.title,
      processingDays: typeof s.processingDays === 'number' && s.processingDays > 0 ? s.processingDays : null,
    };
  } catch (err) {
    kernel.log.warn({ err, slug }, 'casework: service lookup failed');
    return null;
  }
}
