import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kernel } from '../../../kernel/kernel.ts';
import type { StaffActor } from '../commands/shared.ts';
import { cleanText } from '../domain.ts';
import { listColleagues, type Colleague } from '../db/inbox.ts';
import { caseScope, type CaseScope } from '../policies.ts';

/** First string value of a body or query field (repeated fields give arrays); '' when absent. */
export function str(obj: unknown, name: string, max = 20_000): string {
  if (!obj || typeof obj !== 'object') return '';
  const v = (obj as Record<string, unknown>)[name];
  const s: unknown = Array.isArray(v) ? (v as unknown[])[0] : v;
  return typeof s === 'string' ? cleanText(s).slice(0, max) : '';
}

/** All string values of a field. */
export function strs(obj: unknown, name: string): string[] {
  if (!obj || typeof obj !== 'object') return [];
  const v = (obj as Record<string, unknown>)[name];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter((x): x is string => typeof x === 'string').map(cleanText);
}

export function staffActor(req: FastifyRequest): StaffActor {
  const p = req.principal!;
  return { accountId: p.accountId, displayName: p.displayName, scope: caseScope(p)!, requestId: req.id };
}

export async function scopeTenants(kernel: Kernel, scope: CaseScope): Promise<string[] | 'all'> {
  if (scope.all) return 'all';
  const ids = new Set(scope.tenantIds);
  for (const u of scope.orgUnitIds) {
    const unit = await kernel.tenants.orgUnit(u);
    if (unit) ids.add(unit.tenantId);
  }
  return [...ids];
}

export async function colleaguesFor(kernel: Kernel, scope: CaseScope): Promise<Colleague[]> {
  return listColleagues(kernel.db.pool, await scopeTenants(kernel, scope));
}

export function notFound(reply: FastifyReply) {
  return reply.callNotFound();
}

/** Notice keys accepted from ?hinweis= (anything else is ignored). */
export function noticeFrom(
  req: FastifyRequest,
  t: (k: string) => string,
  allowed: readonly string[],
): string | undefined {
  const h = str(req.query, 'hinweis', 40);
  return allowed.includes(h) ? t(`casework.notice.${h}`) : undefined;
}

/** A same-site path to go back to, else the fallback. */
export function safeBack(v: string, fallback: string): string {
  return /^\/verwaltung\/vorgaenge(?:[/?][^\s\\]*)?$/.test(v) && !v.startsWith('//') ? v : fallback;
}
