/**
 * The one definition of what the public may see, as SQL conditions on an alias. Everything
 * public-facing (OParl, portal, search, sitemap, feeds, open data) builds on these; staff and
 * council members with the right role see more through their own queries.
 */

export const visibleMeeting = (a: string) => `(${a}.published and ${a}.deleted_at is null)`;
export const visiblePaper = (a: string) => `(${a}.public and ${a}.deleted_at is null)`;
export const visibleFile = (a: string) => `(${a}.public and ${a}.deleted_at is null)`;
export const notDeleted = (a: string) => `(${a}.deleted_at is null)`;

// Conditions on related rows are scalar subqueries on primary keys: PostgreSQL evaluates them per
// row with an index lookup. (EXISTS inside OR became a hashed subplan over the whole table, i.e.
// a full scan per OParl page.)
const meetingVisibleById = (id: string) =>
  `coalesce((select vm.published and vm.deleted_at is null from council.meeting vm where vm.id = ${id}), false)`;
const paperVisibleById = (id: string) =>
  `coalesce((select vp.public and vp.deleted_at is null from council.paper vp where vp.id = ${id}), false)`;
const agendaItemVisibleById = (id: string) =>
  `coalesce((select va.public and va.deleted_at is null and ${meetingVisibleById('va.meeting_id')} from council.agenda_item va where va.id = ${id}), false)`;

export const visibleAgendaItem = (a: string) =>
  `(${a}.public and ${a}.deleted_at is null and ${meetingVisibleById(`${a}.meeting_id`)})`;

export const visibleConsultation = (a: string) =>
  `(${a}.deleted_at is null
    and (${a}.paper_id is null or ${paperVisibleById(`${a}.paper_id`)})
    and (${a}.agenda_item_id is null or ${agendaItemVisibleById(`${a}.agenda_item_id`)})
    and (${a}.meeting_id is null or ${meetingVisibleById(`${a}.meeting_id`)}))`;

/** Deleted objects that were public before: listed as tombstones (with modified_since only). */
export const tombstoneMeeting = (a: string) => `(${a}.published and ${a}.deleted_at is not null)`;
export const tombstonePaper = (a: string) => `(${a}.public and ${a}.deleted_at is not null)`;
export const tombstoneFile = tombstonePaper;
export const tombstonePlain = (a: string) => `(${a}.deleted_at is not null)`;
export const tombstoneAgendaItem = (a: string) =>
  `(${a}.public and ${a}.deleted_at is not null and coalesce((select vm.published from council.meeting vm where vm.id = ${a}.meeting_id), false))`;
export const tombstoneConsultation = (a: string) =>
  `(${a}.deleted_at is not null and (${a}.paper_id is null or coalesce((select vp.public from council.paper vp where vp.id = ${a}.paper_id), false)))`;
