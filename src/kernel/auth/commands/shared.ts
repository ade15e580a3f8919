import type { Kernel } from '../../kernel.ts';

/** An absolute link into the platform for mails. */
export function absoluteUrl(kernel: Pick<Kernel, 'config'>, path: string): string {
  return `${kernel.config.baseUrl.replace(/\/+$/, '')}${path}`;
}

/** Audit entries of this part all concern an account. */
export async function auditAccount(
  kernel: Pick<Kernel, 'audit'>,
  action: string,
  accountId: string | null,
  opts: { actorId?: string | null; after?: unknown; before?: unknown } = {},
): Promise<void> {
  await kernel.audit.record({
    actorId: opts.actorId === undefined ? accountId : opts.actorId,
    action,
    objectType: 'account',
    objectId: accountId,
    ...(opts.before === undefined ? {} : { before: opts.before }),
    ...(opts.after === undefined ? {} : { after: opts.after }),
  });
}
