import type { ViewContext } from '../../../kernel/views/context.ts';
import {
  Alert,
  ButtonGroup,
  ButtonLink,
  Checkboxes,
  Form,
  Radios,
  Select,
  SubmitButton,
  Table,
  TextField,
  type FieldErrors,
} from '../../../kernel/views/components.tsx';
import type { AppointmentView } from '../presenters/appointment.ts';
import { AffectedWarning, Frame } from './staff.tsx';

/** What the rule form holds: the raw strings as typed (re-rendered unchanged on 422). */
export interface RuleFormValues {
  kind: string;
  weekdays: string[];
  interval: string;
  nth: string;
  start: string;
  end: string;
  valid_from: string;
  valid_until: string;
  service: string;
  seats: string;
}

export interface RuleRowView {
  id: string;
  /** "Jede Woche", "Alle 2 Wochen", "Am 2. im Monat", "Einmalig" */
  repeat: string;
  /** Weekday names, or the date of a one-off rule. */
  days: string;
  time: string;
  valid: string;
  /** "Gruppentermin: … (20 Plätze)" or the desks. */
  what: string;
}

export interface ClosureRowView {
  id: string;
  range: string;
  reason: string;
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

export function RulesPage({
  ctx,
  slug,
  name,
  rules,
  closures,
  notice,
}: {
  ctx: ViewContext;
  slug: string;
  name: string;
  rules: RuleRowView[];
  closures: ClosureRowView[];
  notice?: string;
}) {
  const { t } = ctx;
  const base = `/verwaltung/termine/${slug}`;
  return (
    <Frame ctx={ctx} title={t('appointments.rules.title', { name })} trail={{ href: base, label: name }}>
      {notice && <Alert type="success" title={notice} live />}
      <p class="kern-body">{t('appointments.rules.intro')}</p>
      <ButtonGroup>
        <ButtonLink href={`${base}/regeln/neu`} label={t('appointments.rules.new')} />
      </ButtonGroup>
      <section aria-labelledby="rules-heading">
        <h2 class="kern-heading-medium" id="rules-heading">
          {t('appointments.rules.listTitle')}
        </h2>
        {!rules.length ? (
          <p class="kern-body">{t('appointments.rules.none')}</p>
        ) : (
          <Table
            id="rules"
            caption={t('appointments.rules.listTitle')}
            captionHidden
            small
            columns={[
              { key: 'days', label: t('appointments.rules.col.days') },
              { key: 'repeat', label: t('appointments.rules.col.repeat') },
              { key: 'time', label: t('appointments.rules.col.time') },
              { key: 'valid', label: t('appointments.rules.col.valid') },
              { key: 'what', label: t('appointments.rules.col.what') },
              { key: 'actions', label: t('appointments.staff.col.actions') },
            ]}
            rowHeader="days"
            rows={rules.map((r) => {
              const label = `${r.days}, ${r.time}`;
              return {
                days: r.days,
                repeat: r.repeat,
                time: r.time,
                valid: r.valid,
                what: r.what,
                actions: (
                  <div class="ok-inline-actions">
                    <a class="kern-link" href={`${base}/regeln/${r.id}`}>
                      {t('appointments.rules.edit', { rule: label })}
                    </a>
                    <a class="kern-link" href={`${base}/regeln/${r.id}/loeschen`}>
                      {t('appointments.rules.delete', { rule: label })}
                    </a>
                  </div>
                ),
              };
            })}
          />
        )}
      </section>
      <section aria-labelledby="closures-heading">
        <h2 class="kern-heading-medium" id="closures-heading">
          {t('appointments.rules.closuresTitle')}
        </h2>
        <p class="kern-body">{t('appointments.rules.closuresIntro')}</p>
        {!closures.length ? (
          <p class="kern-body">{t('appointments.rules.noClosures')}</p>
        ) : (
          <Table
            id="closures"
            caption={t('appointments.rules.closuresTitle')}
            captionHidden
            small
            columns={[
              { key: 'range', label: t('appointments.rules.col.closed') },
              { key: 'reason', label: t('appointments.staff.block.reason') },
              { key: 'actions', label: t('appointments.staff.col.actions') },
            ]}
            rowHeader="range"
            rows={closures.map((c) => ({
              range: c.range,
              reason: c.reason,
              actions: (
                <Form
                  ctx={ctx}
                  action={`${base}/schliessungen/${c.id}/loeschen`}
                  label={t('appointments.rules.reopen', { range: c.range })}
                >
                  <button type="submit" class="kern-btn kern-btn--tertiary">
                    <span class="kern-label">{t('appointments.rules.reopen', { range: c.range })}</span>
                  </button>
                </Form>
              ),
            }))}
          />
        )}
        <p class="kern-body">
          <a class="kern-link" href={`${base}#closure-heading`}>
            {t('appointments.rules.closeMore')}
          </a>
        </p>
      </section>
    </Frame>
  );
}

export function RuleFormPage({
  ctx,
  slug,
  name,
  ruleId,
  values,
  errors,
  groupServices,
  slotMinutes,
}: {
  ctx: ViewContext;
  slug: string;
  name: string;
  ruleId: string | null;
  values: RuleFormValues;
  errors?: FieldErrors;
  groupServices: { value: string; label: string }[];
  slotMinutes: number;
}) {
  const { t } = ctx;
  const base = `/verwaltung/termine/${slug}`;
  const title = t(ruleId ? 'appointments.rules.editTitle' : 'appointments.rules.newTitle');
  return (
    <Frame ctx={ctx} title={title} errors={errors} trail={{ href: `${base}/regeln`, label: name }}>
      <Form ctx={ctx} action={`${base}/regeln/${ruleId ?? 'neu'}`}>
        <Radios
          ctx={ctx}
          name="kind"
          legend={t('appointments.rules.field.kind')}
          required
          value={values.kind}
          error={errors?.kind}
          options={[
            { value: 'weekly', label: t('appointments.rules.kind.weekly') },
            { value: 'monthly', label: t('appointments.rules.kind.monthly') },
            { value: 'once', label: t('appointments.rules.kind.once') },
          ]}
        />
        <Checkboxes
          ctx={ctx}
          name="weekdays"
          legend={t('appointments.rules.field.weekdays')}
          hint={t('appointments.rules.hint.weekdays')}
          values={values.weekdays}
          error={errors?.weekdays}
          options={WEEKDAYS.map((d) => ({ value: String(d), label: t(`appointments.rules.weekday.${d}`) }))}
        />
        <TextField
          ctx={ctx}
          name="interval"
          label={t('appointments.rules.field.interval')}
          hint={t('appointments.rules.hint.interval')}
          inputmode="numeric"
          width={2}
          value={values.interval}
          error={errors?.interval}
        />
        <Select
          ctx={ctx}
          name="nth"
          label={t('appointments.rules.field.nth')}
          hint={t('appointments.rules.hint.nth')}
          value={values.nth}
          error={errors?.nth}
          options={['1', '2', '3', '4', '5', '-1'].map((n) => ({
            value: n,
            label: t(`appointments.rules.nth.${n}`),
          }))}
        />
        <TextField
          ctx={ctx}
          name="start"
          label={t('appointments.staff.block.from')}
          hint={t('appointments.rules.hint.grid', { minutes: slotMinutes })}
          required
          width={4}
          value={values.start}
          error={errors?.start}
        />
        <TextField
          ctx={ctx}
          name="end"
          label={t('appointments.staff.block.to')}
          required
          width={4}
          value={values.end}
          error={errors?.end}
        />
        <TextField
          ctx={ctx}
          name="valid_from"
          label={t('appointments.rules.field.validFrom')}
          hint={t('appointments.rules.hint.validFrom')}
          required
          value={values.valid_from}
          error={errors?.valid_from}
        />
        <TextField
          ctx={ctx}
          name="valid_until"
          label={t('appointments.rules.field.validUntil')}
          hint={t('appointments.rules.hint.validUntil')}
          value={values.valid_until}
          error={errors?.valid_until}
        />
        {groupServices.length > 0 && (
          <>
            <Select
              ctx={ctx}
              name="service"
              label={t('appointments.rules.field.service')}
              hint={t('appointments.rules.hint.service')}
              placeholder={t('appointments.rules.desks')}
              value={values.service}
              error={errors?.service}
              options={groupServices}
            />
            <TextField
              ctx={ctx}
              name="seats"
              label={t('appointments.rules.field.seats')}
              inputmode="numeric"
              width={4}
              value={values.seats}
              error={errors?.seats}
            />
          </>
        )}
        <ButtonGroup>
          <SubmitButton label={t('appointments.rules.save')} />
          <ButtonLink href={`${base}/regeln`} label={t('appointments.back')} variant="secondary" />
        </ButtonGroup>
      </Form>
    </Frame>
  );
}

/** "Delete this rule?" with the booked appointments that would no longer fit. */
export function DeleteRulePage({
  ctx,
  slug,
  name,
  rule,
  affected,
}: {
  ctx: ViewContext;
  slug: string;
  name: string;
  rule: RuleRowView;
  affected: AppointmentView[];
}) {
  const { t } = ctx;
  const base = `/verwaltung/termine/${slug}`;
  return (
    <Frame
      ctx={ctx}
      title={t('appointments.rules.deleteTitle')}
      trail={{ href: `${base}/regeln`, label: name }}
    >
      <p class="kern-body">
        {rule.days}, {rule.time} ({rule.repeat}; {rule.valid}; {rule.what})
      </p>
      <AffectedWarning ctx={ctx} affected={affected} text={t('appointments.rules.deleteWarning')} />
      <Form ctx={ctx} action={`${base}/regeln/${rule.id}/loeschen`}>
        <ButtonGroup>
          <SubmitButton label={t('appointments.rules.deleteConfirm')} />
          <ButtonLink href={`${base}/regeln`} label={t('appointments.back')} variant="secondary" />
        </ButtonGroup>
      </Form>
    </Frame>
  );
}

/**
 * "Save this change?" when a changed rule leaves booked appointments without a place (fewer
 * seats in a group session, other times): the list, then save with the values carried along.
 */
export function ChangeRuleWarningPage({
  ctx,
  slug,
  name,
  ruleId,
  values,
  affected,
}: {
  ctx: ViewContext;
  slug: string;
  name: string;
  ruleId: string;
  values: RuleFormValues;
  affected: AppointmentView[];
}) {
  const { t } = ctx;
  const base = `/verwaltung/termine/${slug}`;
  const { weekdays, ...single } = values;
  return (
    <Frame
      ctx={ctx}
      title={t('appointments.rules.changeTitle')}
      trail={{ href: `${base}/regeln`, label: name }}
    >
      <AffectedWarning ctx={ctx} affected={affected} text={t('appointments.rules.changeWarning')} />
      <Form ctx={ctx} action={`${base}/regeln/${ruleId}`}>
        {Object.entries(single).map(([k, v]) => (
          <input type="hidden" name={k} value={v} key={k} />
        ))}
        {weekdays.map((d) => (
          <input type="hidden" name="weekdays" value={d} key={`weekdays-${d}`} />
        ))}
        <input type="hidden" name="bestaetigt" value="1" />
        <ButtonGroup>
          <SubmitButton label={t('appointments.rules.changeConfirm')} />
          <ButtonLink
            href={`${base}/regeln/${ruleId}`}
            label={t('appointments.rules.changeBack')}
            variant="secondary"
          />
        </ButtonGroup>
      </Form>
    </Frame>
  );
}
