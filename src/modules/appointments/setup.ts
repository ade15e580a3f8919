import { appointmentStaff } from './policies.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { releaseAllDue, sendDueReminders } from './commands/reminders.ts';
import { pruneRateCounters } from './rate.ts';
import { selectAppointmentsOfAccount } from './db/appointments.queries.ts';
import { dailyStats, toCsv } from './queries/stats.ts';
import { addDays, berlinDate } from './time.ts';

/** Registries, jobs and extension points of the module. */
export function setupAppointments(kernel: Kernel): void {
  kernel.jobs.define<Record<string, never>>({
    name: 'appointments.reminders',
    cron: '*/10 * * * *',
    handler: async () => {
      await sendDueReminders(kernel);
    },
  });
  kernel.jobs.define<Record<string, never>>({
    name: 'appointments.release',
    cron: '*/5 * * * *',
    handler: async () => {
      await releaseAllDue(kernel);
      await pruneRateCounters(kernel);
    },
  });

  kernel.extensions.addStaffTool({
    href: '/verwaltung/termine',
    title: 'appointments.staff.title',
    text: 'appointments.staff.toolText',
    order: 30,
    visible: appointmentStaff,
  });
  kernel.extensions.addAccountSection({
    href: '/konto/termine',
    title: 'appointments.account.title',
    text: 'appointments.account.text',
    order: 30,
  });
  kernel.extensions.addSitemapSource(async () => [{ path: '/termine' }]);
  kernel.extensions.addPersonalDataHandler({
    module: 'appointments',
    export: async (accountId) => {
      const items = await selectAppointmentsOfAccount(kernel.db.pool, accountId);
      return {
        appointments: items.map((a) => ({
          bookingCode: a.bookingCode,
          status: a.status,
          startsAt: a.startsAt.toISOString(),
          endsAt: a.endsAt.toISOString(),
          services: a.services.map((s) => ({ name: s.name, quantity: s.quantity })),
          name: a.name,
          email: a.email,
          phone: a.phone,
          createdAt: a.createdAt.toISOString(),
        })),
      };
    },
    // Appointments are not records under a retention duty: contact data is erased, the
    // anonymous booking (time, services, status) stays for capacity and statistics.
    erase: async (accountId) => {
      await kernel.db.pool.query(
        `update appointments.appointments set name = null, email = null, phone = null, account_id = null
          where account_id = $1`,
        [accountId],
      );
      return { retained: [] };
    },
  });

  kernel.extensions.registerDataset({
    key: 'termin-auslastung',
    module: 'appointments',
    tenantId: 'rhein-kreis-neuss',
    title: {
      de: 'Terminauslastung der Kreisverwaltung',
      en: 'Appointment utilisation of the district administration',
    },
    description: {
      de: 'Buchbare Plätze und gebuchte Plätze je Standort und Tag (30 Tage zurück bis 30 Tage voraus), ohne personenbezogene Daten.',
      en: 'Bookable and booked places per office and day (30 days back to 30 days ahead), without personal data.',
    },
    keywords: ['Termine', 'Auslastung', 'Verwaltung', 'Straßenverkehrsamt'],
    themes: ['GOVE'],
    licenseId: 'dl-zero-de/2.0',
    updateFrequency: 'DAILY',
    modified: async (ctx) => ctx.clock.now(),
    distributions: [
      {
        key: 'csv',
        title: { de: 'Tageswerte als CSV', en: 'Daily values as CSV' },
        format: 'CSV',
        mediaType: 'text/csv',
        render: async (ctx) => {
          const today = berlinDate(ctx.clock.now());
          const rows = await dailyStats(kernel, addDays(today, -30), addDays(today, 30));
          return {
            body: toCsv(
              ['datum', 'standort', 'standort_name', 'plaetze_kapazitaet', 'plaetze_gebucht'],
              rows.map((r) => [r.date, r.locationSlug, r.locationName, r.capacity, r.booked]),
            ),
            modified: ctx.clock.now(),
          };
        },
      },
    ],
  });
}
