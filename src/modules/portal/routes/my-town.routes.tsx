import type { FastifyInstance, FastifyReply } from 'fastify';
import Type from 'typebox';
import type { Kernel } from '../../../kernel/kernel.ts';
import type { Tenant } from '../../../kernel/tenants/index.ts';
import { FormValidator, type FieldErrors } from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import { MyTownPage, type MyTownPageProps } from '../views/my-town-page.tsx';
import { MY_TOWN_COOKIE, MY_TOWN_MAX_AGE, portalView } from './context.ts';

const query = Type.Object({
  plz: Type.Optional(Type.String({ maxLength: 100 })),
  gespeichert: Type.Optional(Type.String({ maxLength: 10 })),
  geloescht: Type.Optional(Type.String({ maxLength: 10 })),
});
const body = Type.Object({ kommune: Type.Optional(Type.String({ maxLength: 200 })) });

/** "Meine Kommune": find the municipality by postal code or pick it; the choice lives in a cookie. */
export async function myTownRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const secure = kernel.config.baseUrl.startsWith('https://');
  const cookieOpts = { path: '/', sameSite: 'lax' as const, httpOnly: true, secure };

  async function render(
    reply: FastifyReply,
    ctx: ViewContext,
    props: Omit<MyTownPageProps, 'ctx' | 'towns' | 'kreisName'>,
    status = 200,
  ) {
    const tenants = await kernel.tenants.list();
    const kreis = tenants.find((x) => x.kind === 'kreis');
    const towns = tenants.filter((x) => x.kind === 'gemeinde');
    return reply.html(
      <MyTownPage ctx={ctx} towns={towns} kreisName={kreis?.name ?? ctx.t('site.owner')} {...props} />,
      status,
    );
  }

  app.get<{ Querystring: { plz?: string; gespeichert?: string; geloescht?: string } }>(
    '/meine-kommune',
    { config: { policy: 'public' }, schema: { querystring: query } },
    async (req, reply) => {
      const { ctx, myTown } = await portalView(kernel, req, reply);
      const base = { myTown, saved: req.query.gespeichert === '1', cleared: req.query.geloescht === '1' };
      if (req.query.plz === undefined) return render(reply, ctx, base);
      const v = new FormValidator(ctx.t, req.query);
      const plz = v.postalCode('plz', {
        label: ctx.t('portal.myTown.postalCode'),
        required: true,
        messages: { required: ctx.t('portal.myTown.postalCode.required') },
      });
      if (!v.ok) return render(reply, ctx, { ...base, plz: req.query.plz, errors: v.errors }, 422);
      const matches = (await kernel.tenants.byPostalCode(plz)).filter((x) => x.kind === 'gemeinde');
      if (!matches.length) {
        const kreis = await kernel.tenants.kreis();
        const errors: FieldErrors = {
          plz: ctx.t('portal.myTown.postalCode.unknown', { plz, kreis: kreis?.name ?? ctx.t('site.owner') }),
        };
        return render(reply, ctx, { ...base, plz, errors }, 422);
      }
      return render(reply, ctx, { ...base, plz, matches });
    },
  );

  app.post<{ Body: { kommune?: string } }>(
    '/meine-kommune',
    { config: { policy: 'public' }, schema: { body } },
    async (req, reply) => {
      const { ctx, myTown } = await portalView(kernel, req, reply);
      const towns = (await kernel.tenants.list()).filter((x) => x.kind === 'gemeinde');
      const v = new FormValidator(ctx.t, req.body);
      const id = v.choice(
        'kommune',
        towns.map((x) => x.id),
        {
          label: ctx.t('portal.myTown.town'),
          required: true,
          messages: { required: ctx.t('portal.myTown.town.required') },
        },
      );
      const town: Tenant | undefined = towns.find((x) => x.id === id);
      if (!v.ok || !town) return render(reply, ctx, { myTown, errors: v.errors, choice: undefined }, 422);
      reply.setCookie(MY_TOWN_COOKIE, town.id, { ...cookieOpts, maxAge: MY_TOWN_MAX_AGE });
      return reply.redirect('/meine-kommune?gespeichert=1', 303);
    },
  );

  app.post('/meine-kommune/loeschen', { config: { policy: 'public' } }, async (_req, reply) => {
    reply.clearCookie(MY_TOWN_COOKIE, cookieOpts);
    return reply.redirect('/meine-kommune?geloescht=1', 303);
  });
}
