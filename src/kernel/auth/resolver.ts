import type { FastifyReply, FastifyRequest } from 'fastify';
import type { KernelDeps } from '../deps.ts';
import { clearSessionCookie } from './cookie.ts';
import { hashToken } from './crypto.ts';
import type { Principal, RoleGrant } from './principal.ts';
import { SESSION_COOKIE } from './sessions.ts';

const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;
/** last_seen_at is written at most this often per session. */
const TOUCH_INTERVAL_MS = 60_000;

interface Row {
  id: string;
  account_id: string;
  last_seen_at: Date;
  expires_at: Date;
  mfa_passed: boolean;
  kind: 'citizen' | 'staff';
  email: string;
  display_name: string;
  totp_enabled: boolean;
  disabled_at: Date | null;
  roles: { role: RoleGrant['role']; tenant_id: string | null; org_unit_id: string | null }[];
}

export type ResolvedSession = { principal: Principal; sessionId: string } | null;

/**
 * Looks a raw cookie token up and applies both timeouts. An ended session is deleted.
 * Exported for the few places (OIDC callback, tests) that resolve outside a request hook.
 */
export async function resolveSessionToken(
  deps: Pick<KernelDeps, 'db' | 'clock' | 'config'>,
  token: string,
): Promise<ResolvedSession> {
  if (!TOKEN_RE.test(token)) return null;
  const id = hashToken(token);
  const { rows } = await deps.db.pool.query<Row>(
    `select s.id, s.account_id, s.last_seen_at, s.expires_at, s.mfa_passed,
            a.kind, a.email, a.display_name, a.totp_enabled, a.disabled_at,
            coalesce((select json_agg(json_build_object('role', g.role, 'tenant_id', g.tenant_id, 'org_unit_id', g.org_unit_id)
                                      order by g.created_at, g.role)
                        from kernel.role_grants g where g.account_id = a.id), '[]'::json) as roles
       from kernel.sessions s join kernel.accounts a on a.id = s.account_id
      where s.id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  const now = deps.clock.now().getTime();
  const idleMs = deps.config.sessionIdleMinutes * 60_000;
  if (row.disabled_at || now >= row.expires_at.getTime() || now - row.last_seen_at.getTime() >= idleMs) {
    await deps.db.pool.query('delete from kernel.sessions where id = $1', [id]);
    return null;
  }
  if (now - row.last_seen_at.getTime() >= TOUCH_INTERVAL_MS) {
    await deps.db.pool.query(
      'update kernel.sessions set last_seen_at = $2 where id = $1 and last_seen_at < $2',
      [id, new Date(now)],
    );
  }
  const staffMfa = row.mfa_passed && (row.totp_enabled || !deps.config.staffTotpRequired);
  return {
    sessionId: id,
    principal: {
      accountId: row.account_id,
      kind: row.kind,
      email: row.email,
      displayName: row.display_name,
      roles:
        row.kind === 'staff'
          ? row.roles.map((g) => ({ role: g.role, tenantId: g.tenant_id, orgUnitId: g.org_unit_id }))
          : [],
      mfaSatisfied: row.kind === 'citizen' || staffMfa,
    },
  };
}

/** Paths that never need a principal (static files, health checks): no database round trip. */
function skipsSession(url: string): boolean {
  return url.startsWith('/assets/') || url.startsWith('/health/');
}

/** The onRequest step that turns the ok_sid cookie into request.principal / request.sessionId. */
export function createPrincipalResolver(deps: Pick<KernelDeps, 'db' | 'clock' | 'config'>) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    req.principal = null;
    req.sessionId = null;
    if (skipsSession(req.url)) return;
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return;
    const resolved = await resolveSessionToken(deps, token);
    if (!resolved) {
      clearSessionCookie(reply, deps.config);
      return;
    }
    req.principal = resolved.principal;
    req.sessionId = resolved.sessionId;
  };
}
