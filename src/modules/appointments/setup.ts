import type { Kernel } from '../../kernel/kernel.ts';

/** Registries, jobs and extension points of the module. */
export function setupAppointments(_kernel: Kernel): void {}
