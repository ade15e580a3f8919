import { defineEvent } from '../../kernel/events/index.ts';

/** A local service was edited (content or a town's responsibility); every node drops its cache. */
export const ServiceChanged = defineEvent<{ slug: string }>('services.service_changed');
