import type { KernelDeps } from '../deps.ts';
import type { Lang } from '../i18n/index.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** A mail as kept in the outbox table (also what tests read). */
export interface StoredMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  createdAt: Date;
  /** 'outbox' when no SMTP is configured; 'sent' / 'failed' with SMTP. */
  status: 'outbox' | 'sent' | 'failed';
}

export interface Mailer {
  send(msg: MailMessage): Promise<void>;
  /**
   * Sends a template. A template is two i18n keys: `mail.<name>.subject` and `mail.<name>.body`
   * (plain text with {placeholders}); the HTML part is made from the text.
   */
  sendTemplate(to: string, name: string, lang: Lang, data: Record<string, string | number>): Promise<void>;
  /** Newest first; for the staff outbox page and for tests. */
  recent(opts?: { to?: string; limit?: number }): Promise<StoredMail[]>;
  close(): Promise<void>;
}

// Placeholder until the mail implementation lands.
export function createMailer(_deps: KernelDeps): Mailer {
  return {
    send: async () => undefined,
    sendTemplate: async () => undefined,
    recent: async () => [],
    close: async () => undefined,
  };
}
