import { formatNumber } from '../../../kernel/i18n/format.ts';
import { StaffPage } from '../../../kernel/staff/views/staff-page.tsx';
import {
  Alert,
  ButtonLink,
  ErrorSummary,
  Form,
  Pagination,
  Radios,
  Select,
  SubmitButton,
  SummaryList,
  TextArea,
  TextField,
  type FieldErrors,
} from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import type { CaseStatus } from '../domain.ts';
import type { CaseView, DocumentView, EntryView, RfiView } from '../presenters/case.ts';
import { DocumentList, StatusBadge, Timeline } from './parts.tsx';

export const INBOX = '/verwaltung/vorgaenge';

export interface InboxQuery {
  q: string;
  status: string;
  leistung: string;
  ueberfaellig: boolean;
  meine: boolean;
  sortierung: string;
  seite: number;
}

export function inboxHref(q: InboxQuery, over: Partial<InboxQuery> = {}, base = INBOX): string {
  const v = { ...q, ...over };
  const p = new URLSearchParams();
  if (v.q) p.set('q', v.q);
  if (v.status) p.set('status', v.status);
  if (v.leistung) p.set('leistung', v.leistung);
  if (v.ueberfaellig) p.set('ueberfaellig', '1');
  if (v.meine) p.set('meine', '1');
  if (v.sortierung && v.sortierung !== '-submitted') p.set('sortierung', v.sortierung);
  if (v.seite > 1) p.set('seite', String(v.seite));
  const s = p.toString();
  return s ? `${base}?${s}` : base;
}

export interface InboxPageProps {
  ctx: ViewContext;
  query: InboxQuery;
  errors: FieldErrors;
  cases: CaseView[];
  /** The number of matching cases; a lower bound when not `exact` (more exist). */
  total: number;
  exact: boolean;
  /** Pages of `total` (when not exact: the pages known so far; more follow). */
  pageCount: number;
  services: { slug: string; title: string }[];
  colleagues: { id: string; name: string }[];
  notice?: string;
  bulkError?: string;
}

const STATUS_FILTER: (CaseStatus | 'open')[] = [
  'open',
  'received',
  'in_progress',
  'waiting',
  'approved',
  'rejected',
  'partly_approved',
  'closed',
  'withdrawn',
];
const SORTS = ['-submitted', 'submitted', 'due', '-due', 'priority', 'reference', 'status'];

export function InboxPage(p: InboxPageProps) {
  const { ctx, query } = p;
  const t = ctx.t;
  const errors = { ...p.errors, ...(p.bulkError ? { assignee: p.bulkError } : {}) };
  return (
    <StaffPage ctx={ctx} title={t('casework.inbox.title')} trail={[]}>
      <ErrorSummary ctx={ctx} errors={errors} />
      {p.notice && <Alert type="success" title={p.notice} live />}
      <form
        method="get"
        action={INBOX}
        class="ok-form ok-casework-filter"
        aria-label={t('casework.inbox.filter')}
      >
        <h2 class="kern-heading-medium">{t('casework.inbox.filter')}</h2>
        <TextField
          ctx={ctx}
          name="q"
          type="search"
          label={t('casework.inbox.search')}
          hint={t('casework.inbox.searchHint')}
          value={query.q}
          error={p.errors.q}
        />
        <Select
          ctx={ctx}
          name="status"
          label={t('casework.inbox.status')}
          placeholder={t('casework.inbox.allStatuses')}
          value={query.status}
          error={p.errors.status}
          options={STATUS_FILTER.map((s) => ({ value: s, label: t(`casework.status.${s}`) }))}
        />
        <Select
          ctx={ctx}
          name="leistung"
          label={t('casework.inbox.service')}
          placeholder={t('casework.inbox.allServices')}
          value={query.leistung}
          error={p.errors.leistung}
          options={p.services.map((s) => ({ value: s.slug, label: s.title }))}
        />
        <div class="kern-form-check">
          <input
            class="kern-form-check__checkbox"
            type="checkbox"
            id="f-ueberfaellig"
            name="ueberfaellig"
            value="1"
            checked={query.ueberfaellig}
          />
          <label class="kern-label" for="f-ueberfaellig">
            {t('casework.inbox.overdue')}
          </label>
        </div>
        <div class="kern-form-check">
          <input
            class="kern-form-check__checkbox"
            type="checkbox"
            id="f-meine"
            name="meine"
            value="1"
            checked={query.meine}
          />
          <label class="kern-label" for="f-meine">
            {t('casework.inbox.mine')}
          </label>
        </div>
        <Select
          ctx={ctx}
          name="sortierung"
          label={t('casework.inbox.sort')}
          placeholder={t('casework.sort.-submitted')}
          value={query.sortierung === '-submitted' ? '' : query.sortierung}
          error={p.errors.sortierung}
          options={SORTS.filter((s) => s !== '-submitted').map((s) => ({
            value: s,
            label: t(`casework.sort.${s}`),
          }))}
        />
        <SubmitButton label={t('casework.inbox.apply')} />
      </form>

      <p class="kern-body" role="status">
        {t(p.exact ? 'casework.inbox.count' : 'casework.inbox.countCapped', {
          count: formatNumber(ctx.lang, p.total),
        })}{' '}
        <a class="kern-link" href={inboxHref(query, { seite: 1 }, `${INBOX}/export.csv`)}>
          {t('casework.inbox.csv')}
        </a>
      </p>

      {p.cases.length > 0 && (
        <Form
          ctx={ctx}
          action={`${INBOX}/zuweisen?${new URLSearchParams({ zurueck: inboxHref(query) }).toString()}`}
          label={t('casework.inbox.bulk')}
        >
          <div class="kern-table-responsive" role="region" aria-labelledby="inbox-caption" tabIndex={0}>
            <table class="kern-table kern-table--small" id="inbox">
              <caption class="kern-title" id="inbox-caption">
                {p.exact
                  ? t('casework.inbox.caption', { page: query.seite, pages: Math.max(1, p.pageCount) })
                  : t('casework.inbox.captionOpen', { page: query.seite })}
              </caption>
              <thead class="kern-table__head">
                <tr class="kern-table__row">
                  <th scope="col" class="kern-table__header">
                    <span class="kern-sr-only">{t('casework.inbox.select')}</span>
                  </th>
                  {[
                    'reference',
                    'service',
                    'applicant',
                    'status',
                    'submitted',
                    'due',
                    'priority',
                    'assignee',
                  ].map((k) => (
                    <th key={k} scope="col" class="kern-table__header">
                      {t(`casework.col.${k}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody class="kern-table__body">
                {p.cases.map((c) => (
                  <tr class="kern-table__row" key={c.id}>
                    <td class="kern-table__cell">
                      <input
                        class="kern-form-check__checkbox"
                        type="checkbox"
                        name="ids"
                        value={c.id}
                        id={`sel-${c.id}`}
                      />
                      <label class="kern-sr-only" for={`sel-${c.id}`}>
                        {t('casework.inbox.selectCase', { reference: c.reference })}
                      </label>
                    </td>
                    <th scope="row" class="kern-table__header">
                      <a class="kern-link" href={`${INBOX}/${c.id}`}>
                        {c.reference}
                      </a>
                    </th>
                    <td class="kern-table__cell">{c.service}</td>
                    <td class="kern-table__cell">{c.applicantName}</td>
                    <td class="kern-table__cell">
                      <StatusBadge c={c} />
                    </td>
                    <td class="kern-table__cell">{c.submitted}</td>
                    <td class="kern-table__cell">
                      {c.due}
                      {c.overdue && <strong> ({t('casework.overdue')})</strong>}
                    </td>
                    <td class="kern-table__cell">{c.priorityLabel}</td>
                    <td class="kern-table__cell">{c.assignee}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Select
            ctx={ctx}
            name="assignee"
            label={t('casework.inbox.assignTo')}
            placeholder={t('casework.inbox.chooseAssignee')}
            error={p.bulkError}
            options={[
              { value: 'niemand', label: t('casework.unassign') },
              ...p.colleagues.map((c) => ({ value: c.id, label: c.name })),
            ]}
          />
          <SubmitButton label={t('casework.inbox.assign')} secondary />
        </Form>
      )}
      {p.cases.length === 0 && <p class="kern-body">{t('casework.inbox.empty')}</p>}
      {p.exact ? (
        <Pagination
          ctx={ctx}
          page={query.seite}
          pageCount={p.pageCount}
          href={(n) => inboxHref(query, { seite: n })}
        />
      ) : (
        // The total is not known: previous and next only (there is always a next page here).
        <nav class="ok-pagination" aria-label={t('pagination.label')}>
          <ul class="ok-pagination__list">
            {query.seite > 1 && (
              <li class="ok-pagination__prev">
                <a class="kern-link" href={inboxHref(query, { seite: query.seite - 1 })} rel="prev">
                  <span class="kern-icon kern-icon--arrow-back" aria-hidden="true" />
                  {t('pagination.previous')}
                </a>
              </li>
            )}
            <li>
              <span class="ok-pagination__current" aria-current="page">
                {t('pagination.page', { page: query.seite })}
              </span>
            </li>
            <li class="ok-pagination__next">
              <a class="kern-link" href={inboxHref(query, { seite: query.seite + 1 })} rel="next">
                {t('pagination.next')}
                <span class="kern-icon kern-icon--arrow-forward" aria-hidden="true" />
              </a>
            </li>
          </ul>
        </nav>
      )}
    </StaffPage>
  );
}

export interface CaseFormValues {
  statusTo?: string;
  statusReason?: string;
  note?: string;
  question?: string;
  decision?: string;
  decisionReason?: string;
}

export interface CasePageProps {
  ctx: ViewContext;
  c: CaseView;
  entries: EntryView[];
  docs: DocumentView[];
  rfis: RfiView[];
  statusTargets: CaseStatus[];
  canDecide: boolean;
  canAsk: boolean;
  colleagues: { id: string; name: string }[];
  me: string;
  errors: FieldErrors;
  values: CaseFormValues;
  notice?: string;
}

export function CasePage(p: CasePageProps) {
  const { ctx, c } = p;
  const t = ctx.t;
  const base = `${INBOX}/${c.id}`;
  return (
    <StaffPage
      ctx={ctx}
      title={t('casework.case.title', { reference: c.reference })}
      trail={[{ href: INBOX, label: t('casework.inbox.title') }]}
    >
      <ErrorSummary ctx={ctx} errors={p.errors} />
      {p.notice && <Alert type="success" title={p.notice} live />}
      <p class="kern-body">
        <StatusBadge c={c} /> {c.service}
      </p>
      <SummaryList
        ctx={ctx}
        id="case-facts"
        rows={[
          { key: t('casework.col.service'), value: c.service },
          { key: t('casework.col.applicant'), value: c.applicantName },
          { key: t('casework.field.email'), value: c.applicantEmail },
          { key: t('casework.col.submitted'), value: c.submitted },
          { key: t('casework.col.due'), value: c.overdue ? `${c.due} (${t('casework.overdue')})` : c.due },
          {
            key: t('casework.col.status'),
            value:
              c.decisionLabel && c.status === 'closed'
                ? `${c.statusLabel} – ${c.decisionLabel}`
                : c.statusLabel,
          },
          { key: t('casework.col.priority'), value: c.priorityLabel },
          { key: t('casework.col.assignee'), value: c.assignee },
          { key: t('casework.field.payment'), value: c.payment },
          { key: t('casework.field.kassenzeichen'), value: c.kassenzeichen ?? '' },
          { key: t('casework.field.form'), value: c.formLabel },
        ]}
      />
      <p class="kern-body">
        <ButtonLink href={`${base}/akte.zip`} label={t('casework.case.export')} variant="secondary" />
      </p>

      <section aria-labelledby="data-heading">
        <h2 class="kern-heading-medium" id="data-heading">
          {t('casework.case.data')}
        </h2>
        <SummaryList
          ctx={ctx}
          id="case-data"
          rows={c.summary.map((s, i) => ({ key: s.label || `#${i + 1}`, value: s.value }))}
        />
      </section>

      <section aria-labelledby="docs-heading">
        <h2 class="kern-heading-medium" id="docs-heading">
          {t('casework.case.documents')}
        </h2>
        <DocumentList ctx={ctx} docs={p.docs} id="case-docs" href={(d) => `${base}/dokumente/${d.id}`} />
      </section>

      {p.rfis.length > 0 && (
        <section aria-labelledby="rfi-heading">
          <h2 class="kern-heading-medium" id="rfi-heading">
            {t('casework.case.rfis')}
          </h2>
          <ul class="kern-list">
            {p.rfis.map((r) => (
              <li key={r.id} class="kern-body">
                <strong>{r.asked}</strong>: {r.question}
                <br />
                {r.answered
                  ? `${t('casework.rfi.answeredAt', { date: r.answered })}: ${r.answer ?? ''}`
                  : t('casework.rfi.open')}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="actions-heading">
        <h2 class="kern-heading-medium" id="actions-heading">
          {t('casework.case.actions')}
        </h2>

        {p.canDecide && (
          <Form ctx={ctx} action={`${base}/entscheiden`} label={t('casework.decide.title')}>
            <h3 class="kern-heading-small">{t('casework.decide.title')}</h3>
            <Radios
              ctx={ctx}
              name="decision"
              legend={t('casework.decide.decision')}
              required
              value={p.values.decision}
              error={p.errors.decision}
              options={(['approved', 'partly_approved', 'rejected'] as const).map((d) => ({
                value: d,
                label: t(`casework.status.${d}`),
              }))}
            />
            <TextArea
              ctx={ctx}
              name="decisionReason"
              label={t('casework.decide.reason')}
              hint={t('casework.decide.reasonHint')}
              value={p.values.decisionReason}
              error={p.errors.decisionReason}
              maxLength={5000}
            />
            <SubmitButton label={t('casework.decide.submit')} />
          </Form>
        )}

        {p.canAsk && (
          <Form ctx={ctx} action={`${base}/rueckfrage`} label={t('casework.rfi.title')}>
            <h3 class="kern-heading-small">{t('casework.rfi.title')}</h3>
            <TextArea
              ctx={ctx}
              name="question"
              label={t('casework.rfi.question')}
              hint={t('casework.rfi.questionHint')}
              required
              value={p.values.question}
              error={p.errors.question}
              maxLength={5000}
            />
            <SubmitButton label={t('casework.rfi.submit')} secondary />
          </Form>
        )}

        {p.statusTargets.length > 0 && (
          <Form ctx={ctx} action={`${base}/status`} label={t('casework.statusForm.title')}>
            <h3 class="kern-heading-small">{t('casework.statusForm.title')}</h3>
            <Select
              ctx={ctx}
              name="statusTo"
              label={t('casework.statusForm.to')}
              required
              value={p.values.statusTo}
              error={p.errors.statusTo}
              options={p.statusTargets.map((s) => ({ value: s, label: t(`casework.status.${s}`) }))}
            />
            <TextArea
              ctx={ctx}
              name="statusReason"
              label={t('casework.statusForm.reason')}
              value={p.values.statusReason}
              error={p.errors.statusReason}
              maxLength={2000}
              rows={3}
            />
            <SubmitButton label={t('casework.statusForm.submit')} secondary />
          </Form>
        )}

        <Form ctx={ctx} action={`${base}/zuweisung`} label={t('casework.assign.title')}>
          <h3 class="kern-heading-small">{t('casework.assign.title')}</h3>
          <Select
            ctx={ctx}
            name="assignee"
            label={t('casework.assign.to')}
            required
            value={c.assigneeId ?? ''}
            error={p.errors.assignee}
            options={[
              { value: 'niemand', label: t('casework.unassign') },
              ...p.colleagues.map((x) => ({
                value: x.id,
                label: x.id === p.me ? t('casework.assign.me', { name: x.name }) : x.name,
              })),
            ]}
          />
          <SubmitButton label={t('casework.assign.submit')} secondary />
        </Form>

        <Form ctx={ctx} action={`${base}/prioritaet`} label={t('casework.priorityForm.title')}>
          <h3 class="kern-heading-small">{t('casework.priorityForm.title')}</h3>
          <Select
            ctx={ctx}
            name="priority"
            label={t('casework.col.priority')}
            required
            value={c.priority}
            error={p.errors.priority}
            options={['low', 'normal', 'high'].map((x) => ({ value: x, label: t(`casework.priority.${x}`) }))}
          />
          <SubmitButton label={t('casework.priorityForm.submit')} secondary />
        </Form>

        <Form ctx={ctx} action={`${base}/notiz`} label={t('casework.note.title')}>
          <h3 class="kern-heading-small">{t('casework.note.title')}</h3>
          <TextArea
            ctx={ctx}
            name="note"
            label={t('casework.note.text')}
            hint={t('casework.note.hint')}
            required
            value={p.values.note}
            error={p.errors.note}
            maxLength={5000}
            rows={3}
          />
          <SubmitButton label={t('casework.note.submit')} secondary />
        </Form>
      </section>

      <section aria-labelledby="file-heading">
        <h2 class="kern-heading-medium" id="file-heading">
          {t('casework.case.file')}
        </h2>
        <Timeline ctx={ctx} entries={p.entries} id="case-file" />
      </section>
    </StaffPage>
  );
}

export interface TemplateListItem {
  tenantId: string;
  tenantName: string;
  serviceSlug: string;
  title: string;
  updated: string;
}

export function TemplatesPage({
  ctx,
  items,
  notice,
}: {
  ctx: ViewContext;
  items: TemplateListItem[];
  notice?: string;
}) {
  const t = ctx.t;
  return (
    <StaffPage ctx={ctx} title={t('casework.templates.title')} trail={[]}>
      {notice && <Alert type="success" title={notice} live />}
      <p class="kern-body">{t('casework.templates.lead')}</p>
      {items.length === 0 ? (
        <p class="kern-body">{t('casework.templates.none')}</p>
      ) : (
        <ul class="kern-list" id="templates">
          {items.map((i) => (
            <li key={`${i.tenantId}/${i.serviceSlug}`}>
              <a class="kern-link" href={`/verwaltung/bescheidvorlagen/${i.tenantId}/${i.serviceSlug}`}>
                {i.tenantName}: {i.serviceSlug}
              </a>{' '}
              <span class="kern-body">
                – {i.title} ({t('casework.templates.updated', { date: i.updated })})
              </span>
            </li>
          ))}
        </ul>
      )}
    </StaffPage>
  );
}

export function TemplateEditPage(p: {
  ctx: ViewContext;
  tenantName: string;
  tenantId: string;
  serviceSlug: string;
  values: { title: string; body: string };
  errors: FieldErrors;
  placeholders: readonly string[];
}) {
  const { ctx } = p;
  const t = ctx.t;
  return (
    <StaffPage
      ctx={ctx}
      title={t('casework.templates.edit', { service: p.serviceSlug, tenant: p.tenantName })}
      trail={[{ href: '/verwaltung/bescheidvorlagen', label: t('casework.templates.title') }]}
    >
      <ErrorSummary ctx={ctx} errors={p.errors} />
      <Form ctx={ctx} action={`/verwaltung/bescheidvorlagen/${p.tenantId}/${p.serviceSlug}`}>
        <TextField
          ctx={ctx}
          name="title"
          label={t('casework.templates.fieldTitle')}
          required
          value={p.values.title}
          error={p.errors.title}
        />
        <TextArea
          ctx={ctx}
          name="body"
          label={t('casework.templates.fieldBody')}
          hint={t('casework.templates.placeholders', {
            list: p.placeholders.map((x) => `{${x}}`).join(', '),
          })}
          required
          rows={12}
          value={p.values.body}
          error={p.errors.body}
          maxLength={20000}
        />
        <p class="kern-body">{t('casework.templates.remedyNote')}</p>
        <SubmitButton label={t('casework.templates.save')} />
      </Form>
    </StaffPage>
  );
}
