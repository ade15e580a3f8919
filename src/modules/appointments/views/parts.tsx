import type { ViewContext } from '../../../kernel/views/context.ts';
import { Badge, type Tone } from '../../../kernel/views/components.tsx';
import type { AddressView, AppointmentView } from '../presenters/appointment.ts';
import { fullIsoDate } from '../presenters/format.ts';
import { addDays, isoWeekday } from '../time.ts';

export function Address({ address }: { address: AddressView }) {
  return (
    <address class="kern-body ok-address">
      {address.name}
      {address.street && (
        <>
          <br />
          {address.street}
        </>
      )}
      {address.cityLine && (
        <>
          <br />
          {address.cityLine}
        </>
      )}
    </address>
  );
}

const STATUS_TONE: Record<string, Tone> = {
  held: 'info',
  unconfirmed: 'warning',
  booked: 'success',
  arrived: 'info',
  no_show: 'danger',
  cancelled: 'danger',
  done: 'info',
  expired: 'danger',
};

export function StatusBadge({ ctx, status }: { ctx: ViewContext; status: string }) {
  return <Badge tone={STATUS_TONE[status] ?? 'info'} label={ctx.t(`appointments.status.${status}`)} small />;
}

export function ServicesList({ ctx, a }: { ctx: ViewContext; a: Pick<AppointmentView, 'services'> }) {
  return (
    <ul class="kern-list">
      {a.services.map((s) => (
        <li key={s.name}>{ctx.t('appointments.serviceQuantity', { quantity: s.quantity, name: s.name })}</li>
      ))}
    </ul>
  );
}

/** A month as a grid of weeks (Monday first); days with free times link to their times. */
export function MonthCalendar({
  ctx,
  month,
  freeCounts,
  dayHref,
}: {
  ctx: ViewContext;
  month: string;
  freeCounts: Map<string, number>;
  dayHref: (date: string) => string;
}) {
  const { t } = ctx;
  const first = `${month}-01`;
  const start = addDays(first, -(isoWeekday(first) - 1));
  const weeks: string[][] = [];
  for (let d = start; d.slice(0, 7) <= month || weeks.length === 0;) {
    const week: string[] = [];
    for (let i = 0; i < 7; i++, d = addDays(d, 1)) week.push(d);
    weeks.push(week);
    if (d.slice(0, 7) > month) break;
  }
  const dayNames = [1, 2, 3, 4, 5, 6, 7].map((n) => t(`appointments.weekday.${n}`));
  const dayShort = [1, 2, 3, 4, 5, 6, 7].map((n) => t(`appointments.weekdayShort.${n}`));
  return (
    <div class="kern-table-responsive" role="region" aria-labelledby="calendar-caption" tabIndex={0}>
      <table class="kern-table ok-calendar" id="calendar">
        <caption class="kern-title" id="calendar-caption">
          {t('appointments.calendar.caption', { month: monthLabel(ctx, month) })}
        </caption>
        <thead class="kern-table__head">
          <tr class="kern-table__row">
            {dayShort.map((d, i) => (
              <th scope="col" class="kern-table__header" key={d}>
                <abbr title={dayNames[i]}>{d}</abbr>
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="kern-table__body">
          {weeks.map((week) => (
            <tr class="kern-table__row" key={week[0]}>
              {week.map((d) => {
                const inMonth = d.slice(0, 7) === month;
                const n = inMonth ? (freeCounts.get(d) ?? 0) : 0;
                const day = Number(d.slice(8, 10));
                return (
                  <td class="kern-table__cell" key={d}>
                    {!inMonth ? null : n > 0 ? (
                      <a
                        class="kern-link ok-calendar__day"
                        href={dayHref(d)}
                        aria-label={t('appointments.calendar.dayFree', {
                          date: fullIsoDate(ctx.lang, d),
                          count: n,
                        })}
                      >
                        {day}
                      </a>
                    ) : (
                      <span class="ok-calendar__day ok-calendar__day--none">
                        <span aria-hidden="true">{day}</span>
                        <span class="kern-sr-only">
                          {t('appointments.calendar.dayNone', { date: fullIsoDate(ctx.lang, d) })}
                        </span>
                      </span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function monthLabel(ctx: ViewContext, month: string): string {
  return `${ctx.t(`appointments.month.${Number(month.slice(5, 7))}`)} ${month.slice(0, 4)}`;
}

/** The same days as a list (for screen readers and small screens). */
export function DayList({
  ctx,
  days,
  dayHref,
}: {
  ctx: ViewContext;
  days: { date: string; count: number }[];
  dayHref: (date: string) => string;
}) {
  if (!days.length) return <p class="kern-body">{ctx.t('appointments.calendar.noneInMonth')}</p>;
  return (
    <ul class="kern-list ok-day-list">
      {days.map((d) => (
        <li key={d.date}>
          <a class="kern-link" href={dayHref(d.date)}>
            {ctx.t('appointments.calendar.dayFree', { date: fullIsoDate(ctx.lang, d.date), count: d.count })}
          </a>
        </li>
      ))}
    </ul>
  );
}
