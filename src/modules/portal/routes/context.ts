import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kernel } from '../../../kernel/kernel.ts';
import type { Tenant } from '../../../kernel/tenants/index.ts';
import type { ViewContext } from '../../../kernel/views/context.ts';

/** Cookie holding the id of the municipality the visitor chose ("Meine Kommune"). */
export const MY_TOWN_COOKIE = 'ok_kommune';
export const MY_TOWN_MAX_AGE = 365 * 24 * 3600;
const ID = /^[a-z0-9-]{1,64}$/;

/** The visitor's chosen municipality, if the cookie names one that exists. */
export async function readMyTown(kernel: Kernel, req: FastifyRequest): Promise<Tenant | undefined> {
  const id = req.cookies[MY_TOWN_COOKIE];
  if (!id || !ID.test(id)) return undefined;
  const town = await kernel.tenants.get(id);
  return town?.kind === 'gemeinde' ? town : undefined;
}

/** The request's view context plus the "Meine Kommune" link in the header. */
export async function portalView(
  kernel: Kernel,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<{ ctx: ViewContext; myTown: Tenant | undefined }> {
  const base = reply.viewContext();
  const myTown = await readMyTown(kernel, req);
  const label = myTown
    ? base.t('portal.header.myTown', { name: myTown.name })
    : base.t('portal.header.chooseTown');
  return {
    ctx: {
      ...base,
      utilityLinks: [{ href: '/meine-kommune', label, icon: 'home' }, ...(base.utilityLinks ?? [])],
    },
    myTown,
  };
}
