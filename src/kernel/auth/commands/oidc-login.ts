import type { Kernel } from '../../kernel.ts';
import {
  findAccountByEmail,
  findAccountById,
  insertAccount,
  isPlausibleEmail,
  type Account,
} from '../accounts.ts';
import type { OidcIdentity } from '../oidc.ts';
import { auditAccount } from './shared.ts';

export type OidcLoginResult =
  { ok: true; account: Account } | { ok: false; reason: 'unknown' | 'no_email' | 'conflict' | 'disabled' };

async function linked(kernel: Kernel, id: OidcIdentity): Promise<Account | null> {
  const { rows } = await kernel.db.pool.query<{ account_id: string }>(
    'select account_id from kernel.account_identities where issuer = $1 and subject = $2',
    [id.issuer, id.subject],
  );
  return rows[0] ? findAccountById(kernel, rows[0].account_id) : null;
}

async function link(kernel: Kernel, accountId: string, id: OidcIdentity): Promise<void> {
  const now = kernel.clock.now();
  const { rowCount } = await kernel.db.pool.query(
    `insert into kernel.account_identities (issuer, subject, account_id, created_at, last_login_at) values ($1, $2, $3, $4, $4)
     on conflict (issuer, subject) do update set last_login_at = excluded.last_login_at
       where kernel.account_identities.account_id = excluded.account_id`,
    [id.issuer, id.subject, accountId, now],
  );
  if (rowCount)
    await auditAccount(kernel, 'auth.identity_linked', accountId, { after: { issuer: id.issuer } });
}

/**
 * Staff single sign-on: only an existing staff account, found by its earlier link or by the
 * provider's verified e-mail. Roles are never created from the provider's claims.
 */
export async function staffOidcLogin(kernel: Kernel, id: OidcIdentity): Promise<OidcLoginResult> {
  let account = await linked(kernel, id);
  if (!account && id.email && id.emailVerified) {
    const byEmail = await findAccountByEmail(kernel, id.email);
    if (byEmail?.kind === 'staff') account = byEmail;
  }
  if (!account || account.kind !== 'staff') {
    await auditAccount(kernel, 'auth.sso_refused', null, {
      actorId: null,
      after: { issuer: id.issuer, audience: 'staff' },
    });
    return { ok: false, reason: 'unknown' };
  }
  if (account.disabledAt) return { ok: false, reason: 'disabled' };
  await link(kernel, account.id, id);
  return { ok: true, account };
}

/**
 * Citizen login through a BundID broker: the linked account, else the citizen account with the
 * same verified e-mail, else a new citizen account.
 */
export async function citizenOidcLogin(kernel: Kernel, id: OidcIdentity): Promise<OidcLoginResult> {
  const known = await linked(kernel, id);
  if (known) {
    if (known.kind !== 'citizen') return { ok: false, reason: 'conflict' };
    if (known.disabledAt) return { ok: false, reason: 'disabled' };
    return { ok: true, account: known };
  }
  if (!id.email || !isPlausibleEmail(id.email)) return { ok: false, reason: 'no_email' };
  const now = kernel.clock.now();
  if (id.emailVerified) {
    const existing = await findAccountByEmail(kernel, id.email);
    if (existing) {
      if (existing.kind !== 'citizen') return { ok: false, reason: 'conflict' };
      if (existing.disabledAt) return { ok: false, reason: 'disabled' };
      if (!existing.emailVerifiedAt) {
        // Nobody proved this address before: whoever registered it may not own it, so their
        // password stops working and the address counts as verified by the provider.
        await kernel.db.pool.query(
          `update kernel.accounts set email_verified_at = $2, password_hash = null, updated_at = $2 where id = $1 and email_verified_at is null`,
          [existing.id, now],
        );
        await kernel.db.pool.query('delete from kernel.sessions where account_id = $1', [existing.id]);
      }
      await link(kernel, existing.id, id);
      return { ok: true, account: existing };
    }
  }
  const accountId = await insertAccount(kernel.db.pool, now, {
    kind: 'citizen',
    email: id.email,
    displayName: (id.name ?? id.email).slice(0, 200),
    passwordHash: null,
    emailVerified: id.emailVerified,
  });
  if (!accountId) return { ok: false, reason: 'conflict' };
  await auditAccount(kernel, 'auth.account_created', accountId, {
    actorId: null,
    after: { kind: 'citizen', via: id.issuer },
  });
  await link(kernel, accountId, id);
  const account = await findAccountById(kernel, accountId);
  return account ? { ok: true, account } : { ok: false, reason: 'conflict' };
}
