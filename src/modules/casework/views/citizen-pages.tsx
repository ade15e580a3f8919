import type { ComponentChildren } from 'preact';
import {
  Alert,
  ButtonLink,
  Checkbox,
  ErrorSummary,
  FileField,
  Form,
  SubmitButton,
  SummaryList,
  TextArea,
  type FieldErrors,
} from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import { Layout, type Crumb } from '../../../kernel/views/layout.tsx';
import type { CaseView, DocumentView, EntryView, RfiView } from '../presenters/case.ts';
import { DocumentList, StatusBadge, Timeline } from './parts.tsx';

function AccountFrame(p: {
  ctx: ViewContext;
  title: string;
  trail?: Crumb[];
  hasErrors?: boolean;
  children: ComponentChildren;
}) {
  const t = p.ctx.t;
  return (
    <Layout
      ctx={p.ctx}
      title={p.title}
      noindex
      hasErrors={p.hasErrors}
      breadcrumbs={[
        { href: '/', label: t('casework.home') },
        { href: '/konto', label: t('casework.account') },
        ...(p.trail ?? []),
        { label: p.title },
      ]}
    >
      <h1 class="kern-heading-large">{p.title}</h1>
      {p.children}
    </Layout>
  );
}

export function paymentHref(reference: string): string {
  return `/antraege/zahlung/${encodeURIComponent(reference)}`;
}

export function MyCasesPage({ ctx, cases }: { ctx: ViewContext; cases: CaseView[] }) {
  const t = ctx.t;
  return (
    <AccountFrame ctx={ctx} title={t('casework.my.title')}>
      {cases.length === 0 ? (
        <p class="kern-body">{t('casework.my.empty')}</p>
      ) : (
        <div class="kern-table-responsive" role="region" aria-labelledby="my-caption" tabIndex={0}>
          <table class="kern-table" id="my-cases">
            <caption class="kern-title" id="my-caption">
              {t('casework.my.caption')}
            </caption>
            <thead class="kern-table__head">
              <tr class="kern-table__row">
                {['reference', 'service', 'submitted', 'status'].map((k) => (
                  <th key={k} scope="col" class="kern-table__header">
                    {t(`casework.col.${k}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody class="kern-table__body">
              {cases.map((c) => (
                <tr class="kern-table__row" key={c.id}>
                  <th scope="row" class="kern-table__header">
                    <a class="kern-link" href={`/konto/antraege/${c.id}`}>
                      {c.reference}
                    </a>
                  </th>
                  <td class="kern-table__cell">{c.service}</td>
                  <td class="kern-table__cell">{c.submitted}</td>
                  <td class="kern-table__cell">
                    <StatusBadge c={c} />
                    {c.status === 'waiting' && <strong> {t('casework.my.actionNeeded')}</strong>}
                    {c.paymentDue && (
                      <>
                        {' '}
                        <a class="kern-link" href={paymentHref(c.reference)}>
                          {t('casework.payNow')}
                          <span class="kern-sr-only"> ({c.reference})</span>
                        </a>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AccountFrame>
  );
}

export function MyCasePage(p: {
  ctx: ViewContext;
  c: CaseView;
  entries: EntryView[];
  docs: DocumentView[];
  openRfi: RfiView | null;
  canWithdraw: boolean;
  errors: FieldErrors;
  answer: string;
  notice?: string;
}) {
  const { ctx, c } = p;
  const t = ctx.t;
  const base = `/konto/antraege/${c.id}`;
  return (
    <AccountFrame
      ctx={ctx}
      title={t('casework.my.case', { reference: c.reference })}
      trail={[{ href: '/konto/antraege', label: t('casework.my.title') }]}
      hasErrors={Object.keys(p.errors).length > 0}
    >
      <ErrorSummary ctx={ctx} errors={p.errors} />
      {p.notice && <Alert type="success" title={p.notice} live />}
      <SummaryList
        ctx={ctx}
        id="my-case-facts"
        rows={[
          { key: t('casework.col.service'), value: c.service },
          { key: t('casework.col.submitted'), value: c.submitted },
          { key: t('casework.col.status'), value: <StatusBadge c={c} /> },
          { key: t('casework.field.payment'), value: c.payment },
          { key: t('casework.field.kassenzeichen'), value: c.kassenzeichen ?? '' },
        ]}
      />
      {c.paymentDue && (
        <p class="kern-body">
          <ButtonLink href={paymentHref(c.reference)} label={t('casework.payNow')} />
        </p>
      )}
      {p.openRfi && (
        <section aria-labelledby="rfi-heading">
          <h2 class="kern-heading-medium" id="rfi-heading">
            {t('casework.my.rfiHeading')}
          </h2>
          <Alert type="warning" title={t('casework.my.rfiAsked', { date: p.openRfi.asked })}>
            <p class="kern-body ok-casework-pre">{p.openRfi.question}</p>
          </Alert>
          <Form ctx={ctx} action={`${base}/antwort`} multipart label={t('casework.my.rfiHeading')}>
            <TextArea
              ctx={ctx}
              name="answer"
              label={t('casework.my.answer')}
              hint={t('casework.my.answerHint')}
              value={p.answer}
              error={p.errors.answer}
              maxLength={10000}
            />
            <FileField
              ctx={ctx}
              name="files"
              label={t('casework.my.files')}
              hint={t('casework.my.filesHint')}
              accept=".pdf,.jpg,.jpeg,.png"
              multiple
              error={p.errors.files}
            />
            <SubmitButton label={t('casework.my.answerSubmit')} />
          </Form>
        </section>
      )}
      <section aria-labelledby="timeline-heading">
        <h2 class="kern-heading-medium" id="timeline-heading">
          {t('casework.my.timeline')}
        </h2>
        <Timeline ctx={ctx} entries={p.entries} id="my-timeline" />
      </section>
      <section aria-labelledby="docs-heading">
        <h2 class="kern-heading-medium" id="docs-heading">
          {t('casework.case.documents')}
        </h2>
        <DocumentList ctx={ctx} docs={p.docs} id="my-docs" href={(d) => `${base}/dokumente/${d.id}`} />
      </section>
      {p.canWithdraw && (
        <section aria-labelledby="withdraw-heading">
          <h2 class="kern-heading-medium" id="withdraw-heading">
            {t('casework.my.withdrawHeading')}
          </h2>
          <Form ctx={ctx} action={`${base}/zuruecknehmen`} label={t('casework.my.withdrawHeading')}>
            <Checkbox
              ctx={ctx}
              name="confirmWithdraw"
              label={t('casework.my.withdrawConfirm')}
              error={p.errors.confirmWithdraw}
            />
            <SubmitButton label={t('casework.my.withdraw')} secondary />
          </Form>
        </section>
      )}
    </AccountFrame>
  );
}

export interface PostboxItem {
  id: string;
  kind: 'notice' | 'message';
  subject: string;
  body: string;
  date: string;
  read: boolean;
  caseId: string | null;
  documentId: string | null;
  documentName: string | null;
}

export function PostboxPage({
  ctx,
  items,
  notice,
}: {
  ctx: ViewContext;
  items: PostboxItem[];
  notice?: string;
}) {
  const t = ctx.t;
  return (
    <Layout
      ctx={ctx}
      title={t('casework.postbox.title')}
      noindex
      breadcrumbs={[
        { href: '/', label: t('casework.home') },
        { href: '/konto', label: t('casework.account') },
        { label: t('casework.postbox.title') },
      ]}
    >
      <h1 class="kern-heading-large">{t('casework.postbox.title')}</h1>
      {notice && <Alert type="success" title={notice} live />}
      {items.length === 0 ? (
        <p class="kern-body">{t('casework.postbox.empty')}</p>
      ) : (
        <ul class="kern-list" id="postbox">
          {items.map((m) => (
            <li key={m.id} class="ok-casework-message">
              <h2 class="kern-heading-small">
                {m.read ? '' : `${t('casework.postbox.unread')}: `}
                {m.subject}
              </h2>
              <p class="kern-body">
                {t(`casework.postbox.kind.${m.kind}`)} – {m.date}
              </p>
              <p class="kern-body ok-casework-pre">{m.body}</p>
              {m.documentId && (
                <p class="kern-body">
                  <a class="kern-link" href={`/postfach/${m.id}/dokument`}>
                    {t('casework.postbox.download', { name: m.documentName ?? '' })}
                  </a>
                </p>
              )}
              {m.caseId && (
                <p class="kern-body">
                  <a class="kern-link" href={`/konto/antraege/${m.caseId}`}>
                    {t('casework.postbox.toCase')}
                    <span class="kern-sr-only"> ({m.subject})</span>
                  </a>
                </p>
              )}
              {!m.read && (
                <Form
                  ctx={ctx}
                  action={`/postfach/${m.id}/gelesen`}
                  label={t('casework.postbox.markReadFor', { subject: m.subject })}
                >
                  <button type="submit" class="kern-btn kern-btn--tertiary">
                    <span class="kern-label">
                      {t('casework.postbox.markRead')}
                      <span class="kern-sr-only"> ({m.subject})</span>
                    </span>
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export function DataExportPage({ ctx }: { ctx: ViewContext }) {
  const t = ctx.t;
  return (
    <AccountFrame ctx={ctx} title={t('casework.gdpr.title')}>
      <p class="kern-body">{t('casework.gdpr.lead')}</p>
      <ul class="kern-list">
        <li>
          <a class="kern-link" href="/konto/datenauskunft/daten.json" download>
            {t('casework.gdpr.json')}
          </a>
        </li>
        <li>
          <a class="kern-link" href="/konto/datenauskunft/daten.pdf">
            {t('casework.gdpr.pdf')}
          </a>
        </li>
      </ul>
      <p class="kern-body">
        <a class="kern-link" href="/konto/loeschen">
          {t('casework.delete.title')}
        </a>
      </p>
    </AccountFrame>
  );
}

export function DeleteAccountPage({
  ctx,
  errors,
  hasCases,
}: {
  ctx: ViewContext;
  errors: FieldErrors;
  hasCases: boolean;
}) {
  const t = ctx.t;
  return (
    <AccountFrame ctx={ctx} title={t('casework.delete.title')} hasErrors={Object.keys(errors).length > 0}>
      <ErrorSummary ctx={ctx} errors={errors} />
      <p class="kern-body">{t('casework.delete.lead')}</p>
      <h2 class="kern-heading-medium">{t('casework.delete.retentionHeading')}</h2>
      <p class="kern-body">{t('casework.delete.retention')}</p>
      {hasCases && <Alert type="info" title={t('casework.delete.youHaveCases')} />}
      <p class="kern-body">
        <a class="kern-link" href="/konto/datenauskunft">
          {t('casework.delete.exportFirst')}
        </a>
      </p>
      <Form ctx={ctx} action="/konto/loeschen" label={t('casework.delete.title')}>
        <Checkbox
          ctx={ctx}
          name="confirmDelete"
          label={t('casework.delete.confirm')}
          error={errors.confirmDelete}
        />
        <SubmitButton label={t('casework.delete.submit')} />
      </Form>
    </AccountFrame>
  );
}

export function AccountDeletedPage({ ctx, retained }: { ctx: ViewContext; retained: string[] }) {
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('casework.delete.done')} noindex>
      <h1 class="kern-heading-large">{t('casework.delete.done')}</h1>
      <Alert type="success" title={t('casework.delete.doneText')} />
      {retained.length > 0 && (
        <>
          <h2 class="kern-heading-medium">{t('casework.delete.retainedHeading')}</h2>
          <ul class="kern-list" id="retained">
            {retained.map((k) => (
              <li key={k} class="kern-body">
                {t(k)}
              </li>
            ))}
          </ul>
        </>
      )}
      <p class="kern-body">
        <a class="kern-link" href="/">
          {t('casework.home')}
        </a>
      </p>
    </Layout>
  );
}
