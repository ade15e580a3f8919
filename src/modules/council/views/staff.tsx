/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- council rows are untyped SQL results (Row). */
import {
  Alert,
  Checkbox,
  ErrorSummary,
  FileField,
  Form,
  Select,
  SubmitButton,
  Table,
  TextArea,
  TextField,
  type FieldErrors,
} from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import { Layout, type Crumb } from '../../../kernel/views/layout.tsx';
import { Cancelled, fmtDateTime, NonPublic } from './parts.tsx';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ROOT = '/verwaltung/ratsinfo';

function crumbs(ctx: ViewContext, body?: Row, more: Crumb[] = []): Crumb[] {
  const out: Crumb[] = [
    { href: '/verwaltung', label: ctx.t('council.staff.dashboard') },
    { href: ROOT, label: ctx.t('council.staff.title') },
  ];
  if (body) out.push({ href: `${ROOT}/${body.id}`, label: body.name });
  return [...out, ...more];
}

function SmallButton({
  label,
  hidden,
  variant = 'secondary',
}: {
  label: string;
  hidden?: string;
  variant?: 'secondary' | 'tertiary' | 'primary';
}) {
  return (
    <button type="submit" class={`kern-btn kern-btn--${variant}`}>
      <span class="kern-label">
        {label}
        {hidden && <span class="kern-sr-only"> {hidden}</span>}
      </span>
    </button>
  );
}

export function StaffHome({ ctx, bodies }: { ctx: ViewContext; bodies: Row[] }) {
  return (
    <Layout
      ctx={ctx}
      title={ctx.t('council.staff.title')}
      noindex
      breadcrumbs={crumbs(ctx)
        .slice(0, 1)
        .concat({ label: ctx.t('council.staff.title') })}
    >
      <h1 class="kern-heading-x-large">{ctx.t('council.staff.title')}</h1>
      <ul class="kern-list">
        {bodies.map((b) => (
          <li key={b.id}>
            <a class="kern-link" href={`${ROOT}/${b.id}`}>
              {b.name}
            </a>
          </li>
        ))}
      </ul>
      <p class="kern-body">
        <a class="kern-link" href={`${ROOT}/import`}>
          {ctx.t('council.import.title')}
        </a>
      </p>
    </Layout>
  );
}

export function StaffBodyPage({
  ctx,
  body,
  meetings,
  papers,
}: {
  ctx: ViewContext;
  body: Row;
  meetings: Row[];
  papers: Row[];
}) {
  return (
    <Layout
      ctx={ctx}
      title={`${ctx.t('council.staff.title')}: ${body.name}`}
      noindex
      breadcrumbs={crumbs(ctx, undefined, [{ label: body.name }])}
    >
      <h1 class="kern-heading-x-large">{body.name}</h1>
      <p class="kern-body">
        <a class="kern-link" href={`${ROOT}/${body.id}/stammdaten`}>
          {ctx.t('council.register.link')}
        </a>
      </p>
      <h2 class="kern-heading-medium">{ctx.t('council.meetings')}</h2>
      <p class="kern-body">
        <a class="kern-link" href={`${ROOT}/${body.id}/sitzungen/neu`}>
          {ctx.t('council.staff.meeting.new')}
        </a>
      </p>
      <Table
        id="staff-meetings"
        caption={ctx.t('council.meetings')}
        captionHidden
        columns={[
          { key: 'when', label: ctx.t('council.meeting.when') },
          { key: 'name', label: ctx.t('council.meeting.name') },
          { key: 'state', label: ctx.t('council.meeting.state') },
        ]}
        rowHeader="when"
        rows={meetings.map((m) => ({
          when: m.start_at ? fmtDateTime(ctx, m.start_at) : '',
          name: (
            <a class="kern-link" href={`${ROOT}/${body.id}/sitzungen/${m.id}`}>
              {m.name}
            </a>
          ),
          state: (
            <>
              {m.published ? ctx.t('council.staff.published') : ctx.t('council.staff.draft')}{' '}
              {m.cancelled && <Cancelled ctx={ctx} />}
            </>
          ),
        }))}
      />
      <h2 class="kern-heading-medium">{ctx.t('council.staff.papers')}</h2>
      <p class="kern-body">
        <a class="kern-link" href={`${ROOT}/${body.id}/vorlagen/neu`}>
          {ctx.t('council.staff.paper.new')}
        </a>
      </p>
      <Table
        id="staff-papers"
        caption={ctx.t('council.staff.papers')}
        captionHidden
        columns={[
          { key: 'ref', label: ctx.t('council.paper.reference') },
          { key: 'name', label: ctx.t('council.staff.paper.name') },
          { key: 'type', label: ctx.t('council.paper.type') },
        ]}
        rowHeader="ref"
        rows={papers.map((p) => ({
          ref: p.reference ?? '',
          name: (
            <>
              <a class="kern-link" href={`${ROOT}/${body.id}/vorlagen/${p.id}`}>
                {p.name}
              </a>{' '}
              {!p.public && <NonPublic ctx={ctx} />}
            </>
          ),
          type: p.paper_type ?? '',
        }))}
      />
    </Layout>
  );
}

export interface MeetingValues {
  name?: string;
  gremium?: string;
  datum?: string;
  beginn?: string;
  ende?: string;
  ort?: string;
  status?: string;
  abgesagt?: string;
  version?: string;
}

function MeetingFields({
  ctx,
  values,
  errors,
  organizations,
  locations,
}: {
  ctx: ViewContext;
  values: MeetingValues;
  errors?: FieldErrors;
  organizations: Row[];
  locations: Row[];
}) {
  return (
    <>
      <TextField
        ctx={ctx}
        name="name"
        label={ctx.t('council.staff.meeting.name')}
        value={values.name}
        error={errors?.name}
        required
        maxLength={300}
      />
      <Select
        ctx={ctx}
        name="gremium"
        label={ctx.t('council.meeting.organization')}
        value={values.gremium}
        error={errors?.gremium}
        required
        options={[
          { value: '', label: ctx.t('council.staff.choose') },
          ...organizations.map((o) => ({ value: String(o.id), label: o.name })),
        ]}
      />
      <TextField
        ctx={ctx}
        name="datum"
        label={ctx.t('council.staff.meeting.date')}
        hint={ctx.t('council.search.dateHint')}
        value={values.datum}
        error={errors?.datum}
        required
        maxLength={10}
      />
      <TextField
        ctx={ctx}
        name="beginn"
        label={ctx.t('council.staff.meeting.start')}
        hint={ctx.t('council.staff.timeHint')}
        value={values.beginn}
        error={errors?.beginn}
        required
        maxLength={5}
        width={4}
      />
      <TextField
        ctx={ctx}
        name="ende"
        label={ctx.t('council.staff.meeting.end')}
        hint={ctx.t('council.staff.timeHint')}
        value={values.ende}
        error={errors?.ende}
        maxLength={5}
        width={4}
      />
      <Select
        ctx={ctx}
        name="ort"
        label={ctx.t('council.meeting.location')}
        value={values.ort}
        error={errors?.ort}
        options={[
          { value: '', label: ctx.t('council.staff.none') },
          ...locations.map((l) => ({ value: String(l.id), label: l.description ?? String(l.id) })),
        ]}
      />
      <TextField
        ctx={ctx}
        name="status"
        label={ctx.t('council.meeting.state')}
        value={values.status}
        error={errors?.status}
        maxLength={100}
      />
      <Checkbox
        ctx={ctx}
        name="abgesagt"
        value="ja"
        checked={values.abgesagt === 'ja'}
        label={ctx.t('council.staff.meeting.cancelled')}
      />
    </>
  );
}

export function NewMeetingPage({
  ctx,
  body,
  values,
  errors,
  organizations,
  locations,
}: {
  ctx: ViewContext;
  body: Row;
  values: MeetingValues;
  errors?: FieldErrors;
  organizations: Row[];
  locations: Row[];
}) {
  const title = ctx.t('council.staff.meeting.new');
  return (
    <Layout
      ctx={ctx}
      title={title}
      noindex
      hasErrors={!!errors}
      breadcrumbs={crumbs(ctx, body, [{ label: title }])}
    >
      {errors && <ErrorSummary ctx={ctx} errors={errors} />}
      <h1 class="kern-heading-x-large">{title}</h1>
      <Form ctx={ctx} action={`${ROOT}/${body.id}/sitzungen/neu`}>
        <MeetingFields
          ctx={ctx}
          values={values}
          errors={errors}
          organizations={organizations}
          locations={locations}
        />
        <SubmitButton label={ctx.t('council.staff.save')} />
      </Form>
    </Layout>
  );
}

export interface Conflict {
  by: string;
  at: Date;
  current: Row;
  agenda: Row[];
}

function ConflictAlert({ ctx, conflict }: { ctx: ViewContext; conflict: Conflict }) {
  return (
    <div id="conflict">
      <Alert type="danger" title={ctx.t('council.staff.conflict.title')} headingLevel={2}>
        <p class="kern-body">
          {ctx.t('council.staff.conflict.text', { by: conflict.by, at: fmtDateTime(ctx, conflict.at) })}
        </p>
        <p class="kern-body kern-body--bold">{ctx.t('council.staff.conflict.current')}</p>
        <ul class="kern-list">
          <li>
            {conflict.current.name}
            {conflict.current.start_at ? ` – ${fmtDateTime(ctx, conflict.current.start_at)}` : ''}
          </li>
          {conflict.agenda.map((a) => (
            <li key={a.id}>
              {ctx.t('council.agenda.number')} {a.number}: {a.name}
              {!a.public && ` (${ctx.t('council.nonPublic')})`}
            </li>
          ))}
        </ul>
        <p class="kern-body">{ctx.t('council.staff.conflict.hint')}</p>
      </Alert>
    </div>
  );
}

export function MeetingEditPage(p: {
  ctx: ViewContext;
  body: Row;
  meeting: Row;
  agenda: Row[];
  values: MeetingValues;
  errors?: FieldErrors;
  conflict?: Conflict;
  notice?: string;
  organizations: Row[];
  locations: Row[];
  papers: Row[];
  itemValues?: Record<string, string>;
}) {
  const { ctx, body, meeting, agenda } = p;
  const base = `${ROOT}/${body.id}/sitzungen/${meeting.id}`;
  const v = String(meeting.version);
  return (
    <Layout
      ctx={ctx}
      title={meeting.name}
      noindex
      hasErrors={!!p.errors || !!p.conflict}
      breadcrumbs={crumbs(ctx, body, [{ label: meeting.name }])}
    >
      {p.errors && <ErrorSummary ctx={ctx} errors={p.errors} />}
      {p.conflict && <ConflictAlert ctx={ctx} conflict={p.conflict} />}
      {p.notice && <Alert type="success" title={p.notice} live />}
      <h1 class="kern-heading-x-large">{meeting.name}</h1>
      <p class="kern-body">
        {meeting.published ? ctx.t('council.staff.published') : ctx.t('council.staff.draft')}
        {meeting.published && (
          <>
            {' · '}
            <a class="kern-link" href={`/ratsinfo/${body.id}/sitzungen/${meeting.id}`}>
              {ctx.t('council.staff.viewPublic')}
            </a>
          </>
        )}
      </p>
      <Form ctx={ctx} action={`${base}/veroeffentlichen`} label={ctx.t('council.staff.publish')}>
        <input type="hidden" name="version" value={v} />
        <input type="hidden" name="veroeffentlicht" value={meeting.published ? 'nein' : 'ja'} />
        <SmallButton
          label={meeting.published ? ctx.t('council.staff.unpublish') : ctx.t('council.staff.publish')}
          variant="primary"
        />
      </Form>

      <h2 class="kern-heading-medium">{ctx.t('council.staff.meeting.details')}</h2>
      <Form ctx={ctx} action={base} label={ctx.t('council.staff.meeting.details')}>
        <input type="hidden" name="version" value={p.values.version ?? v} />
        <MeetingFields
          ctx={ctx}
          values={p.values}
          errors={p.errors}
          organizations={p.organizations}
          locations={p.locations}
        />
        <SubmitButton label={ctx.t('council.staff.save')} />
      </Form>

      <h2 class="kern-heading-medium" id="agenda-heading">
        {ctx.t('council.agenda')}
      </h2>
      {agenda.length === 0 && <p class="kern-body">{ctx.t('council.agenda.empty')}</p>}
      <ol class="kern-list ok-council-agenda" aria-labelledby="agenda-heading">
        {agenda.map((a, i) => (
          <li key={a.id} id={`top-${a.id}`}>
            <p class="kern-body">
              <strong>
                {ctx.t('council.agenda.number')} {a.number}
              </strong>{' '}
              {a.name} {!a.public && <NonPublic ctx={ctx} />}
              {a.result && ` – ${a.result}`}
            </p>
            <div class="ok-council-agenda__actions">
              {i > 0 && (
                <Form
                  ctx={ctx}
                  action={`${base}/top/${a.id}/hoch`}
                  label={`${ctx.t('council.staff.agenda.up')}: ${a.name}`}
                >
                  <input type="hidden" name="version" value={v} />
                  <SmallButton
                    label={ctx.t('council.staff.agenda.up')}
                    hidden={`${ctx.t('council.agenda.number')} ${a.number}`}
                    variant="tertiary"
                  />
                </Form>
              )}
              {i < agenda.length - 1 && (
                <Form
                  ctx={ctx}
                  action={`${base}/top/${a.id}/runter`}
                  label={`${ctx.t('council.staff.agenda.down')}: ${a.name}`}
                >
                  <input type="hidden" name="version" value={v} />
                  <SmallButton
                    label={ctx.t('council.staff.agenda.down')}
                    hidden={`${ctx.t('council.agenda.number')} ${a.number}`}
                    variant="tertiary"
                  />
                </Form>
              )}
              <a class="kern-link" href={`${base}/top/${a.id}?version=${v}`}>
                {ctx.t('council.staff.agenda.edit')}
                <span class="kern-sr-only">
                  {' '}
                  {ctx.t('council.agenda.number')} {a.number}
                </span>
              </a>
            </div>
          </li>
        ))}
      </ol>

      <h3 class="kern-heading-small">{ctx.t('council.staff.agenda.add')}</h3>
      <Form ctx={ctx} action={`${base}/top`} label={ctx.t('council.staff.agenda.add')}>
        <input type="hidden" name="version" value={v} />
        <TextField
          ctx={ctx}
          name="top_name"
          label={ctx.t('council.staff.agenda.name')}
          value={p.itemValues?.top_name}
          error={p.errors?.top_name}
          required
          maxLength={1000}
        />
        <Checkbox
          ctx={ctx}
          name="nichtoeffentlich"
          value="ja"
          checked={p.itemValues?.nichtoeffentlich === 'ja'}
          label={ctx.t('council.staff.agenda.nonPublic')}
        />
        <Select
          ctx={ctx}
          name="vorlage"
          label={ctx.t('council.staff.agenda.paper')}
          value={p.itemValues?.vorlage}
          error={p.errors?.vorlage}
          options={[
            { value: '', label: ctx.t('council.staff.none') },
            ...p.papers.map((x) => ({
              value: String(x.id),
              label: `${x.reference ? `${x.reference}: ` : ''}${x.name}`,
            })),
          ]}
        />
        <TextField
          ctx={ctx}
          name="rolle"
          label={ctx.t('council.paper.role')}
          hint={ctx.t('council.staff.agenda.roleHint')}
          value={p.itemValues?.rolle}
          maxLength={100}
        />
        <SubmitButton label={ctx.t('council.staff.agenda.addButton')} />
      </Form>

      <h2 class="kern-heading-medium">{ctx.t('council.staff.invitation')}</h2>
      {meeting.invitation_sent_at && (
        <p class="kern-body">
          {ctx.t('council.staff.invitation.sent', { at: fmtDateTime(ctx, meeting.invitation_sent_at) })}
        </p>
      )}
      <Form ctx={ctx} action={`${base}/einladung`} label={ctx.t('council.staff.invitation')}>
        <input type="hidden" name="version" value={v} />
        <p class="kern-body">{ctx.t('council.staff.invitation.hint')}</p>
        <SmallButton label={ctx.t('council.staff.invitation.send')} />
      </Form>

      <h2 class="kern-heading-medium">{ctx.t('council.staff.minutes')}</h2>
      <Form ctx={ctx} action={`${base}/niederschrift`} multipart label={ctx.t('council.staff.minutes')}>
        <input type="hidden" name="version" value={v} />
        <FileField
          ctx={ctx}
          name="datei"
          label={ctx.t('council.staff.minutes.file')}
          hint={ctx.t('council.staff.pdfHint')}
          accept="application/pdf"
          error={p.errors?.datei}
          required
        />
        <Checkbox
          ctx={ctx}
          name="nichtoeffentlich"
          value="ja"
          label={ctx.t('council.staff.file.nonPublic')}
        />
        <SubmitButton label={ctx.t('council.staff.upload')} />
      </Form>
    </Layout>
  );
}

export function AgendaItemPage({
  ctx,
  body,
  meeting,
  item,
  values,
  errors,
  conflict,
}: {
  ctx: ViewContext;
  body: Row;
  meeting: Row;
  item: Row;
  values: Record<string, string>;
  errors?: FieldErrors;
  conflict?: Conflict;
}) {
  const base = `${ROOT}/${body.id}/sitzungen/${meeting.id}`;
  const title = `${ctx.t('council.agenda.number')} ${item.number}: ${item.name}`;
  return (
    <Layout
      ctx={ctx}
      title={title}
      noindex
      hasErrors={!!errors || !!conflict}
      breadcrumbs={crumbs(ctx, body, [{ href: base, label: meeting.name }, { label: title }])}
    >
      {errors && <ErrorSummary ctx={ctx} errors={errors} />}
      {conflict && <ConflictAlert ctx={ctx} conflict={conflict} />}
      <h1 class="kern-heading-x-large">{title}</h1>
      <Form ctx={ctx} action={`${base}/top/${item.id}`}>
        <input type="hidden" name="version" value={values.version ?? String(meeting.version)} />
        <TextField
          ctx={ctx}
          name="top_name"
          label={ctx.t('council.staff.agenda.name')}
          value={values.top_name}
          error={errors?.top_name}
          required
          maxLength={1000}
        />
        <Checkbox
          ctx={ctx}
          name="nichtoeffentlich"
          value="ja"
          checked={values.nichtoeffentlich === 'ja'}
          label={ctx.t('council.staff.agenda.nonPublic')}
        />
        <TextField
          ctx={ctx}
          name="ergebnis"
          label={ctx.t('council.agenda.result')}
          value={values.ergebnis}
          maxLength={500}
        />
        <TextArea
          ctx={ctx}
          name="beschluss"
          label={ctx.t('council.staff.agenda.resolution')}
          value={values.beschluss}
          maxLength={20000}
        />
        <SubmitButton label={ctx.t('council.staff.save')} />
      </Form>
      <Form ctx={ctx} action={`${base}/top/${item.id}/loeschen`} label={ctx.t('council.staff.agenda.delete')}>
        <input type="hidden" name="version" value={values.version ?? String(meeting.version)} />
        <SmallButton label={ctx.t('council.staff.agenda.delete')} variant="tertiary" />
      </Form>
    </Layout>
  );
}

export interface PaperValues {
  name?: string;
  aktenzeichen?: string;
  datum?: string;
  art?: string;
  nichtoeffentlich?: string;
  text?: string;
  version?: string;
}

export function PaperEditPage({
  ctx,
  body,
  paper,
  values,
  errors,
  conflict,
  files,
}: {
  ctx: ViewContext;
  body: Row;
  paper?: Row;
  values: PaperValues;
  errors?: FieldErrors;
  conflict?: { by: string; at: Date; current: Row };
  files: Row[];
}) {
  const title = paper ? paper.name : ctx.t('council.staff.paper.new');
  const action = paper ? `${ROOT}/${body.id}/vorlagen/${paper.id}` : `${ROOT}/${body.id}/vorlagen/neu`;
  return (
    <Layout
      ctx={ctx}
      title={title}
      noindex
      hasErrors={!!errors || !!conflict}
      breadcrumbs={crumbs(ctx, body, [{ label: title }])}
    >
      {errors && <ErrorSummary ctx={ctx} errors={errors} />}
      {conflict && (
        <div id="conflict">
          <Alert type="danger" title={ctx.t('council.staff.conflict.title')} headingLevel={2}>
            <p class="kern-body">
              {ctx.t('council.staff.conflict.text', { by: conflict.by, at: fmtDateTime(ctx, conflict.at) })}
            </p>
            <p class="kern-body">
              {ctx.t('council.staff.conflict.current')} {conflict.current.name} (
              {conflict.current.public ? ctx.t('council.staff.public') : ctx.t('council.nonPublic')})
            </p>
            <p class="kern-body">{ctx.t('council.staff.conflict.hint')}</p>
          </Alert>
        </div>
      )}
      <h1 class="kern-heading-x-large">{title}</h1>
      <Form ctx={ctx} action={action}>
        {paper && <input type="hidden" name="version" value={values.version ?? String(paper.version)} />}
        <TextField
          ctx={ctx}
          name="name"
          label={ctx.t('council.staff.paper.name')}
          value={values.name}
          error={errors?.name}
          required
          maxLength={1000}
        />
        <TextField
          ctx={ctx}
          name="aktenzeichen"
          label={ctx.t('council.paper.reference')}
          value={values.aktenzeichen}
          error={errors?.aktenzeichen}
          maxLength={100}
        />
        <TextField
          ctx={ctx}
          name="datum"
          label={ctx.t('council.paper.date')}
          hint={ctx.t('council.search.dateHint')}
          value={values.datum}
          error={errors?.datum}
          maxLength={10}
        />
        <TextField
          ctx={ctx}
          name="art"
          label={ctx.t('council.paper.type')}
          hint={ctx.t('council.staff.paper.typeHint')}
          value={values.art}
          error={errors?.art}
          maxLength={100}
        />
        <TextArea
          ctx={ctx}
          name="text"
          label={ctx.t('council.staff.paper.text')}
          value={values.text}
          maxLength={50000}
        />
        <Checkbox
          ctx={ctx}
          name="nichtoeffentlich"
          value="ja"
          checked={values.nichtoeffentlich === 'ja'}
          label={ctx.t('council.staff.paper.nonPublic')}
          hint={ctx.t('council.staff.paper.nonPublicHint')}
        />
        <SubmitButton label={ctx.t('council.staff.save')} />
      </Form>
      {paper && (
        <>
          <h2 class="kern-heading-medium">{ctx.t('council.files')}</h2>
          <ul class="kern-list">
            {files.map((f) => (
              <li key={f.id}>
                <a class="kern-link" href={`/ratsinfo/${body.id}/dateien/${f.id}`}>
                  {f.name} ({f.file_name})
                </a>
              </li>
            ))}
          </ul>
          <Form
            ctx={ctx}
            action={`${ROOT}/${body.id}/vorlagen/${paper.id}/datei`}
            multipart
            label={ctx.t('council.staff.paper.upload')}
          >
            <input type="hidden" name="version" value={String(paper.version)} />
            <TextField
              ctx={ctx}
              name="titel"
              label={ctx.t('council.staff.file.title')}
              error={errors?.titel}
              maxLength={300}
            />
            <FileField
              ctx={ctx}
              name="datei"
              label={ctx.t('council.staff.paper.file')}
              hint={ctx.t('council.staff.pdfHint')}
              accept="application/pdf"
              error={errors?.datei}
              required
            />
            <SubmitButton label={ctx.t('council.staff.upload')} />
          </Form>
        </>
      )}
    </Layout>
  );
}
