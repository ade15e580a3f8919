import type { FastifyInstance } from 'fastify';
import type { Kernel } from '../kernel.ts';
import { accountRoutes } from './routes/account.routes.tsx';
import { citizenRoutes } from './routes/citizen.routes.tsx';
import { oidcRoutes } from './routes/oidc.routes.ts';
import { staffRoutes } from './routes/staff.routes.tsx';

export * from './principal.ts';
export * from './policy.ts';
export { createPrincipalResolver } from './resolver.ts';
export { SESSION_COOKIE } from './sessions.ts';
export { seedDemoAccounts, DEMO_ACCOUNTS } from './seed.ts';
export { grantRole, revokeRole, setAccountDisabled, type RoleChangeResult } from './commands/roles.ts';
export { defineAuthCleanup, AUTH_CLEANUP_JOB } from './cleanup.ts';
export { resetSecondFactor } from './commands/totp.ts';
export { listRoleGrants, findAccountById, findAccountByEmail, type Account } from './accounts.ts';

/** Login, registration, account and staff-auth routes. */
export async function authRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const c = kernel.config;
  const citizenSso = !!(c.oidcCitizenIssuer && c.oidcCitizenClientId);
  const staffSso = !!(c.oidcStaffIssuer && c.oidcStaffClientId);
  await citizenRoutes(app, kernel, { citizenSso });
  await accountRoutes(app, kernel);
  await staffRoutes(app, kernel, { staffSso });
  await oidcRoutes(app, kernel);
}
