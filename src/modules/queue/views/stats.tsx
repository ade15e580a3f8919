import { formatNumber } from '../../../kernel/i18n/format.ts';
import {
  Button,
  ErrorSummary,
  TextField,
  Table,
  type FieldErrors,
} from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import type { LocationRow } from '../db/queries.ts';
import type { Statistics } from '../queries/statistics.ts';
import { BarChart } from './bar-chart.tsx';
import { QueuePage } from './parts.tsx';

function dayLabel(ctx: ViewContext, iso: string): string {
  const [, m, d] = iso.split('-');
  return ctx.lang === 'de' ? `${d}.${m}.` : `${d}/${m}`;
}

function num(ctx: ViewContext, v: number | null): string {
  return v === null ? '–' : formatNumber(ctx.lang, v, { maximumFractionDigits: 1 });
}

export function StatsPage({
  ctx,
  loc,
  stats,
  input,
  errors,
}: {
  ctx: ViewContext;
  loc: LocationRow;
  stats: Statistics | null;
  input: { von: string; bis: string };
  errors?: FieldErrors;
}) {
  const { t } = ctx;
  const base = `/verwaltung/warteschlange/${loc.slug}/statistik`;
  const q = stats ? `?von=${stats.from}&bis=${stats.to}` : '';
  const gname = (g: { nameDe: string; nameEn: string }) => (ctx.lang === 'en' ? g.nameEn : g.nameDe);
  return (
    <QueuePage
      ctx={ctx}
      title={t('queue.stats.heading', { name: loc.name })}
      trail={[
        { href: '/verwaltung/warteschlange', label: t('queue.staff.title') },
        { href: `/verwaltung/warteschlange/${loc.slug}`, label: loc.name },
      ]}
    >
      {errors && <ErrorSummary ctx={ctx} errors={errors} />}
      <form
        method="get"
        action={base}
        class="ok-form ok-queue-range"
        aria-label={t('queue.stats.range')}
        noValidate
      >
        <TextField
          ctx={ctx}
          name="von"
          label={t('queue.stats.from')}
          hint={t('queue.stats.dateHint')}
          value={input.von}
          error={errors?.von}
          maxLength={10}
          required
        />
        <TextField
          ctx={ctx}
          name="bis"
          label={t('queue.stats.to')}
          hint={t('queue.stats.dateHint')}
          value={input.bis}
          error={errors?.bis}
          maxLength={10}
          required
        />
        <Button label={t('queue.stats.show')} variant="secondary" />
      </form>
      {stats && (
        <>
          <section aria-labelledby="days-heading">
            <h2 class="kern-heading-medium" id="days-heading">
              {t('queue.stats.perDay')}
            </h2>
            <BarChart
              ctx={ctx}
              id="chart-customers"
              title={t('queue.stats.customersPerDay')}
              summary={t('queue.stats.chartSummary', {
                total: String(stats.days.reduce((a, d) => a + d.customers, 0)),
                days: String(stats.days.length),
              })}
              unit={t('queue.stats.unitCustomers')}
              bars={stats.days.map((d) => ({ label: dayLabel(ctx, d.day), value: d.customers }))}
            />
            <BarChart
              ctx={ctx}
              id="chart-wait"
              title={t('queue.stats.waitPerDay')}
              summary={t('queue.stats.chartSeeTable')}
              unit={t('queue.stats.unitMinutes')}
              bars={stats.days.map((d) => ({ label: dayLabel(ctx, d.day), value: d.avgWaitMinutes }))}
            />
            <Table
              id="table-days"
              caption={t('queue.stats.perDay')}
              columns={[
                { key: 'day', label: t('queue.stats.day') },
                { key: 'customers', label: t('queue.stats.customers'), numeric: true },
                { key: 'served', label: t('queue.stats.served'), numeric: true },
                { key: 'missed', label: t('queue.stats.missed'), numeric: true },
                { key: 'wait', label: t('queue.stats.avgWait'), numeric: true },
                { key: 'handling', label: t('queue.stats.avgHandling'), numeric: true },
              ]}
              rowHeader="day"
              rows={stats.days.map((d) => ({
                day: dayLabel(ctx, d.day),
                customers: d.customers,
                served: d.served,
                missed: d.missed,
                wait: num(ctx, d.avgWaitMinutes),
                handling: num(ctx, d.avgHandlingMinutes),
              }))}
            />
            <p class="kern-body">
              <a class="kern-link" href={`${base}.csv${q}&tabelle=tage`} download>
                {t('queue.stats.csv', { table: t('queue.stats.perDay') })}
              </a>
            </p>
          </section>
          <section aria-labelledby="hours-heading">
            <h2 class="kern-heading-medium" id="hours-heading">
              {t('queue.stats.perHour')}
            </h2>
            <BarChart
              ctx={ctx}
              id="chart-hours"
              title={t('queue.stats.customersPerHour')}
              summary={t('queue.stats.chartSeeTable')}
              unit={t('queue.stats.unitCustomers')}
              bars={stats.hours.map((h) => ({ label: `${h.hour}:00`, value: h.customers }))}
            />
            <Table
              id="table-hours"
              caption={t('queue.stats.perHour')}
              columns={[
                { key: 'hour', label: t('queue.stats.hour') },
                { key: 'customers', label: t('queue.stats.customers'), numeric: true },
                { key: 'wait', label: t('queue.stats.avgWait'), numeric: true },
              ]}
              rowHeader="hour"
              rows={stats.hours.map((h) => ({
                hour: `${h.hour}:00–${h.hour + 1}:00`,
                customers: h.customers,
                wait: num(ctx, h.avgWaitMinutes),
              }))}
            />
            <p class="kern-body">
              <a class="kern-link" href={`${base}.csv${q}&tabelle=stunden`} download>
                {t('queue.stats.csv', { table: t('queue.stats.perHour') })}
              </a>
            </p>
          </section>
          <section aria-labelledby="groups-heading">
            <h2 class="kern-heading-medium" id="groups-heading">
              {t('queue.stats.perGroup')}
            </h2>
            <BarChart
              ctx={ctx}
              id="chart-groups"
              title={t('queue.stats.handlingPerGroup')}
              summary={t('queue.stats.chartSeeTable')}
              unit={t('queue.stats.unitMinutes')}
              bars={stats.groups.map((g) => ({ label: gname(g), value: g.avgHandlingMinutes }))}
            />
            <Table
              id="table-groups"
              caption={t('queue.stats.perGroup')}
              columns={[
                { key: 'group', label: t('queue.group') },
                { key: 'served', label: t('queue.stats.served'), numeric: true },
                { key: 'wait', label: t('queue.stats.avgWait'), numeric: true },
                { key: 'handling', label: t('queue.stats.avgHandling'), numeric: true },
              ]}
              rowHeader="group"
              rows={stats.groups.map((g) => ({
                group: gname(g),
                served: g.served,
                wait: num(ctx, g.avgWaitMinutes),
                handling: num(ctx, g.avgHandlingMinutes),
              }))}
            />
            <p class="kern-body">
              <a class="kern-link" href={`${base}.csv${q}&tabelle=anliegen`} download>
                {t('queue.stats.csv', { table: t('queue.stats.perGroup') })}
              </a>
            </p>
          </section>
        </>
      )}
    </QueuePage>
  );
}
