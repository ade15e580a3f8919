import { fileURLToPath } from 'node:url';
import { defineModule } from '../../kernel/module.ts';
import { seedDemoData } from './commands/seed.ts';
import { appointmentsConfig } from './config.ts';
import { appointmentsRoutes } from './routes/index.ts';
import { setupAppointments } from './setup.ts';

/**
 * Appointments: offices, services, availability rules, the citizen booking journey with holds and
 * a capacity ledger that never overbooks, staff views and iCalendar.
 */
export const appointmentsModule = defineModule({
  name: 'appointments',
  config: appointmentsConfig,
  migrationsDir: fileURLToPath(new URL('./db/migrations/', import.meta.url)),
  i18nDir: new URL('./i18n/', import.meta.url),
  assetsDir: fileURLToPath(new URL('./assets/', import.meta.url)),
  nav: [{ href: '/termine', label: 'appointments.nav', order: 30 }],
  setup: setupAppointments,
  routes: appointmentsRoutes,
  seed: { demo: seedDemoData },
});

// Public API for other modules.
export {
  listLocations,
  findLocationBySlug,
  findAppointmentForCheckIn,
  appointmentsBetween,
  markArrived,
  type LocationRef,
  type CheckInAppointment,
} from './api.ts';
/** Seeds the demo offices (idempotent); for other modules' tests that need the demo locations. */
export { seedDemoData as seedAppointmentsDemo } from './commands/seed.ts';
