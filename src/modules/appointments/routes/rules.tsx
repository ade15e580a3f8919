import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { Kernel } from '../../../kernel/kernel.ts';
import { formValue, formValues, type FieldErrors } from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import type { Rule } from '../availability.ts';
import { removeClosure, removeRule, saveRule } from '../commands/staff.ts';
import {
  selectClosures,
  selectLocationBySlug,
  selectOffers,
  selectRule,
  selectRules,
  selectServices,
  type LocationRecord,
  type RuleRecord,
  type ServiceRecord,
} from '../db/queries.ts';
import { managesLocation } from '../policies.ts';
import { presentAppointment, serviceName } from '../presenters/appointment.ts';
import { fullIsoDate } from '../presenters/format.ts';
import { berlinDate, formatTime, parseTime } from '../time.ts';
import {
  ChangeRuleWarningPage,
  DeleteRulePage,
  RuleFormPage,
  RulesPage,
  type RuleFormValues,
  type RuleRowView,
} from '../views/rules.tsx';
import { query } from './params.ts';
import { parseStaffDate } from './staff.tsx';

const FIELDS = ['kind', 'interval', 'nth', 'start', 'end', 'valid_from', 'valid_until', 'service', 'seats'];
const slugParams = Type.Object({ slug: Type.String({ maxLength: 100 }) });
const idParams = Type.Object({ slug: Type.String({ maxLength: 100 }), id: Type.String({ maxLength: 40 }) });
const anyBody = Type.Record(
  Type.String(),
  Type.Union([Type.String({ maxLength: 200 }), Type.Array(Type.String({ maxLength: 10 }), { maxItems: 7 })]),
);

/** Group-session services offered at the office: the only services a rule may name. */
async function groupServicesOf(kernel: Kernel, location: LocationRecord): Promise<ServiceRecord[]> {
  const [services, offers] = await Promise.all([
    selectServices(kernel.db.pool),
    selectOffers(kernel.db.pool, location.id),
  ]);
  return services.filter((s) => s.groupSession && offers.some((o) => o.serviceId === s.id));
}

/**
 * Reads the rule form. Every problem is reported at its field at once; the values come back as
 * typed so nothing is lost on a 422.
 */
export function parseRuleForm(
  t: ViewContext['t'],
  body: unknown,
  location: LocationRecord,
  groupServices: ServiceRecord[],
): { values: RuleFormValues; rule: Rule | null; errors: FieldErrors } {
  const v = Object.fromEntries(FIELDS.map((k) => [k, formValue(body, k).trim()])) as Omit<
    RuleFormValues,
    'weekdays'
  >;
  const values: RuleFormValues = { ...v, weekdays: formValues(body, 'weekdays') };
  const errors: FieldErrors = {};
  const kind = ['weekly', 'monthly', 'once'].includes(v.kind) ? (v.kind as Rule['kind']) : null;
  if (!kind) errors.kind = t('appointments.rules.error.kind');
  const weekdays = [...new Set(values.weekdays)];
  if (weekdays.some((d) => !/^[1-7]$/.test(d))) errors.weekdays = t('appointments.rules.error.weekdays');
  else if (kind !== 'once' && !weekdays.length) errors.weekdays = t('appointments.rules.error.weekdays');
  let interval = 1;
  if (kind === 'weekly' && v.interval) {
    interval = /^\d{1,2}$/.test(v.interval) ? Number(v.interval) : NaN;
    if (!(interval >= 1 && interval <= 12)) errors.interval = t('appointments.rules.error.interval');
  }
  const nth =
    kind === 'monthly' ? (['1', '2', '3', '4', '5', '-1'].includes(v.nth) ? Number(v.nth) : null) : null;
  if (kind === 'monthly' && nth === null) errors.nth = t('appointments.rules.error.nth');
  const start = parseTime(v.start);
  const end = parseTime(v.end);
  const grid = location.slotMinutes;
  if (start === null) errors.start = t('appointments.staff.error.time');
  else if (start % grid) errors.start = t('appointments.rules.error.grid', { minutes: grid });
  if (end === null) errors.end = t('appointments.staff.error.time');
  else if (end % grid) errors.end = t('appointments.rules.error.grid', { minutes: grid });
  else if (start !== null && end <= start) errors.end = t('appointments.staff.error.range');
  const validFrom = parseStaffDate(v.valid_from);
  if (!validFrom) errors.valid_from = t('appointments.staff.error.date');
  const validUntil = v.valid_until ? parseStaffDate(v.valid_until) : null;
  if (v.valid_until && !validUntil) errors.valid_until = t('appointments.staff.error.date');
  else if (validUntil && validFrom && validUntil < validFrom)
    errors.valid_until = t('appointments.staff.error.range');
  const service = v.service ? groupServices.find((s) => s.key === v.service) : null;
  if (v.service && !service) errors.service = t('appointments.rules.error.service');
  let seats: number | null = null;
  if (service) {
    seats = /^\d{1,3}$/.test(v.seats) ? Number(v.seats) : NaN;
    if (!(seats >= 1 && seats <= 500)) errors.seats = t('appointments.rules.error.seats');
  } else if (v.seats) errors.seats = t('appointments.rules.error.seatsWithoutService');
  if (Object.keys(errors).length) return { values, rule: null, errors };
  return {
    values,
    errors,
    rule: {
      kind: kind!,
      weekdays: kind === 'once' ? [] : weekdays.map(Number).sort(),
      intervalWeeks: interval,
      nthWeek: nth,
      start: start!,
      end: end!,
      validFrom: validFrom!,
      // A one-off rule is the one day.
      validUntil: kind === 'once' ? validFrom! : validUntil,
      serviceId: service?.id ?? null,
      seats,
    },
  };
}

function toValues(r: RuleRecord, services: ServiceRecord[]): RuleFormValues {
  const date = (iso: string | null) => (iso ? iso.split('-').reverse().join('.') : '');
  return {
    kind: r.kind,
    weekdays: r.weekdays.map(String),
    interval: r.kind === 'weekly' ? String(r.intervalWeeks) : '',
    nth: r.nthWeek === null ? '' : String(r.nthWeek),
    start: formatTime(r.start),
    end: formatTime(r.end),
    valid_from: date(r.validFrom),
    valid_until: r.kind === 'once' ? '' : date(r.validUntil),
    service: services.find((s) => s.id === r.serviceId)?.key ?? '',
    seats: r.seats === null ? '' : String(r.seats),
  };
}

function ruleRow(ctx: ViewContext, r: RuleRecord, services: ServiceRecord[]): RuleRowView {
  const { t, lang } = ctx;
  const service = services.find((s) => s.id === r.serviceId);
  return {
    id: r.id,
    days:
      r.kind === 'once'
        ? fullIsoDate(lang, r.validFrom)
        : r.weekdays.map((d) => t(`appointments.rules.weekday.${d}`)).join(', '),
    repeat:
      r.kind === 'once'
        ? t('appointments.rules.kind.once')
        : r.kind === 'monthly'
          ? t('appointments.rules.repeat.monthly', { nth: t(`appointments.rules.nth.${r.nthWeek ?? 1}`) })
          : r.intervalWeeks > 1
            ? t('appointments.rules.repeat.everyN', { n: r.intervalWeeks })
            : t('appointments.rules.kind.weekly'),
    time: `${formatTime(r.start)}–${formatTime(r.end)}`,
    valid:
      r.kind === 'once'
        ? '–'
        : r.validUntil
          ? t('appointments.rules.validRange', {
              from: fullIsoDate(lang, r.validFrom),
              to: fullIsoDate(lang, r.validUntil),
            })
          : t('appointments.rules.validFrom', { from: fullIsoDate(lang, r.validFrom) }),
    what: service
      ? t('appointments.rules.session', { service: serviceName(lang, service), seats: r.seats ?? 0 })
      : t('appointments.rules.desks'),
  };
}

/** Staff pages for the opening rules and closures of an office. */
export async function ruleRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const manages = managesLocation(kernel);
  const db = kernel.db.pool;
  // The policy has checked that the office exists and may be managed.
  const locationOf = async (req: FastifyRequest) =>
    (await selectLocationBySlug(db, (req.params as { slug: string }).slug))!;
  const listUrl = (l: LocationRecord, info?: string) =>
    `/verwaltung/termine/${l.slug}/regeln${query({ info })}`;

  app.get<{ Params: { slug: string }; Querystring: { info?: string } }>(
    '/verwaltung/termine/:slug/regeln',
    {
      config: { policy: manages },
      schema: {
        params: slugParams,
        querystring: Type.Object({ info: Type.Optional(Type.String({ maxLength: 200 })) }),
      },
    },
    async (req, reply) => {
      const ctx = reply.viewContext();
      const location = await locationOf(req);
      const [rules, closures, services] = await Promise.all([
        selectRules(db, location.id),
        selectClosures(db, location.id, berlinDate(kernel.clock.now())),
        selectServices(db),
      ]);
      return reply.html(
        <RulesPage
          ctx={ctx}
          slug={location.slug}
          name={location.name}
          rules={rules.map((r) => ruleRow(ctx, r, services))}
          closures={closures.map((c) => ({
            id: c.id,
            range:
              c.from === c.to
                ? fullIsoDate(ctx.lang, c.from)
                : `${fullIsoDate(ctx.lang, c.from)} – ${fullIsoDate(ctx.lang, c.to)}`,
            reason: c.reason ?? '',
          }))}
          notice={req.query.info}
        />,
      );
    },
  );

  async function formPage(
    reply: FastifyReply,
    location: LocationRecord,
    ruleId: string | null,
    values: RuleFormValues,
    errors?: FieldErrors,
  ) {
    const ctx = reply.viewContext();
    const groupServices = await groupServicesOf(kernel, location);
    return reply.html(
      <RuleFormPage
        ctx={ctx}
        slug={location.slug}
        name={location.name}
        ruleId={ruleId}
        values={values}
        errors={errors}
        groupServices={groupServices.map((s) => ({ value: s.key, label: serviceName(ctx.lang, s) }))}
        slotMinutes={location.slotMinutes}
      />,
      errors && Object.keys(errors).length ? 422 : 200,
    );
  }

  const notFound = (reply: FastifyReply) => reply.callNotFound();

  app.get<{ Params: { slug: string; id: string } }>(
    '/verwaltung/termine/:slug/regeln/:id',
    { config: { policy: manages }, schema: { params: idParams } },
    async (req, reply) => {
      const location = await locationOf(req);
      if (req.params.id === 'neu')
        return formPage(reply, location, null, {
          kind: 'weekly',
          weekdays: [],
          interval: '1',
          nth: '',
          start: '',
          end: '',
          valid_from: berlinDate(kernel.clock.now()).split('-').reverse().join('.'),
          valid_until: '',
          service: '',
          seats: '',
        });
      const rule = await selectRule(db, location.id, req.params.id);
      if (!rule) return notFound(reply);
      return formPage(reply, location, rule.id, toValues(rule, await selectServices(db)));
    },
  );

  app.post<{ Params: { slug: string; id: string }; Body: Record<string, string | string[]> }>(
    '/verwaltung/termine/:slug/regeln/:id',
    { config: { policy: manages }, schema: { params: idParams, body: anyBody } },
    async (req, reply) => {
      const t = reply.viewContext().t;
      const location = await locationOf(req);
      const ruleId = req.params.id === 'neu' ? null : req.params.id;
      if (ruleId && !(await selectRule(db, location.id, ruleId))) return notFound(reply);
      const groupServices = await groupServicesOf(kernel, location);
      const form = parseRuleForm(t, req.body, location, groupServices);
      if (!form.rule) return formPage(reply, location, ruleId, form.values, form.errors);
      const actor = req.principal!.accountId;
      // A change that leaves booked appointments without a place is shown first (the warning).
      if (ruleId && formValue(req.body, 'bestaetigt') !== '1') {
        const preview = await saveRule(kernel, location, ruleId, form.rule, actor, { dryRun: true });
        if (!preview) return notFound(reply);
        if (preview.affected.length) {
          const ctx = reply.viewContext();
          return reply.html(
            <ChangeRuleWarningPage
              ctx={ctx}
              slug={location.slug}
              name={location.name}
              ruleId={ruleId}
              values={form.values}
              affected={preview.affected.map((a) => presentAppointment(ctx.lang, a))}
            />,
          );
        }
      }
      const res = await saveRule(kernel, location, ruleId, form.rule, actor);
      if (!res) return notFound(reply);
      return reply.redirect(
        listUrl(location, t('appointments.rules.saved', { count: res.affected.length })),
        303,
      );
    },
  );

  app.get<{ Params: { slug: string; id: string } }>(
    '/verwaltung/termine/:slug/regeln/:id/loeschen',
    { config: { policy: manages }, schema: { params: idParams } },
    async (req, reply) => {
      const ctx = reply.viewContext();
      const location = await locationOf(req);
      const rule = await selectRule(db, location.id, req.params.id);
      if (!rule) return notFound(reply);
      const preview = await removeRule(kernel, location, rule.id, req.principal!.accountId, {
        dryRun: true,
      });
      return reply.html(
        <DeleteRulePage
          ctx={ctx}
          slug={location.slug}
          name={location.name}
          rule={ruleRow(ctx, rule, await selectServices(db))}
          affected={(preview?.affected ?? []).map((a) => presentAppointment(ctx.lang, a))}
        />,
      );
    },
  );

  app.post<{ Params: { slug: string; id: string } }>(
    '/verwaltung/termine/:slug/regeln/:id/loeschen',
    { config: { policy: manages }, schema: { params: idParams } },
    async (req, reply) => {
      const t = reply.viewContext().t;
      const location = await locationOf(req);
      const res = await removeRule(kernel, location, req.params.id, req.principal!.accountId);
      if (!res) return notFound(reply);
      return reply.redirect(
        listUrl(location, t('appointments.rules.deleted', { count: res.affected.length })),
        303,
      );
    },
  );

  app.post<{ Params: { slug: string; id: string } }>(
    '/verwaltung/termine/:slug/schliessungen/:id/loeschen',
    { config: { policy: manages }, schema: { params: idParams } },
    async (req, reply) => {
      const t = reply.viewContext().t;
      const location = await locationOf(req);
      const res = await removeClosure(kernel, location, req.params.id, req.principal!.accountId);
      if (!res) return notFound(reply);
      return reply.redirect(listUrl(location, t('appointments.rules.reopened')), 303);
    },
  );
}
