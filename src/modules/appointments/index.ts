import { defineModule } from '../../kernel/module.ts';

/** Placeholder: the module is being built (see its issue). */
export const appointmentsModule = defineModule({ name: 'appointments' });
