import {
  Alert,
  ButtonGroup,
  ErrorSummary,
  Form,
  SubmitButton,
  Table,
  TextField,
  type FieldErrors,
} from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import type { CounterRow, LocationRow } from '../db/queries.ts';
import { QueuePage, timeOfDay } from './parts.tsx';

/** /verwaltung/warteschlange/<slug>/schalter: the counters and rooms of a location. */
export function CountersPage({
  ctx,
  loc,
  counters,
  notice,
  warning,
  errors,
  values,
}: {
  ctx: ViewContext;
  loc: LocationRow;
  counters: CounterRow[];
  notice?: string;
  warning?: string;
  errors?: FieldErrors;
  /** What was typed, re-shown with the errors: the new label, or the rename of one counter. */
  values?: { label?: string; renameId?: string; rename?: string };
}) {
  const { t } = ctx;
  const base = `/verwaltung/warteschlange/${loc.slug}`;
  return (
    <QueuePage
      ctx={ctx}
      title={t('queue.counters.title', { name: loc.name })}
      trail={[
        { href: '/verwaltung/warteschlange', label: t('queue.staff.title') },
        { href: base, label: loc.name },
      ]}
    >
      {errors && <ErrorSummary ctx={ctx} errors={errors} />}
      {notice && <Alert type="success" title={notice} live />}
      {warning && <Alert type="warning" title={warning} live />}
      <p class="kern-body">{t('queue.counters.intro')}</p>
      {counters.length === 0 ? (
        <p class="kern-body">{t('queue.counters.none')}</p>
      ) : (
        <Table
          id="counters"
          caption={t('queue.counters.short')}
          columns={[
            { key: 'label', label: t('queue.counters.col.label') },
            { key: 'state', label: t('queue.counters.col.state') },
            { key: 'rename', label: t('queue.counters.col.rename') },
            { key: 'remove', label: t('queue.counters.col.remove') },
          ]}
          rowHeader="label"
          rows={counters.map((c) => {
            const field = `rename-${c.id}`;
            const mine = values?.renameId === c.id;
            return {
              label: c.label,
              state: c.occupied_by
                ? t('queue.counters.occupied', {
                    time: c.occupied_since ? timeOfDay(ctx, c.occupied_since) : '',
                  })
                : t('queue.counters.free'),
              rename: (
                <Form
                  ctx={ctx}
                  action={`${base}/schalter/${c.id}`}
                  label={t('queue.counters.renameOf', { label: c.label })}
                >
                  <input type="hidden" name="field" value={field} />
                  <TextField
                    ctx={ctx}
                    name={field}
                    label={t('queue.counters.newLabel', { label: c.label })}
                    required
                    maxLength={60}
                    value={mine ? values.rename : c.label}
                    error={mine ? errors?.[field] : undefined}
                  />
                  <SubmitButton secondary label={t('queue.counters.rename', { label: c.label })} />
                </Form>
              ),
              remove: c.occupied_by ? (
                t('queue.counters.cannotRemove')
              ) : (
                <Form
                  ctx={ctx}
                  action={`${base}/schalter/${c.id}/loeschen`}
                  label={t('queue.counters.remove', { label: c.label })}
                >
                  <SubmitButton secondary label={t('queue.counters.remove', { label: c.label })} />
                </Form>
              ),
            };
          })}
        />
      )}
      <section aria-labelledby="add-counter">
        <h2 class="kern-heading-medium" id="add-counter">
          {t('queue.counters.add')}
        </h2>
        <Form ctx={ctx} action={`${base}/schalter`} label={t('queue.counters.add')}>
          <TextField
            ctx={ctx}
            name="label"
            label={t('queue.counters.col.label')}
            hint={t('queue.counters.labelHint')}
            required
            maxLength={60}
            value={values?.label}
            error={errors?.label}
          />
          <ButtonGroup>
            <SubmitButton label={t('queue.counters.add')} />
          </ButtonGroup>
        </Form>
      </section>
      <p class="kern-body">
        <a class="kern-link" href={base}>
          {t('queue.counters.back')}
        </a>
      </p>
    </QueuePage>
  );
}
