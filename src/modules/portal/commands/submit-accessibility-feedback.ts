import type { Kernel } from '../../../kernel/kernel.ts';
import { formatDateTime } from '../../../kernel/i18n/format.ts';
import type { Lang } from '../../../kernel/i18n/index.ts';
import { readPortalConfig } from '../config.ts';
import { deleteFeedbackBefore, insertFeedback, setFeedbackMail } from '../db/feedback.queries.ts';
import { findFeedbackContact } from '../queries/feedback-contact.ts';

export interface AccessibilityFeedback {
  name: string;
  email: string;
  page: string;
  message: string;
}

/** A short reference the citizen can quote (first 8 hex digits of the id, upper case). */
export function feedbackReference(id: string): string {
  return id.replace(/-/g, '').slice(0, 8).toUpperCase();
}

const DAY_MS = 86_400_000;

/**
 * Stores accessibility feedback and mails it to the responsible office. The row is stored first:
 * when mail fails, the feedback is still there and the failure is logged. Old feedback past the
 * retention period is deleted on the way (no separate job needed for this small table).
 */
export async function submitAccessibilityFeedback(
  kernel: Kernel,
  input: AccessibilityFeedback,
  lang: Lang,
): Promise<{ ok: true; id: string; reference: string; mailed: boolean }> {
  const cfg = readPortalConfig(kernel.fullConfig);
  const now = kernel.clock.now();
  const { recipient } = await findFeedbackContact(kernel);
  await deleteFeedbackBefore(kernel.db.pool, new Date(now.getTime() - cfg.feedbackRetentionDays * DAY_MS));
  const id = await insertFeedback(kernel.db.pool, {
    name: input.name || null,
    email: input.email || null,
    page: input.page || null,
    message: input.message,
    lang,
    recipient,
    createdAt: now,
  });
  const reference = feedbackReference(id);
  if (!recipient) {
    kernel.log.warn({ feedbackId: id }, 'accessibility feedback stored, but no recipient is configured');
    return { ok: true, id, reference, mailed: false };
  }
  // The office works in German; the mail says which language the citizen used.
  const t = kernel.i18n.translator('de');
  const none = t('mail.portal.accessibilityFeedback.none');
  try {
    const mail = await kernel.mail.sendTemplate(recipient, 'portal.accessibilityFeedback', 'de', {
      reference,
      name: input.name || none,
      email: input.email || none,
      page: input.page || none,
      message: input.message,
      lang: t(`portal.language.${lang}`),
      receivedAt: formatDateTime('de', now),
      site: t('site.name'),
    });
    await setFeedbackMail(kernel.db.pool, id, mail.id);
    return { ok: true, id, reference, mailed: true };
  } catch (err) {
    kernel.log.error(
      { err, feedbackId: id },
      'accessibility feedback stored, but the mail could not be queued',
    );
    return { ok: true, id, reference, mailed: false };
  }
}
