import type { StoredMail } from '../../src/kernel/mail/index.ts';
import type { Kernel } from '../../src/kernel/kernel.ts';

/** Waits until a mail to `to` (optionally matching `subject`) is in the outbox; newest first. */
export async function waitForMail(
  kernel: Kernel,
  to: string,
  opts: { subject?: RegExp; timeoutMs?: number } = {},
): Promise<StoredMail> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  for (;;) {
    const mails = await kernel.mail.recent({ to });
    const hit = mails.find((m) => !opts.subject || opts.subject.test(m.subject));
    if (hit) return hit;
    if (Date.now() > deadline) {
      throw new Error(
        `no mail to ${to}${opts.subject ? ` matching ${String(opts.subject)}` : ''}; outbox has: ${mails.map((m) => m.subject).join(', ') || 'nothing'}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every link in a mail's text that points at the app, in order. */
export function linksIn(mail: StoredMail, baseUrl: string): string[] {
  const escaped = baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [...mail.text.matchAll(new RegExp(`${escaped}/[^\\s<>"')\\]]*`, 'g'))].map((m) => m[0]);
}
