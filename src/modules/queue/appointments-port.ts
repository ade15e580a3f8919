/**
 * The queue's only door to the appointments module (its public index.ts): locations, the
 * check-in lookup and "arrived". Tests may replace it per kernel with a fake that knows bookings.
 */
import {
  findAppointmentForCheckIn,
  listLocations,
  markArrived,
  type CheckInAppointment,
  type LocationRef,
} from '../appointments/index.ts';
import type { Kernel } from '../../kernel/kernel.ts';

export type { CheckInAppointment, LocationRef };

export interface AppointmentsApi {
  listLocations(kernel: Kernel): Promise<LocationRef[]>;
  findAppointmentForCheckIn(
    kernel: Kernel,
    locationId: string,
    code: string,
  ): Promise<CheckInAppointment | null>;
  markArrived(kernel: Kernel, appointmentId: string): Promise<void>;
}

const real: AppointmentsApi = { listLocations, findAppointmentForCheckIn, markArrived };
const overrides = new WeakMap<Kernel, Partial<AppointmentsApi>>();

/** Tests replace (parts of) the appointments module for one kernel. */
export function overrideAppointments(kernel: Kernel, fake: Partial<AppointmentsApi>): void {
  overrides.set(kernel, fake);
}

function api(kernel: Kernel): AppointmentsApi {
  return { ...real, ...overrides.get(kernel) };
}

export async function appointmentLocations(kernel: Kernel): Promise<LocationRef[]> {
  return api(kernel).listLocations(kernel);
}

export async function findForCheckIn(
  kernel: Kernel,
  locationId: string,
  code: string,
): Promise<CheckInAppointment | null> {
  return api(kernel).findAppointmentForCheckIn(kernel, locationId, code);
}

export async function markAppointmentArrived(kernel: Kernel, appointmentId: string): Promise<void> {
  await api(kernel).markArrived(kernel, appointmentId);
}
