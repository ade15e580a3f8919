import type { KernelDeps } from '../deps.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  send(msg: MailMessage): Promise<void>;
  close(): Promise<void>;
}

// Placeholder until the mail implementation lands.
export function createMailer(_deps: KernelDeps): Mailer {
  return { send: async () => undefined, close: async () => undefined };
}
