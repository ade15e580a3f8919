/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-member-access -- council rows are untyped SQL results (Row). */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kernel } from '../../../kernel/kernel.ts';
import {
  FileRejectedError,
  fileErrorMessage,
  saveUpload,
  type StoredFile,
} from '../../../kernel/files/index.ts';
import type { FieldErrors } from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import { ErrorPage } from '../../../kernel/views/error-page.tsx';
import {
  addAgendaItem,
  attachMeetingFile,
  createMeeting,
  deleteAgendaItem,
  moveAgendaItem,
  publishMeeting,
  sendInvitation,
  updateAgendaItem,
  updateMeeting,
  type Actor,
  type MeetingInput,
  type Result,
} from '../commands/meetings.ts';
import { attachPaperFile, createPaper, updatePaper, type PaperInput } from '../commands/papers.ts';
import { extractPdfText } from '../commands/pdf.ts';
import { readCouncilConfig } from '../config.ts';
import { getBody, listBodies, filesByIds } from '../db/public.queries.ts';
import {
  locationsOf,
  organizationsOf,
  paperOptions,
  staffAgenda,
  staffMeeting,
  staffMeetings,
  staffPaper,
  staffPapers,
  type Row,
} from '../db/staff.queries.ts';
import { parseFilterDate } from '../oparl/format.ts';
import { canEditBody, councilOffice } from '../policies.ts';
import {
  AgendaItemPage,
  MeetingEditPage,
  NewMeetingPage,
  PaperEditPage,
  StaffBodyPage,
  StaffHome,
  type Conflict,
  type MeetingValues,
  type PaperValues,
} from '../views/staff.tsx';
import { importRoutes } from './import.routes.tsx';
import { registerRoutes } from './register.routes.tsx';

const ROOT = '/verwaltung/ratsinfo';
const BODY = /^[a-z0-9][a-z0-9-]{0,63}$/;
const ID = /^[1-9]\d{0,15}$/;
const staff = { config: { policy: councilOffice } };

type Body = Record<string, string | string[] | undefined>;
const field = (b: unknown, k: string): string => {
  const v = (b as Body | undefined)?.[k];
  return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? '') : '';
};

/** dd.mm.yyyy or yyyy-mm-dd → yyyy-mm-dd, or null */
export function parseGermanDate(s: string): string | null {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s.trim()) ?? /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
  if (!m) return null;
  const [y, mo, d] = s.includes('.') ? [m[3]!, m[2]!, m[1]!] : [m[1]!, m[2]!, m[3]!];
  const iso = `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const dt = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(dt.getTime()) || dt.toISOString().slice(0, 10) !== iso || +y < 1900 || +y > 2999)
    return null;
  return iso;
}

function parseTime(s: string): string | null {
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(s.trim());
  if (!m || +m[1]! > 23 || +m[2]! > 59) return null;
  return `${m[1]!.padStart(2, '0')}:${m[2]}:00`;
}

function isoToGerman(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}.${m}.${y}`;
}

function berlinParts(d: Date): { date: string; time: string } {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const p: Record<string, string> = {};
  for (const x of f.formatToParts(d)) p[x.type] = x.value;
  return { date: `${p.day}.${p.month}.${p.year}`, time: `${p.hour}:${p.minute}` };
}

function meetingValues(m: Row): MeetingValues {
  const s = m.start_at ? berlinParts(m.start_at) : { date: '', time: '' };
  return {
    name: m.name,
    gremium: m.organization_ids?.[0] ? String(m.organization_ids[0]) : '',
    datum: s.date,
    beginn: s.time,
    ende: m.end_at ? berlinParts(m.end_at).time : '',
    ort: m.location_id ? String(m.location_id) : '',
    status: m.meeting_state ?? '',
    abgesagt: m.cancelled ? 'ja' : '',
    version: String(m.version),
  };
}

/** Staff area of the council office: meetings, agenda editing, invitations, minutes, papers. */
export async function staffRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const pool = kernel.db.pool;
  const cfg = readCouncilConfig(kernel.fullConfig);

  const actor = (req: FastifyRequest): Actor => ({
    accountId: req.principal!.accountId,
    name: req.principal!.displayName,
    requestId: req.id,
  });

  /** The body from the URL when the principal may edit it; else answers 404/403 and returns undefined. */
  async function editable(
    req: FastifyRequest<{ Params: { body: string } }>,
    reply: FastifyReply,
  ): Promise<Row | undefined> {
    const body = BODY.test(req.params.body) ? await getBody(pool, req.params.body) : undefined;
    if (!body) {
      reply.callNotFound();
      return undefined;
    }
    if (!canEditBody(req.principal, body.tenant_id)) {
      await reply.html(ErrorPage({ ctx: reply.viewContext(), status: 403, requestId: req.id }), 403);
      return undefined;
    }
    return body;
  }

  function validateMeeting(
    ctx: ViewContext,
    values: MeetingValues,
    organizations: Row[],
    locations: Row[],
  ): { errors?: FieldErrors; input?: MeetingInput } {
    const errors: FieldErrors = {};
    const name = (values.name ?? '').trim();
    if (!name) errors.name = ctx.t('council.staff.error.name');
    else if (name.length > 300) errors.name = ctx.t('council.staff.error.tooLong');
    const org = organizations.find((o) => String(o.id) === values.gremium);
    if (!org) errors.gremium = ctx.t('council.staff.error.organization');
    const date = parseGermanDate(values.datum ?? '');
    if (!date) errors.datum = ctx.t('council.search.date.invalid');
    const start = parseTime(values.beginn ?? '');
    if (!start) errors.beginn = ctx.t('council.staff.error.time');
    const end = values.ende ? parseTime(values.ende) : null;
    if (values.ende && !end) errors.ende = ctx.t('council.staff.error.time');
    if (start && end && end <= start) errors.ende = ctx.t('council.staff.error.endBeforeStart');
    const loc = values.ort ? locations.find((l) => String(l.id) === values.ort) : null;
    if (values.ort && !loc) errors.ort = ctx.t('council.staff.error.location');
    if ((values.status ?? '').length > 100) errors.status = ctx.t('council.staff.error.tooLong');
    if (Object.keys(errors).length) return { errors };
    return {
      input: {
        name,
        organizationId: Number(org!.id),
        start: parseFilterDate(`${date}T${start}`)!,
        end: end ? parseFilterDate(`${date}T${end}`)! : null,
        locationId: loc ? Number(loc.id) : null,
        meetingState: (values.status ?? '').trim(),
        cancelled: values.abgesagt === 'ja',
      },
    };
  }

  const readMeetingValues = (b: unknown): MeetingValues => ({
    name: field(b, 'name'),
    gremium: field(b, 'gremium'),
    datum: field(b, 'datum'),
    beginn: field(b, 'beginn'),
    ende: field(b, 'ende'),
    ort: field(b, 'ort'),
    status: field(b, 'status'),
    abgesagt: field(b, 'abgesagt'),
    version: field(b, 'version'),
  });

  app.get(ROOT, staff, async (req, reply) => {
    const bodies = (await listBodies(pool)).filter((b) => canEditBody(req.principal, b.id));
    return reply.html(<StaffHome ctx={reply.viewContext()} bodies={bodies} />);
  });

  app.get<{ Params: { body: string } }>(`${ROOT}/:body`, staff, async (req, reply) => {
    const body = await editable(req, reply);
    if (!body) return reply;
    const [meetings, papers] = await Promise.all([staffMeetings(pool, body.id), staffPapers(pool, body.id)]);
    return reply.html(
      <StaffBodyPage ctx={reply.viewContext()} body={body} meetings={meetings} papers={papers} />,
    );
  });

  // --- meetings ---
  app.get<{ Params: { body: string } }>(`${ROOT}/:body/sitzungen/neu`, staff, async (req, reply) => {
    const body = await editable(req, reply);
    if (!body) return reply;
    const [organizations, locations] = await Promise.all([
      organizationsOf(pool, body.id),
      locationsOf(pool, body.id),
    ]);
    return reply.html(
      <NewMeetingPage
        ctx={reply.viewContext()}
        body={body}
        values={{}}
        organizations={organizations}
        locations={locations}
      />,
    );
  });

  app.post<{ Params: { body: string } }>(`${ROOT}/:body/sitzungen/neu`, staff, async (req, reply) => {
    const body = await editable(req, reply);
    if (!body) return reply;
    const ctx = reply.viewContext();
    const [organizations, locations] = await Promise.all([
      organizationsOf(pool, body.id),
      locationsOf(pool, body.id),
    ]);
    const values = readMeetingValues(req.body);
    const v = validateMeeting(ctx, values, organizations, locations);
    if (!v.input)
      return reply.html(
        <NewMeetingPage
          ctx={ctx}
          body={body}
          values={values}
          errors={v.errors}
          organizations={organizations}
          locations={locations}
        />,
        422,
      );
    const id = await createMeeting(kernel, actor(req), body.id, body.tenant_id, v.input);
    return reply.redirect(`${ROOT}/${body.id}/sitzungen/${id}`, 303);
  });

  async function renderMeeting(
    req: FastifyRequest,
    reply: FastifyReply,
    body: Row,
    id: number,
    opts: {
      values?: MeetingValues;
      errors?: FieldErrors;
      conflict?: Conflict;
      notice?: string;
      itemValues?: Record<string, string>;
      status?: number;
    } = {},
  ) {
    const meeting = await staffMeeting(pool, body.id, id);
    if (!meeting) return reply.callNotFound();
    const [agenda, organizations, locations, papers] = await Promise.all([
      staffAgenda(pool, id),
      organizationsOf(pool, body.id),
      locationsOf(pool, body.id),
      paperOptions(pool, body.id),
    ]);
    return reply.html(
      <MeetingEditPage
        ctx={reply.viewContext()}
        body={body}
        meeting={meeting}
        agenda={agenda}
        values={opts.values ? { ...opts.values, version: String(meeting.version) } : meetingValues(meeting)}
        errors={opts.errors}
        conflict={opts.conflict}
        notice={opts.notice}
        organizations={organizations}
        locations={locations}
        papers={papers}
        itemValues={opts.itemValues}
      />,
      opts.status ?? 200,
    );
  }

  const conflictOf = (r: { current: Row; agenda: Row[] }): Conflict => ({
    by: r.current.modified_by ?? '—',
    at: r.current.modified,
    current: r.current,
    agenda: r.agenda,
  });

  /** Answers a command result: redirect after success, the page with the conflict (409) otherwise. */
  async function answer<T>(
    req: FastifyRequest,
    reply: FastifyReply,
    body: Row,
    id: number,
    r: Result<T>,
    ok: string,
    extra: { values?: MeetingValues; itemValues?: Record<string, string> } = {},
  ) {
    if (r.ok) return reply.redirect(`${ROOT}/${body.id}/sitzungen/${id}?ok=${ok}`, 303);
    if (r.reason === 'not_found') return reply.callNotFound();
    if (r.reason === 'conflict')
      return renderMeeting(req, reply, body, id, { ...extra, conflict: conflictOf(r), status: 409 });
    const ctx = reply.viewContext();
    const errors: FieldErrors = {
      [r.field === 'published' ? 'version' : r.field]: ctx.t(`council.staff.error.${r.field}`),
    };
    return renderMeeting(req, reply, body, id, { ...extra, errors, status: 422 });
  }

  const version = (b: unknown): number | null => {
    const v = field(b, 'version');
    return /^\d{1,9}$/.test(v) ? Number(v) : null;
  };

  app.get<{ Params: { body: string; id: string }; Querystring: { ok?: string } }>(
    `${ROOT}/:body/sitzungen/:id`,
    staff,
    async (req, reply) => {
      const body = await editable(req, reply);
      if (!body) return reply;
      if (!ID.test(req.params.id)) return reply.callNotFound();
      const ok =
        typeof req.query.ok === 'string' && /^[a-z]{1,20}$/.test(req.query.ok)
          ? reply.viewContext().t(`council.staff.ok.${req.query.ok}`)
          : undefined;
      return renderMeeting(req, reply, body, Number(req.params.id), {
        notice: ok?.startsWith('council.') ? undefined : ok,
      });
    },
  );

  app.post<{ Params: { body: string; id: string } }>(
    `${ROOT}/:body/sitzungen/:id`,
    staff,
    async (req, reply) => {
      const body = await editable(req, reply);
      if (!body) return reply;
      if (!ID.test(req.params.id)) return reply.callNotFound();
      const id = Number(req.params.id);
      const ctx = reply.viewContext();
      const values = readMeetingValues(req.body);
      const ver = version(req.body);
      const [organizations, locations] = await Promise.all([
        organizationsOf(pool, body.id),
        locationsOf(pool, body.id),
      ]);
      const v = validateMeeting(ctx, values, organizations, locations);
      if (!v.input || ver === null)
        return renderMeeting(req, reply, body, id, {
          values,
          errors: v.errors ?? { name: ctx.t('council.staff.error.version') },
          status: 422,
        });
      return answer(
        req,
        reply,
        body,
        id,
        await updateMeeting(kernel, actor(req), body.id, body.tenant_id, id, ver, v.input),
        'saved',
        { values },
      );
    },
  );

  app.post<{ Params: { body: string; id: string } }>(
    `${ROOT}/:body/sitzungen/:id/veroeffentlichen`,
    staff,
    async (req, reply) => {
      const body = await editable(req, reply);
      if (!body) return reply;
      const ver = version(req.body);
      if (!ID.test(req.params.id)) return reply.callNotFound();
      const id = Number(req.params.id);
      if (ver === null) return renderMeeting(req, reply, body, id, { status: 400 });
      const publish = field(req.body, 'veroeffentlicht') === 'ja';
      return answer(
        req,
        reply,
        body,
        id,
        await publishMeeting(kernel, actor(req), body.id, body.tenant_id, id, ver, publish),
        publish ? 'published' : 'unpublished',
      );
    },
  );

  app.post<{ Params: { body: string; id: string } }>(
    `${ROOT}/:body/sitzungen/:id/top`,
    staff,
    async (req, reply) => {
      const body = await editable(req, reply);
      if (!body) return reply;
      if (!ID.test(req.params.id)) return reply.callNotFound();
      const id = Number(req.params.id);
      const ctx = reply.viewContext();
      const itemValues = {
        top_name: field(req.body, 'top_name'),
        nichtoeffentlich: field(req.body, 'nichtoeffentlich'),
        vorlage: field(req.body, 'vorlage'),
        rolle: field(req.body, 'rolle'),
      };
      const ver = version(req.body);
      const errors: FieldErrors = {};
      const name = itemValues.top_name.trim();
      if (!name) errors.top_name = ctx.t('council.staff.error.itemName');
      else if (name.length > 1000) errors.top_name = ctx.t('council.staff.error.tooLong');
      if (itemValues.vorlage && !ID.test(itemValues.vorlage))
        errors.vorlage = ctx.t('council.staff.error.vorlage');
      if (Object.keys(errors).length || ver === null)
        return renderMeeting(req, reply, body, id, { errors, itemValues, status: 422 });
      const r = await addAgendaItem(kernel, actor(req), body.id, body.tenant_id, id, ver, {
        name,
        public: itemValues.nichtoeffentlich !== 'ja',
        paperId: itemValues.vorlage ? Number(itemValues.vorlage) : null,
        role: itemValues.rolle.trim().slice(0, 100),
      });
      return answer(req, reply, body, id, r, 'added', { itemValues });
    },
  );

  for (const [verb, delta] of [
    ['hoch', -1],
    ['runter', 1],
  ] as const) {
    app.post<{ Params: { body: string; id: string; item: string } }>(
      `${ROOT}/:body/sitzungen/:id/top/:item/${verb}`,
      staff,
      async (req, reply) => {
        const body = await editable(req, reply);
        if (!body) return reply;
        if (!ID.test(req.params.id) || !ID.test(req.params.item)) return reply.callNotFound();
        const id = Number(req.params.id);
        const ver = version(req.body);
        if (ver === null) return renderMeeting(req, reply, body, id, { status: 400 });
        const r = await moveAgendaItem(
          kernel,
          actor(req),
          body.id,
          body.tenant_id,
          id,
          ver,
          Number(req.params.item),
          delta,
        );
        if (r.ok)
          return reply.redirect(`${ROOT}/${body.id}/sitzungen/${id}?ok=moved#top-${req.params.item}`, 303);
        return answer(req, reply, body, id, r, 'moved');
      },
    );
  }

  async function renderItem(
    req: FastifyRequest,
    reply: FastifyReply,
    body: Row,
    id: number,
    itemId: number,
    opts: {
      values?: Record<string, string>;
      errors?: FieldErrors;
      conflict?: Conflict;
      status?: number;
    } = {},
  ) {
    const meeting = await staffMeeting(pool, body.id, id);
    const item = meeting ? (await staffAgenda(pool, id)).find((a) => Number(a.id) === itemId) : undefined;
    if (!meeting || !item) return reply.callNotFound();
    const values = opts.values ?? {
      top_name: item.name,
      nichtoeffentlich: item.public ? '' : 'ja',
      ergebnis: item.result ?? '',
      beschluss: item.resolution_text ?? '',
      version: String(meeting.version),
    };
    return reply.html(
      <AgendaItemPage
        ctx={reply.viewContext()}
        body={body}
        meeting={meeting}
        item={item}
        values={{ ...values, version: String(meeting.version) }}
        errors={opts.errors}
        conflict={opts.conflict}
      />,
      opts.status ?? 200,
    );
  }

  app.get<{ Params: { body: string; id: string; item: string } }>(
    `${ROOT}/:body/sitzungen/:id/top/:item`,
    staff,
    async (req, reply) => {
      const body = await editable(req, reply);
      if (!body) return reply;
      if (!ID.test(req.params.id) || !ID.test(req.params.item)) return reply.callNotFound();
      return renderItem(req, reply, body, Number(req.params.id), Number(req.params.item));
    },
  );

  app.post<{ Params: { body: string; id: string; item: string } }>(
    `${ROOT}/:body/sitzungen/:id/top/:item`,
    staff,
    async (req, reply) => {
      const body = await editable(req, reply);
      if (!body) return reply;
      if (!ID.test(req.params.id) || !ID.test(req.params.item)) return reply.callNotFound();
      const id = Number(req.params.id);
      const itemId = Number(req.params.item);
      const ctx = reply.viewContext();
      const values = {
        top_name: field(req.body, 'top_name'),
        nichtoeffentlich: field(req.body, 'nichtoeffentlich'),
        ergebnis: field(req.body, 'ergebnis'),
        beschluss: field(req.body, 'beschluss'),
      };
      const ver = version(req.body);
      const errors: FieldErrors = {};
      if (!values.top_name.trim()) errors.top_name = ctx.t('council.staff.error.itemName');
      else if (values.top_name.length > 1000) errors.top_name = ctx.t('council.staff.error.tooLong');
      if (values.ergebnis.length > 500 || values.beschluss.length > 20000)
        errors.top_name = ctx.t('council.staff.error.tooLong');
      if (Object.keys(errors).length || ver === null)
        return renderItem(req, reply, body, id, itemId, { values, errors, status: 422 });
      const r = await updateAgendaItem(kernel, actor(req), body.id, body.tenant_id, id, ver, itemId, {
        name: values.top_name.trim(),
        public: values.nichtoeffentlich !== 'ja',
        result: values.ergebnis.trim(),
        resolutionText: values.beschluss.trim(),
      });
      if (r.ok) return reply.redirect(`${ROOT}/${body.id}/sitzungen/${id}?ok=saved#top-${itemId}`, 303);
      if (r.reason === 'conflict')
        return renderItem(req, reply, body, id, itemId, { values, conflict: conflictOf(r), status: 409 });
      return reply.callNotFound();
    },
  );

  app.post<{ Params: { body: string; id: string; item: string } }>(
    `${ROOT}/:body/sitzungen/:id/top/:item/loeschen`,
    staff,
    async (req, reply) => {
      const body = await editable(req, reply);
      if (!body) return reply;
      if (!ID.test(req.params.id) || !ID.test(req.params.item)) return reply.callNotFound();
      const id = Number(req.params.id);
      const ver = version(req.body);
      if (ver === null) return renderMeeting(req, reply, body, id, { status: 400 });
      return answer(
        req,
        reply,
        body,
        id,
        await deleteAgendaItem(kernel, actor(req), body.id, body.tenant_id, id, ver, Number(req.params.item)),
        'deleted',
      );
    },
  );

  app.post<{ Params: { body: string; id: string } }>(
    `${ROOT}/:body/sitzungen/:id/einladung`,
    staff,
    async (req, reply) => {
      const body = await editable(req, reply);
      if (!body) return reply;
      if (!ID.test(req.params.id)) return reply.callNotFound();
      const id = Number(req.params.id);
      const ver = version(req.body);
      if (ver === null) return renderMeeting(req, reply, body, id, { status: 400 });
      return answer(
        req,
        reply,
        body,
        id,
        await sendInvitation(kernel, actor(req), body.id, body.tenant_id, id, ver),
        'invited',
      );
    },
  );

  async function upload(
    req: FastifyRequest,
    reply: FastifyReply,
    tenantId: string,
  ): Promise<{
    file?: StoredFile & { text: string; sha512: string };
    fields: Record<string, string | string[]>;
    error?: string;
  }> {
    try {
      const { fields, files } = await saveUpload(req, kernel.files, {
        maxBytes: cfg.uploadMaxBytes,
        allowedTypes: ['application/pdf'],
        fileFields: ['datei'],
        maxFiles: 1,
        tenantId,
      });
      const f = files.datei?.[0];
      if (!f) return { fields, error: reply.viewContext().t('council.staff.error.file') };
      const opened = await kernel.files.open(f.id);
      const chunks: Buffer[] = [];
      if (opened) for await (const c of opened.stream) chunks.push(c as Buffer);
      const content = Buffer.concat(chunks);
      let text = '';
      try {
        text = await extractPdfText(content);
      } catch {
        text = '';
      }
      return { fields, file: { ...f, text, sha512: createHash('sha512').update(content).digest('hex') } };
    } catch (err) {
      if (err instanceof FileRejectedError)
        return { fields: {}, error: fileErrorMessage(reply.viewContext().t, reply.viewContext().lang, err) };
      throw err;
    }
  }

  app.post<{ Params: { body: string; id: string } }>(
    `${ROOT}/:body/sitzungen/:id/niederschrift`,
    staff,
    async (req, reply) => {
      const body = await editable(req, reply);
      if (!body) return reply;
      if (!ID.test(req.params.id)) return reply.callNotFound();
      const id = Number(req.params.id);
      const up = await upload(req, reply, body.tenant_id);
      const ver = version(up.fields);
      if (!up.file || ver === null)
        return renderMeeting(req, reply, body, id, {
          errors: { datei: up.error ?? reply.viewContext().t('council.staff.error.file') },
          status: 422,
        });
      const r = await attachMeetingFile(kernel, actor(req), body.id, body.tenant_id, id, ver, 'results', {
        storageId: up.file.id,
        name: 'Niederschrift',
        fileName: up.file.originalName ?? 'niederschrift.pdf',
        size: up.file.size,
        sha256: up.file.sha256,
        sha512: up.file.sha512,
        text: up.file.text,
        public: field(up.fields, 'nichtoeffentlich') !== 'ja',
      });
      if (!r.ok) await kernel.files.delete(up.file.id);
      return answer(req, reply, body, id, r, 'minutes');
    },
  );

  // --- papers ---
  const readPaperValues = (b: unknown): PaperValues => ({
    name: field(b, 'name'),
    aktenzeichen: field(b, 'aktenzeichen'),
    datum: field(b, 'datum'),
    art: field(b, 'art'),
    nichtoeffentlich: field(b, 'nichtoeffentlich'),
    text: field(b, 'text'),
    version: field(b, 'version'),
  });
  function validatePaper(ctx: ViewContext, v: PaperValues): { errors?: FieldErrors; input?: PaperInput } {
    const errors: FieldErrors = {};
    const name = (v.name ?? '').trim();
    if (!name) errors.name = ctx.t('council.staff.error.paperName');
    else if (name.length > 1000) errors.name = ctx.t('council.staff.error.tooLong');
    const date = v.datum ? parseGermanDate(v.datum) : null;
    if (v.datum && !date) errors.datum = ctx.t('council.search.date.invalid');
    if ((v.aktenzeichen ?? '').length > 100) errors.aktenzeichen = ctx.t('council.staff.error.tooLong');
    if ((v.art ?? '').length > 100) errors.art = ctx.t('council.staff.error.tooLong');
    if (Object.keys(errors).length) return { errors };
    return {
      input: {
        name,
        reference: (v.aktenzeichen ?? '').trim(),
        date,
        paperType: (v.art ?? '').trim(),
        public: v.nichtoeffentlich !== 'ja',
        bodyText: (v.text ?? '').trim().slice(0, 50000),
      },
    };
  }

  app.get<{ Params: { body: string } }>(`${ROOT}/:body/vorlagen/neu`, staff, async (req, reply) => {
    const body = await editable(req, reply);
    if (!body) return reply;
    return reply.html(<PaperEditPage ctx={reply.viewContext()} body={body} values={{}} files={[]} />);
  });

  app.post<{ Params: { body: string } }>(`${ROOT}/:body/vorlagen/neu`, staff, async (req, reply) => {
    const body = await editable(req, reply);
    if (!body) return reply;
    const ctx = reply.viewContext();
    const values = readPaperValues(req.body);
    const v = validatePaper(ctx, values);
    if (!v.input)
      return reply.html(
        <PaperEditPage ctx={ctx} body={body} values={values} errors={v.errors} files={[]} />,
        422,
      );
    const id = await createPaper(kernel, actor(req), body.id, body.tenant_id, v.input);
    return reply.redirect(`${ROOT}/${body.id}/vorlagen/${id}`, 303);
  });

  async function renderPaper(
    reply: FastifyReply,
    body: Row,
    id: number,
    opts: {
      values?: PaperValues;
      errors?: FieldErrors;
      conflict?: { by: string; at: Date; current: Row };
      status?: number;
    } = {},
  ) {
    const paper = await staffPaper(pool, body.id, id);
    if (!paper) return reply.callNotFound();
    const files = await filesByIds(
      pool,
      [paper.main_file_id, ...paper.auxiliary_file_ids].filter(Boolean).map(Number),
      'internal',
    );
    const values: PaperValues = opts.values
      ? { ...opts.values, version: String(paper.version) }
      : {
          name: paper.name,
          aktenzeichen: paper.reference ?? '',
          datum: isoToGerman(paper.date_text),
          art: paper.paper_type ?? '',
          nichtoeffentlich: paper.public ? '' : 'ja',
          text: paper.body_text ?? '',
          version: String(paper.version),
        };
    return reply.html(
      <PaperEditPage
        ctx={reply.viewContext()}
        body={body}
        paper={paper}
        values={values}
        errors={opts.errors}
        conflict={opts.conflict}
        files={files}
      />,
      opts.status ?? 200,
    );
  }

  app.get<{ Params: { body: string; id: string } }>(
    `${ROOT}/:body/vorlagen/:id`,
    staff,
    async (req, reply) => {
      const body = await editable(req, reply);
      if (!body) return reply;
      if (!ID.test(req.params.id)) return reply.callNotFound();
      return renderPaper(reply, body, Number(req.params.id));
    },
  );

  app.post<{ Params: { body: string; id: string } }>(
    `${ROOT}/:body/vorlagen/:id`,
    staff,
    async (req, reply) => {
      const body = await editable(req, reply);
      if (!body) return reply;
      if (!ID.test(req.params.id)) return reply.callNotFound();
      const id = Number(req.params.id);
      const ctx = reply.viewContext();
      const values = readPaperValues(req.body);
      const v = validatePaper(ctx, values);
      const ver = version(req.body);
      if (!v.input || ver === null)
        return renderPaper(reply, body, id, {
          values,
          errors: v.errors ?? { name: ctx.t('council.staff.error.version') },
          status: 422,
        });
      const r = await updatePaper(kernel, actor(req), body.id, body.tenant_id, id, ver, v.input);
      if (r.ok) return reply.redirect(`${ROOT}/${body.id}/vorlagen/${id}`, 303);
      if (r.reason === 'conflict')
        return renderPaper(reply, body, id, {
          values,
          conflict: { by: r.current.modified_by ?? '—', at: r.current.modified, current: r.current },
          status: 409,
        });
      return reply.callNotFound();
    },
  );

  app.post<{ Params: { body: string; id: string } }>(
    `${ROOT}/:body/vorlagen/:id/datei`,
    staff,
    async (req, reply) => {
      const body = await editable(req, reply);
      if (!body) return reply;
      if (!ID.test(req.params.id)) return reply.callNotFound();
      const id = Number(req.params.id);
      const up = await upload(req, reply, body.tenant_id);
      const ver = version(up.fields);
      if (!up.file || ver === null)
        return renderPaper(reply, body, id, {
          errors: { datei: up.error ?? reply.viewContext().t('council.staff.error.file') },
          status: 422,
        });
      const title = field(up.fields, 'titel').trim().slice(0, 300);
      const r = await attachPaperFile(
        kernel,
        actor(req),
        body.id,
        body.tenant_id,
        id,
        ver,
        {
          storageId: up.file.id,
          name: title || (up.file.originalName ?? 'Dokument'),
          fileName: up.file.originalName ?? 'dokument.pdf',
          size: up.file.size,
          sha256: up.file.sha256,
          sha512: up.file.sha512,
          text: up.file.text,
          public: true,
        },
        true,
      );
      if (r.ok) return reply.redirect(`${ROOT}/${body.id}/vorlagen/${id}`, 303);
      await kernel.files.delete(up.file.id);
      if (r.reason === 'conflict')
        return renderPaper(reply, body, id, {
          conflict: { by: r.current.modified_by ?? '—', at: r.current.modified, current: r.current },
          status: 409,
        });
      return reply.callNotFound();
    },
  );

  await importRoutes(app, kernel);
  await registerRoutes(app, kernel, editable, actor);
}
