import type { Kernel } from '../../../kernel/kernel.ts';
import type { Lang } from '../../../kernel/i18n/index.ts';
import { inTransaction } from '../../../kernel/db/database.ts';
import { readApplicationsConfig } from '../config.ts';
import { consumeResumeToken, getDraft, insertResumeToken, setDraftOwnerKey } from '../db/queries.ts';
import { tx } from '../engine/definition.ts';
import { hashSecret, newSecret } from '../reference.ts';
import type { LoadedDraft } from './applications.ts';

const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;
const DAY_MS = 86_400_000;

/** Mails a single-use link to resume an anonymous draft (valid resumeLinkDays days). */
export async function requestResumeLink(
  kernel: Kernel,
  loaded: LoadedDraft,
  email: string,
  lang: Lang,
): Promise<{ ok: true } | { ok: false; reason: 'invalid_email' }> {
  if (!email || email.length > 254 || !EMAIL.test(email)) return { ok: false, reason: 'invalid_email' };
  const cfg = readApplicationsConfig(kernel.fullConfig);
  const token = newSecret();
  const now = kernel.clock.now();
  const expiresAt = new Date(now.getTime() + cfg.resumeLinkDays * DAY_MS);
  await insertResumeToken(kernel.db.pool, {
    tokenHash: hashSecret(token),
    draftId: loaded.draft.id,
    email,
    expiresAt,
    at: now,
  });
  const t = kernel.i18n.translator(lang);
  await kernel.mail.sendTemplate(email, 'applications.resume', lang, {
    title: tx(loaded.def.title, lang),
    url: `${kernel.config.baseUrl}/antraege/fortsetzen/${token}`,
    days: cfg.resumeLinkDays,
    site: t('site.name'),
  });
  return { ok: true };
}

/**
 * Uses a resume link: marks it used (atomically — a second use fails) and hands the draft to the
 * browser that opened it (a new browser key; the old one no longer opens the draft).
 */
export async function resumeDraft(
  kernel: Kernel,
  token: string,
  newKeyHash: () => string,
): Promise<{ ok: true; draftId: string; slug: string } | { ok: false }> {
  return inTransaction(kernel.db.pool, async (client) => {
    const draftId = await consumeResumeToken(client, hashSecret(token), kernel.clock.now());
    if (!draftId) return { ok: false as const };
    const draft = await getDraft(client, draftId, true);
    if (!draft || draft.status !== 'open' || draft.accountId) return { ok: false as const };
    await setDraftOwnerKey(client, draftId, newKeyHash());
    return { ok: true as const, draftId, slug: draft.formSlug };
  });
}
