/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- council rows are untyped SQL results (Row); presenters and views shape them. */
import type { ComponentChildren } from 'preact';
import {
  Alert,
  ButtonLink,
  Pagination,
  Select,
  Table,
  TextField,
  ErrorSummary,
} from '../../../kernel/views/components.tsx';
import type { FieldErrors } from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import { Layout, type Crumb } from '../../../kernel/views/layout.tsx';
import { Cancelled, FileLink, fmtDate, fmtDateTime, fmtTime, NonPublic, type FileRow } from './parts.tsx';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function crumbs(ctx: ViewContext, body?: Row, more: Crumb[] = []): Crumb[] {
  const out: Crumb[] = [
    { href: '/', label: ctx.t('portal.home.title') },
    { href: '/ratsinfo', label: ctx.t('council.title') },
  ];
  if (body) out.push({ href: `/ratsinfo/${body.id}`, label: body.name });
  return [...out, ...more];
}

function MeetingTable({
  ctx,
  id,
  caption,
  meetings,
  showBody,
}: {
  ctx: ViewContext;
  id: string;
  caption: string;
  meetings: Row[];
  showBody?: boolean;
}) {
  if (!meetings.length) return <p class="kern-body">{ctx.t('council.meetings.none')}</p>;
  return (
    <Table
      id={id}
      caption={caption}
      columns={[
        { key: 'when', label: ctx.t('council.meeting.when') },
        { key: 'name', label: ctx.t('council.meeting.name') },
        { key: 'orgs', label: ctx.t('council.meeting.organization') },
      ]}
      rowHeader="when"
      rows={meetings.map((m) => ({
        when: fmtDateTime(ctx, m.start_at),
        name: (
          <>
            <a class="kern-link" href={`/ratsinfo/${m.body_id}/sitzungen/${m.id}`}>
              {m.name}
            </a>{' '}
            {m.cancelled && <Cancelled ctx={ctx} />}
            {m.published === false && <NonPublic ctx={ctx} />}
            {showBody && <span class="kern-body kern-body--small"> ({m.body_id})</span>}
          </>
        ),
        orgs: m.organizations ?? '',
      }))}
    />
  );
}

export function SearchForm({
  ctx,
  values,
  bodies,
  types,
  errors,
}: {
  ctx: ViewContext;
  values: Record<string, string>;
  bodies: Row[];
  types: string[];
  errors?: FieldErrors;
}) {
  return (
    <form
      method="get"
      action="/ratsinfo/suche"
      class="ok-form"
      role="search"
      aria-label={ctx.t('council.search.title')}
      noValidate
    >
      <TextField
        ctx={ctx}
        name="q"
        type="search"
        label={ctx.t('council.search.q')}
        hint={ctx.t('council.search.q.hint')}
        value={values.q}
        error={errors?.q}
        required
        maxLength={200}
      />
      <Select
        ctx={ctx}
        name="koerperschaft"
        label={ctx.t('council.search.body')}
        value={values.koerperschaft}
        error={errors?.koerperschaft}
        options={[
          { value: '', label: ctx.t('council.search.allBodies') },
          ...bodies.map((b) => ({ value: b.id, label: b.name })),
        ]}
      />
      <Select
        ctx={ctx}
        name="art"
        label={ctx.t('council.search.type')}
        value={values.art}
        error={errors?.art}
        options={[
          { value: '', label: ctx.t('council.search.allTypes') },
          ...types.map((x) => ({ value: x, label: x })),
        ]}
      />
      <TextField
        ctx={ctx}
        name="von"
        label={ctx.t('council.search.from')}
        hint={ctx.t('council.search.dateHint')}
        value={values.von}
        error={errors?.von}
        maxLength={10}
      />
      <TextField
        ctx={ctx}
        name="bis"
        label={ctx.t('council.search.to')}
        hint={ctx.t('council.search.dateHint')}
        value={values.bis}
        error={errors?.bis}
        maxLength={10}
      />
      <button class="kern-btn kern-btn--primary" type="submit">
        <span class="kern-label">{ctx.t('council.search.submit')}</span>
      </button>
    </form>
  );
}

export function StartPage({ ctx, bodies, upcoming }: { ctx: ViewContext; bodies: Row[]; upcoming: Row[] }) {
  return (
    <Layout
      ctx={ctx}
      title={ctx.t('council.title')}
      breadcrumbs={crumbs(ctx)
        .slice(0, 1)
        .concat({ label: ctx.t('council.title') })}
    >
      <h1 class="kern-heading-x-large">{ctx.t('council.title')}</h1>
      <p class="kern-body kern-body--large ok-prose">{ctx.t('council.lead')}</p>
      <p class="kern-body">
        <a class="kern-link" href="/ratsinfo/suche">
          {ctx.t('council.search.title')}
        </a>
      </p>
      <h2 class="kern-heading-medium">{ctx.t('council.bodies')}</h2>
      <ul class="kern-list">
        {bodies.map((b) => (
          <li key={b.id}>
            <a class="kern-link" href={`/ratsinfo/${b.id}`}>
              {b.name}
            </a>{' '}
            ({ctx.t('council.bodies.meetings', { n: String(b.meetings) })})
          </li>
        ))}
      </ul>
      <MeetingTable
        ctx={ctx}
        id="upcoming"
        caption={ctx.t('council.upcoming')}
        meetings={upcoming}
        showBody
      />
      <p class="kern-body">
        {ctx.t('council.oparl.note')}{' '}
        <a class="kern-link" href="/oparl/v1/system">
          /oparl/v1/system
        </a>
      </p>
    </Layout>
  );
}

export function BodyPage({
  ctx,
  body,
  organizations,
  upcoming,
  persons,
}: {
  ctx: ViewContext;
  body: Row;
  organizations: Row[];
  upcoming: Row[];
  persons: Row[];
}) {
  const committees = organizations.filter((o) => o.organization_type === 'Gremium');
  const groups = organizations.filter((o) => o.organization_type !== 'Gremium');
  return (
    <Layout ctx={ctx} title={body.name} breadcrumbs={crumbs(ctx).concat({ label: body.name })}>
      <h1 class="kern-heading-x-large">{body.name}</h1>
      <p class="kern-body">
        <a class="kern-link" href={`/ratsinfo/${body.id}/sitzungen`}>
          {ctx.t('council.calendar.title')}
        </a>
      </p>
      <MeetingTable ctx={ctx} id="upcoming" caption={ctx.t('council.upcoming')} meetings={upcoming} />
      <h2 class="kern-heading-medium">{ctx.t('council.committees')}</h2>
      <ul class="kern-list">
        {committees.map((o) => (
          <li key={o.id}>
            <a class="kern-link" href={`/ratsinfo/${body.id}/gremien/${o.id}`}>
              {o.name}
            </a>
          </li>
        ))}
      </ul>
      <h2 class="kern-heading-medium">{ctx.t('council.groups')}</h2>
      <ul class="kern-list">
        {groups.map((o) => (
          <li key={o.id}>
            <a class="kern-link" href={`/ratsinfo/${body.id}/gremien/${o.id}`}>
              {o.name}
            </a>
          </li>
        ))}
      </ul>
      <h2 class="kern-heading-medium">{ctx.t('council.persons')}</h2>
      <ul class="kern-list">
        {persons.map((p) => (
          <li key={p.id}>
            <a class="kern-link" href={`/ratsinfo/${body.id}/personen/${p.id}`}>
              {p.name}
            </a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

const WEEKDAYS = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'];

export function CalendarPage(p: {
  ctx: ViewContext;
  body: Row;
  month: string;
  prev: string;
  next: string;
  view: 'monat' | 'liste';
  meetings: Row[];
  organizations: Row[];
  organizationId?: number;
  days: { date: string; day: number; inMonth: boolean }[];
  monthLabel: string;
}) {
  const { ctx, body } = p;
  const q = (extra: Record<string, string>) => {
    const sp = new URLSearchParams({
      monat: p.month,
      ansicht: p.view,
      ...(p.organizationId ? { gremium: String(p.organizationId) } : {}),
      ...extra,
    });
    return `/ratsinfo/${body.id}/sitzungen?${sp}`;
  };
  const byDay = new Map<string, Row[]>();
  for (const m of p.meetings) {
    const key = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(m.start_at);
    byDay.set(key, [...(byDay.get(key) ?? []), m]);
  }
  const weeks: (typeof p.days)[] = [];
  for (let i = 0; i < p.days.length; i += 7) weeks.push(p.days.slice(i, i + 7));
  const title = ctx.t('council.calendar.title');
  return (
    <Layout ctx={ctx} title={`${title}: ${p.monthLabel}`} breadcrumbs={crumbs(ctx, body, [{ label: title }])}>
      <h1 class="kern-heading-x-large">
        {title} – {body.name}
      </h1>
      <form
        method="get"
        action={`/ratsinfo/${body.id}/sitzungen`}
        class="ok-form"
        aria-label={ctx.t('council.calendar.filter')}
      >
        <input type="hidden" name="monat" value={p.month} />
        <input type="hidden" name="ansicht" value={p.view} />
        <Select
          ctx={ctx}
          name="gremium"
          label={ctx.t('council.meeting.organization')}
          value={p.organizationId ? String(p.organizationId) : ''}
          options={[
            { value: '', label: ctx.t('council.calendar.allCommittees') },
            ...p.organizations
              .filter((o) => o.organization_type === 'Gremium')
              .map((o) => ({ value: String(o.id), label: o.name })),
          ]}
        />
        <button class="kern-btn kern-btn--secondary" type="submit">
          <span class="kern-label">{ctx.t('council.calendar.apply')}</span>
        </button>
      </form>
      <nav aria-label={ctx.t('council.calendar.nav')} class="ok-council-monthnav">
        <ul class="kern-list ok-inline-list">
          <li>
            <a class="kern-link" href={q({ monat: p.prev })} rel="prev">
              {ctx.t('council.calendar.prev')}
            </a>
          </li>
          <li>
            <a class="kern-link" href={q({ monat: p.next })} rel="next">
              {ctx.t('council.calendar.next')}
            </a>
          </li>
          <li>
            {p.view === 'monat' ? (
              <a class="kern-link" href={q({ ansicht: 'liste' })}>
                {ctx.t('council.calendar.asList')}
              </a>
            ) : (
              <a class="kern-link" href={q({ ansicht: 'monat' })}>
                {ctx.t('council.calendar.asMonth')}
              </a>
            )}
          </li>
        </ul>
      </nav>
      {p.view === 'liste' ? (
        <MeetingTable ctx={ctx} id="meetings" caption={p.monthLabel} meetings={p.meetings} />
      ) : (
        <div class="kern-table-responsive" role="region" aria-labelledby="cal-caption" tabIndex={0}>
          <table class="kern-table kern-table--small ok-council-calendar">
            <caption class="kern-title" id="cal-caption">
              {p.monthLabel}
            </caption>
            <thead class="kern-table__head">
              <tr class="kern-table__row">
                {WEEKDAYS.map((d) => (
                  <th key={d} scope="col" class="kern-table__header">
                    <abbr title={ctx.t(`council.weekday.${d}.long`)}>{ctx.t(`council.weekday.${d}`)}</abbr>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody class="kern-table__body">
              {weeks.map((w, i) => (
                <tr class="kern-table__row" key={i}>
                  {w.map((d) => (
                    <td key={d.date} class="kern-table__cell">
                      {d.inMonth ? (
                        <>
                          <span class="kern-body kern-body--bold">{d.day}</span>
                          {(byDay.get(d.date) ?? []).map((m) => (
                            <div key={m.id}>
                              <a
                                class="kern-link kern-body--small"
                                href={`/ratsinfo/${body.id}/sitzungen/${m.id}`}
                              >
                                {fmtTime(ctx, m.start_at)} {m.organizations ?? m.name}
                              </a>
                              {m.cancelled && <Cancelled ctx={ctx} />}
                            </div>
                          ))}
                        </>
                      ) : (
                        <span class="kern-sr-only">–</span>
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

function FileList({
  ctx,
  bodyId,
  files,
  label,
}: {
  ctx: ViewContext;
  bodyId: string;
  files: FileRow[];
  label: string;
}) {
  if (!files.length) return null;
  return (
    <section aria-label={label}>
      <h2 class="kern-heading-medium">{label}</h2>
      <ul class="kern-list">
        {files.map((f) => (
          <li key={f.id}>
            <FileLink ctx={ctx} bodyId={bodyId} file={f} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export function MeetingPage({
  ctx,
  body,
  meeting,
  agenda,
  files,
  internal,
}: {
  ctx: ViewContext;
  body: Row;
  meeting: Row;
  agenda: Row[];
  files: FileRow[];
  internal: boolean;
}) {
  const loc = meeting.location as Row | null;
  return (
    <Layout
      ctx={ctx}
      title={meeting.name}
      breadcrumbs={crumbs(ctx, body, [
        { href: `/ratsinfo/${body.id}/sitzungen`, label: ctx.t('council.calendar.title') },
        { label: meeting.name },
      ])}
    >
      <h1 class="kern-heading-x-large">{meeting.name}</h1>
      {meeting.cancelled && <Alert type="warning" title={ctx.t('council.meeting.cancelledNotice')} />}
      {internal && <Alert type="info" title={ctx.t('council.internalView')} />}
      <dl class="ok-council-facts">
        <dt class="kern-body kern-body--bold">{ctx.t('council.meeting.when')}</dt>
        <dd class="kern-body">
          {fmtDateTime(ctx, meeting.start_at)}
          {meeting.end_at && ` – ${fmtTime(ctx, meeting.end_at)}`}
        </dd>
        {loc && (
          <>
            <dt class="kern-body kern-body--bold">{ctx.t('council.meeting.location')}</dt>
            <dd class="kern-body">
              {[loc.description, loc.street_address, `${loc.postal_code ?? ''} ${loc.locality ?? ''}`.trim()]
                .filter(Boolean)
                .join(', ')}
            </dd>
          </>
        )}
        {meeting.meeting_state && (
          <>
            <dt class="kern-body kern-body--bold">{ctx.t('council.meeting.state')}</dt>
            <dd class="kern-body">{meeting.meeting_state}</dd>
          </>
        )}
      </dl>
      <h2 class="kern-heading-medium">{ctx.t('council.agenda')}</h2>
      {agenda.length ? (
        <Table
          id="agenda"
          caption={ctx.t('council.agenda')}
          captionHidden
          columns={[
            { key: 'number', label: ctx.t('council.agenda.number') },
            { key: 'name', label: ctx.t('council.agenda.item') },
            { key: 'result', label: ctx.t('council.agenda.result') },
          ]}
          rowHeader="number"
          rows={agenda.map((a) => ({
            number: <span id={`top-${a.id}`}>{a.number ?? ''}</span>,
            name: (
              <>
                {a.name} {!a.public && <NonPublic ctx={ctx} />}
                {(a.papers ?? []).map((p: Row) => (
                  <div key={p.id}>
                    <a class="kern-link" href={`/ratsinfo/${body.id}/vorlagen/${p.id}`}>
                      {p.reference ? `${p.reference}: ` : ''}
                      {p.name}
                    </a>
                  </div>
                ))}
                {a.resolution_text && <p class="kern-body kern-body--small">{a.resolution_text}</p>}
              </>
            ),
            result: a.result ?? '',
          }))}
        />
      ) : (
        <p class="kern-body">{ctx.t('council.agenda.empty')}</p>
      )}
      <FileList ctx={ctx} bodyId={body.id} files={files} label={ctx.t('council.files')} />
    </Layout>
  );
}

export function PaperPage({
  ctx,
  body,
  paper,
  consultations,
  files,
  internal,
}: {
  ctx: ViewContext;
  body: Row;
  paper: Row;
  consultations: Row[];
  files: FileRow[];
  internal: boolean;
}) {
  const orgs = (paper.originator_orgs ?? []) as Row[];
  const persons = (paper.originator_persons ?? []) as Row[];
  return (
    <Layout
      ctx={ctx}
      title={paper.name}
      breadcrumbs={crumbs(ctx, body, [{ label: paper.reference ?? paper.name }])}
    >
      <h1 class="kern-heading-x-large">{paper.name}</h1>
      {internal && !paper.public && <Alert type="warning" title={ctx.t('council.paper.nonPublicNotice')} />}
      <dl class="ok-council-facts">
        {paper.reference && (
          <>
            <dt class="kern-body kern-body--bold">{ctx.t('council.paper.reference')}</dt>
            <dd class="kern-body">{paper.reference}</dd>
          </>
        )}
        {paper.paper_type && (
          <>
            <dt class="kern-body kern-body--bold">{ctx.t('council.paper.type')}</dt>
            <dd class="kern-body">{paper.paper_type}</dd>
          </>
        )}
        {paper.date_text && (
          <>
            <dt class="kern-body kern-body--bold">{ctx.t('council.paper.date')}</dt>
            <dd class="kern-body">{fmtDate(ctx, paper.date_text)}</dd>
          </>
        )}
        {(orgs.length > 0 || persons.length > 0) && (
          <>
            <dt class="kern-body kern-body--bold">{ctx.t('council.paper.originators')}</dt>
            <dd class="kern-body">
              {[...orgs.map((o) => o.name), ...persons.map((p) => p.name)].join(', ')}
            </dd>
          </>
        )}
      </dl>
      {paper.body_text && <p class="kern-body ok-prose">{paper.body_text}</p>}
      <h2 class="kern-heading-medium">{ctx.t('council.paper.consultations')}</h2>
      {consultations.length ? (
        <Table
          id="consultations"
          caption={ctx.t('council.paper.consultations')}
          captionHidden
          columns={[
            { key: 'when', label: ctx.t('council.meeting.when') },
            { key: 'org', label: ctx.t('council.meeting.organization') },
            { key: 'role', label: ctx.t('council.paper.role') },
            { key: 'result', label: ctx.t('council.agenda.result') },
          ]}
          rowHeader="when"
          rows={consultations.map((c) => ({
            when: c.meeting_id ? (
              <>
                <a class="kern-link" href={`/ratsinfo/${body.id}/sitzungen/${c.meeting_id}`}>
                  {c.start_at ? fmtDateTime(ctx, c.start_at) : c.meeting_name}
                </a>{' '}
                {c.cancelled && <Cancelled ctx={ctx} />}
              </>
            ) : (
              ''
            ),
            org: c.organizations ?? '',
            role: `${c.role ?? ''}${c.authoritative ? ` (${ctx.t('council.paper.authoritative')})` : ''}`,
            result: c.result ?? '',
          }))}
        />
      ) : (
        <p class="kern-body">{ctx.t('council.paper.noConsultations')}</p>
      )}
      <FileList ctx={ctx} bodyId={body.id} files={files} label={ctx.t('council.files')} />
    </Layout>
  );
}

export function OrganizationPage({
  ctx,
  body,
  org,
  members,
  meetings,
}: {
  ctx: ViewContext;
  body: Row;
  org: Row;
  members: Row[];
  meetings: Row[];
}) {
  return (
    <Layout ctx={ctx} title={org.name} breadcrumbs={crumbs(ctx, body, [{ label: org.name }])}>
      <h1 class="kern-heading-x-large">{org.name}</h1>
      <p class="kern-body">{[org.organization_type, org.classification].filter(Boolean).join(' · ')}</p>
      <p class="kern-body">
        <a class="kern-link" href={`/ratsinfo/${body.id}/gremien/${org.id}.ics`} type="text/calendar">
          {ctx.t('council.ics.organization')}
        </a>
      </p>
      <h2 class="kern-heading-medium">{ctx.t('council.members')}</h2>
      {members.length ? (
        <Table
          id="members"
          caption={ctx.t('council.members')}
          captionHidden
          columns={[
            { key: 'name', label: ctx.t('council.person.name') },
            { key: 'role', label: ctx.t('council.membership.role') },
            { key: 'group', label: ctx.t('council.membership.group') },
          ]}
          rowHeader="name"
          rows={members.map((m) => ({
            name: (
              <a class="kern-link" href={`/ratsinfo/${body.id}/personen/${m.person_id}`}>
                {m.person_name}
              </a>
            ),
            role: `${m.role ?? ''}${m.voting_right === false ? ` (${ctx.t('council.membership.noVote')})` : ''}`,
            group: m.group_name ?? '',
          }))}
        />
      ) : (
        <p class="kern-body">{ctx.t('council.members.none')}</p>
      )}
      <h2 class="kern-heading-medium">{ctx.t('council.meetings')}</h2>
      <MeetingTable ctx={ctx} id="org-meetings" caption={ctx.t('council.meetings')} meetings={meetings} />
    </Layout>
  );
}

export function PersonPage({
  ctx,
  body,
  person,
  memberships,
}: {
  ctx: ViewContext;
  body: Row;
  person: Row;
  memberships: Row[];
}) {
  return (
    <Layout ctx={ctx} title={person.name} breadcrumbs={crumbs(ctx, body, [{ label: person.name }])}>
      <h1 class="kern-heading-x-large">{person.name}</h1>
      {person.contact_consent && (person.email as string[]).length > 0 && (
        <p class="kern-body">
          {ctx.t('council.person.email')}:{' '}
          {(person.email as string[]).map((e) => (
            <a class="kern-link" href={`mailto:${e}`} key={e}>
              {e}
            </a>
          ))}
        </p>
      )}
      <p class="kern-body">
        <a class="kern-link" href={`/ratsinfo/${body.id}/personen/${person.id}.ics`} type="text/calendar">
          {ctx.t('council.ics.person')}
        </a>
      </p>
      <h2 class="kern-heading-medium">{ctx.t('council.person.memberships')}</h2>
      <Table
        id="memberships"
        caption={ctx.t('council.person.memberships')}
        captionHidden
        columns={[
          { key: 'org', label: ctx.t('council.meeting.organization') },
          { key: 'role', label: ctx.t('council.membership.role') },
          { key: 'since', label: ctx.t('council.membership.since') },
        ]}
        rowHeader="org"
        rows={memberships.map((m) => ({
          org: (
            <a class="kern-link" href={`/ratsinfo/${body.id}/gremien/${m.organization_id}`}>
              {m.organization_name}
            </a>
          ),
          role: m.role ?? '',
          since: fmtDate(ctx, m.start_date),
        }))}
      />
    </Layout>
  );
}

export function SearchPage(p: {
  ctx: ViewContext;
  values: Record<string, string>;
  bodies: Row[];
  types: string[];
  errors?: FieldErrors;
  results?: { rows: Row[]; total: number; capped?: boolean };
  page: number;
  pageCount: number;
  href: (page: number) => string;
}) {
  const { ctx } = p;
  const title = ctx.t('council.search.title');
  const children: ComponentChildren = [];
  return (
    <Layout
      ctx={ctx}
      title={title}
      hasErrors={!!p.errors}
      breadcrumbs={crumbs(ctx, undefined, [{ label: title }])}
    >
      {p.errors && <ErrorSummary ctx={ctx} errors={p.errors} />}
      <h1 class="kern-heading-x-large">{title}</h1>
      <SearchForm ctx={ctx} values={p.values} bodies={p.bodies} types={p.types} errors={p.errors} />
      {children}
      {p.results && (
        <section aria-labelledby="results-heading">
          <h2 class="kern-heading-medium" id="results-heading">
            {p.results.capped
              ? ctx.t('council.search.resultsMany', { n: String(p.results.total) })
              : ctx.t('council.search.results', { n: String(p.results.total) })}
          </h2>
          <ol class="kern-list">
            {p.results.rows.map((r) => (
              <li key={r.id}>
                <a class="kern-link" href={`/ratsinfo/${r.body_id}/vorlagen/${r.id}`}>
                  {r.name}
                </a>
                <p class="kern-body kern-body--small">
                  {[
                    r.paper_type,
                    r.reference,
                    fmtDate(ctx, r.date),
                    p.bodies.find((b) => b.id === r.body_id)?.name,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </p>
              </li>
            ))}
          </ol>
          <Pagination ctx={ctx} page={p.page} pageCount={p.pageCount} href={p.href} />
        </section>
      )}
    </Layout>
  );
}

export { ButtonLink };
