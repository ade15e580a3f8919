/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- council rows are untyped SQL results (Row); presenters and views shape them. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kernel } from '../../../kernel/kernel.ts';
import { sendStoredFile } from '../../../kernel/files/index.ts';
import type { FieldErrors } from '../../../kernel/views/components.tsx';
import {
  agendaOf,
  consultationsOf,
  filesByIds,
  getBody,
  getFile,
  getMeeting,
  getOrganization,
  getPaper,
  getPerson,
  bodyNames,
  listBodies,
  listOrganizations,
  listPersons,
  meetingsBetween,
  meetingsOfOrganization,
  meetingsOfPerson,
  membersOf,
  membershipsOf,
  paperTypes,
  searchPapers,
  upcomingMeetings,
  type Access,
} from '../db/public.queries.ts';
import { renderCalendar } from '../ical.ts';
import { parseFilterDate } from '../oparl/format.ts';
import { canReadInternal } from '../policies.ts';
import {
  BodyPage,
  CalendarPage,
  MeetingPage,
  OrganizationPage,
  PaperPage,
  PersonPage,
  SearchPage,
  StartPage,
} from '../views/portal.tsx';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const BODY = /^[a-z0-9][a-z0-9-]{0,63}$/;
const ID = /^[1-9]\d{0,15}$/;
const pub = { config: { policy: 'public' as const, pageCache: true } };
const DAY = 86_400_000;
const PAGE_SIZE = 20;

type Q = Record<string, string | string[] | undefined>;
const one = (q: Q, k: string): string => {
  const v = q[k];
  return typeof v === 'string' ? v.slice(0, 300) : '';
};

/** "2026-11" → first instant of the month in Berlin and of the next one. */
export function monthRange(month: string): { from: Date; to: Date } | null {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || +m[2]! < 1 || +m[2]! > 12 || +m[1]! < 1900 || +m[1]! > 2999) return null;
  const y = +m[1]!;
  const mo = +m[2]!;
  const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
  return { from: parseFilterDate(`${month}-01T00:00:00`)!, to: parseFilterDate(`${next}-01T00:00:00`)! };
}

function shiftMonth(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + delta, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

function calendarDays(month: string) {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 1, 1));
  const lead = (first.getUTCDay() + 6) % 7;
  const start = first.getTime() - lead * DAY;
  const days: { date: string; day: number; inMonth: boolean }[] = [];
  for (let i = 0; ; i++) {
    const d = new Date(start + i * DAY);
    if (i >= 28 && i % 7 === 0 && (d.getUTCMonth() !== m - 1 || d.getUTCFullYear() !== y)) break;
    days.push({
      date: d.toISOString().slice(0, 10),
      day: d.getUTCDate(),
      inMonth: d.getUTCMonth() === m - 1,
    });
  }
  return days;
}

/** Public council portal under /ratsinfo (German URLs). Members and the council office see more. */
export async function portalRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const pool = kernel.db.pool;
  const base = kernel.config.baseUrl.replace(/\/$/, '');

  async function bodyOf(req: FastifyRequest<{ Params: { body: string } }>) {
    if (!BODY.test(req.params.body)) return undefined;
    return getBody(pool, req.params.body);
  }
  // The list of paper types for the filter changes rarely; reading it is a scan over all papers.
  let typesCache: { at: number; types: string[] } | null = null;
  const filterTypes = async () => {
    const now = kernel.clock.now().getTime();
    if (!typesCache || now - typesCache.at > 60_000) typesCache = { at: now, types: await paperTypes(pool) };
    return typesCache.types;
  };
  const access = (req: FastifyRequest, tenantId: string): Access =>
    canReadInternal(req.principal, tenantId) ? 'internal' : 'public';

  app.get('/ratsinfo', pub, async (_req, reply) => {
    const ctx = reply.viewContext();
    const [bodies, upcoming] = await Promise.all([
      listBodies(pool),
      upcomingMeetings(pool, null, kernel.clock.now(), 10),
    ]);
    return reply.html(<StartPage ctx={ctx} bodies={bodies} upcoming={upcoming} />);
  });

  app.get<{ Querystring: Q }>('/ratsinfo/suche', pub, async (req, reply) => {
    const ctx = reply.viewContext();
    const q = req.query;
    const values = {
      q: one(q, 'q').trim(),
      koerperschaft: one(q, 'koerperschaft'),
      art: one(q, 'art'),
      von: one(q, 'von').trim(),
      bis: one(q, 'bis').trim(),
    };
    const [bodies, types] = await Promise.all([bodyNames(pool), filterTypes()]);
    const searched = Object.keys(q).some((k) => ['q', 'koerperschaft', 'art', 'von', 'bis'].includes(k));
    const pageRaw = one(q, 'seite');
    const page = /^\d{1,4}$/.test(pageRaw) && +pageRaw >= 1 ? +pageRaw : 1;
    const props = { ctx, values, bodies, types, page, pageCount: 1, href: (_p: number) => '' };
    if (!searched) return reply.html(<SearchPage {...props} />);
    const errors: FieldErrors = {};
    if (values.q.length > 200) errors.q = ctx.t('council.search.q.tooLong');
    if (values.q.includes('\0')) errors.q = ctx.t('council.search.q.invalid');
    if (!values.q && !values.art && !values.koerperschaft && !values.von && !values.bis)
      errors.q = ctx.t('council.search.q.required');
    if (values.koerperschaft && !bodies.some((b) => b.id === values.koerperschaft))
      errors.koerperschaft = ctx.t('council.search.body.invalid');
    if (values.art && !types.includes(values.art)) errors.art = ctx.t('council.search.type.invalid');
    const isoDate = (s: string) => {
      const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s) ?? /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
      if (!m) return null;
      const [y, mo, d] = s.includes('.') ? [m[3], m[2], m[1]] : [m[1], m[2], m[3]];
      const iso = `${y}-${mo!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
      const dt = new Date(`${iso}T00:00:00Z`);
      return Number.isNaN(dt.getTime()) || dt.toISOString().slice(0, 10) !== iso ? null : iso;
    };
    const from = values.von ? isoDate(values.von) : undefined;
    const to = values.bis ? isoDate(values.bis) : undefined;
    if (from === null) errors.von = ctx.t('council.search.date.invalid');
    if (to === null) errors.bis = ctx.t('council.search.date.invalid');
    if (from && to && from > to) errors.bis = ctx.t('council.search.date.order');
    if (Object.keys(errors).length) return reply.html(<SearchPage {...props} errors={errors} />, 422);
    const results = await searchPapers(pool, {
      q: values.q || undefined,
      bodyId: values.koerperschaft || undefined,
      paperType: values.art || undefined,
      from: from ?? undefined,
      to: to ?? undefined,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    const pageCount = Math.max(1, Math.ceil(results.total / PAGE_SIZE));
    const href = (p: number) => {
      const sp = new URLSearchParams(Object.entries(values).filter(([, v]) => v));
      if (p > 1) sp.set('seite', String(p));
      return `/ratsinfo/suche?${sp}`;
    };
    return reply.html(
      <SearchPage {...props} results={results} page={page} pageCount={pageCount} href={href} />,
    );
  });

  app.get<{ Params: { body: string } }>('/ratsinfo/:body', pub, async (req, reply) => {
    const body = await bodyOf(req);
    if (!body) return reply.callNotFound();
    const [organizations, upcoming, persons] = await Promise.all([
      listOrganizations(pool, body.id),
      upcomingMeetings(pool, body.id, kernel.clock.now(), 10),
      listPersons(pool, body.id),
    ]);
    return reply.html(
      <BodyPage
        ctx={reply.viewContext()}
        body={body}
        organizations={organizations}
        upcoming={upcoming}
        persons={persons}
      />,
    );
  });

  app.get<{ Params: { body: string }; Querystring: Q }>(
    '/ratsinfo/:body/sitzungen',
    pub,
    async (req, reply) => {
      const body = await bodyOf(req);
      if (!body) return reply.callNotFound();
      const ctx = reply.viewContext();
      const now = kernel.clock.now();
      const thisMonth = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' })
        .format(now)
        .slice(0, 7);
      const monthRaw = one(req.query, 'monat') || thisMonth;
      const range = monthRange(monthRaw);
      const view = one(req.query, 'ansicht') || 'monat';
      const gremium = one(req.query, 'gremium');
      if (!range || (view !== 'monat' && view !== 'liste') || (gremium && !ID.test(gremium))) {
        return reply.html(
          <CalendarPage
            ctx={ctx}
            body={body}
            month={thisMonth}
            prev={shiftMonth(thisMonth, -1)}
            next={shiftMonth(thisMonth, 1)}
            view="liste"
            meetings={[]}
            organizations={[]}
            days={[]}
            monthLabel={ctx.t('council.calendar.invalid')}
          />,
          400,
        );
      }
      const organizations = await listOrganizations(pool, body.id);
      const organizationId = gremium ? Number(gremium) : undefined;
      const meetings = await meetingsBetween(
        pool,
        body.id,
        range.from,
        range.to,
        access(req, body.tenant_id),
        organizationId,
      );
      const monthLabel = new Intl.DateTimeFormat(ctx.lang === 'de' ? 'de-DE' : 'en-GB', {
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      }).format(new Date(`${monthRaw}-15T00:00:00Z`));
      return reply.html(
        <CalendarPage
          ctx={ctx}
          body={body}
          month={monthRaw}
          prev={shiftMonth(monthRaw, -1)}
          next={shiftMonth(monthRaw, 1)}
          view={view}
          meetings={meetings}
          organizations={organizations}
          organizationId={organizationId}
          days={calendarDays(monthRaw)}
          monthLabel={monthLabel}
        />,
      );
    },
  );

  app.get<{ Params: { body: string; id: string } }>(
    '/ratsinfo/:body/sitzungen/:id',
    pub,
    async (req, reply) => {
      const body = await bodyOf(req);
      if (!body || !ID.test(req.params.id)) return reply.callNotFound();
      const acc = access(req, body.tenant_id);
      const meeting = await getMeeting(pool, body.id, Number(req.params.id), acc);
      if (!meeting) return reply.callNotFound();
      const agenda = await agendaOf(pool, meeting.id, acc);
      const files = await filesByIds(
        pool,
        [
          meeting.invitation_file_id,
          meeting.results_file_id,
          meeting.verbatim_file_id,
          ...meeting.auxiliary_file_ids,
        ]
          .filter(Boolean)
          .map(Number),
        acc,
      );
      return reply.html(
        <MeetingPage
          ctx={reply.viewContext()}
          body={body}
          meeting={meeting}
          agenda={agenda}
          files={files}
          internal={acc === 'internal'}
        />,
      );
    },
  );

  app.get<{ Params: { body: string; id: string } }>(
    '/ratsinfo/:body/vorlagen/:id',
    pub,
    async (req, reply) => {
      const body = await bodyOf(req);
      if (!body || !ID.test(req.params.id)) return reply.callNotFound();
      const acc = access(req, body.tenant_id);
      const paper = await getPaper(pool, body.id, Number(req.params.id), acc);
      if (!paper) return reply.callNotFound();
      const [consultations, files] = await Promise.all([
        consultationsOf(pool, paper.id, acc),
        filesByIds(pool, [paper.main_file_id, ...paper.auxiliary_file_ids].filter(Boolean).map(Number), acc),
      ]);
      return reply.html(
        <PaperPage
          ctx={reply.viewContext()}
          body={body}
          paper={paper}
          consultations={consultations}
          files={files}
          internal={acc === 'internal'}
        />,
      );
    },
  );

  async function ics(reply: FastifyReply, name: string, rows: Row[]) {
    const now = kernel.clock.now();
    const body = renderCalendar(
      name,
      rows.map((m) => ({
        uid: `meeting-${m.id}@${new URL(base).host}`,
        start: m.start_at,
        end: m.end_at,
        summary: m.name,
        location: m.location,
        url: `${base}/ratsinfo/${m.body_id}/sitzungen/${m.id}`,
        cancelled: m.cancelled,
        created: m.created,
        modified: m.modified,
      })),
      now,
    );
    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', 'inline; filename="sitzungen.ics"')
      .send(body);
  }

  app.get<{ Params: { body: string; id: string } }>(
    '/ratsinfo/:body/gremien/:id',
    pub,
    async (req, reply) => {
      const body = await bodyOf(req);
      const isIcs = req.params.id.endsWith('.ics');
      const rawId = isIcs ? req.params.id.slice(0, -4) : req.params.id;
      if (!body || !ID.test(rawId)) return reply.callNotFound();
      const org = await getOrganization(pool, body.id, Number(rawId));
      if (!org) return reply.callNotFound();
      const now = kernel.clock.now();
      if (isIcs) {
        const rows = await meetingsOfOrganization(
          pool,
          org.id,
          new Date(now.getTime() - 6 * 366 * DAY),
          new Date(now.getTime() + 800 * DAY),
        );
        return ics(reply, org.name, rows);
      }
      const [members, meetings] = await Promise.all([
        membersOf(pool, org.id),
        meetingsOfOrganization(
          pool,
          org.id,
          new Date(now.getTime() - 120 * DAY),
          new Date(now.getTime() + 365 * DAY),
        ),
      ]);
      return reply.html(
        <OrganizationPage
          ctx={reply.viewContext()}
          body={body}
          org={org}
          members={members}
          meetings={meetings.map((m) => ({ ...m, organizations: org.name }))}
        />,
      );
    },
  );

  app.get<{ Params: { body: string; id: string } }>(
    '/ratsinfo/:body/personen/:id',
    pub,
    async (req, reply) => {
      const body = await bodyOf(req);
      const isIcs = req.params.id.endsWith('.ics');
      const rawId = isIcs ? req.params.id.slice(0, -4) : req.params.id;
      if (!body || !ID.test(rawId)) return reply.callNotFound();
      const person = await getPerson(pool, body.id, Number(rawId));
      if (!person) return reply.callNotFound();
      if (isIcs) {
        const now = kernel.clock.now();
        const rows = await meetingsOfPerson(
          pool,
          person.id,
          new Date(now.getTime() - 6 * 366 * DAY),
          new Date(now.getTime() + 800 * DAY),
        );
        return ics(reply, person.name, rows);
      }
      const memberships = await membershipsOf(pool, person.id);
      return reply.html(
        <PersonPage ctx={reply.viewContext()} body={body} person={person} memberships={memberships} />,
      );
    },
  );

  app.get<{ Params: { body: string; id: string } }>(
    '/ratsinfo/:body/dateien/:id',
    { config: { policy: 'public' } },
    async (req, reply) => {
      const body = await bodyOf(req);
      if (!body || !ID.test(req.params.id)) return reply.callNotFound();
      const file = await getFile(pool, body.id, Number(req.params.id), access(req, body.tenant_id));
      if (!file?.storage_id) return reply.callNotFound();
      if (!file.public) void reply.header('cache-control', 'private, no-store');
      if (!(await sendStoredFile(reply, kernel.files, file.storage_id, { name: file.file_name })))
        return reply.callNotFound();
      return reply;
    },
  );
}
