import { defineEvent } from '../../kernel/events/index.ts';

/** A customer was called (or called again) to a counter. Carries what a display shows. */
export interface TicketCalledPayload {
  locationId: string;
  ticketId: string;
  code: string;
  counterLabel: string;
  calledAt: string;
  callCount: number;
}
export const TicketCalled = defineEvent<TicketCalledPayload>('queue.ticket_called');

/** Anything that changes the queue of a location (issued, finished, parked, counters). */
export interface QueueChangedPayload {
  locationId: string;
  /** The ticket that left the display (finished, parked, missed), if any. */
  clearedTicketId?: string;
}
export const QueueChanged = defineEvent<QueueChangedPayload>('queue.changed');
