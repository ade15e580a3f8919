/**
 * The one definition of what the public may see, as SQL conditions on an alias. Everything
 * public-facing (OParl, portal, search, sitemap, feeds, open data) builds on these; staff and
 * council members with the right role see more through their own queries.
 */

export const visibleMeeting = (a: string) => `(${a}.published and ${a}.deleted_at is null)`;
export const visiblePaper = (a: string) => `(${a}.public and ${a}.deleted_at is null)`;
export const visibleFile = (a: string) => `(${a}.public and ${a}.deleted_at is null)`;
export const notDeleted = (a: string) => `(${a}.deleted_at is null)`;

export const visibleAgendaItem = (a: string) =>
  `(${a}.public and ${a}.deleted_at is null and exists (select 1 from council.meeting vm where vm.id = ${a}.meeting_id and ${visibleMeeting('vm')}))`;

export const visibleConsultation = (a: string) =>
  `(${a}.deleted_at is null
    and (${a}.paper_id is null or exists (select 1 from council.paper vp where vp.id = ${a}.paper_id and ${visiblePaper('vp')}))
    and (${a}.agenda_item_id is null or exists (select 1 from council.agenda_item va where va.id = ${a}.agenda_item_id and ${visibleAgendaItem('va')}))
    and (${a}.meeting_id is null or exists (select 1 from council.meeting vm2 where vm2.id = ${a}.meeting_id and ${visibleMeeting('vm2')})))`;

/** Deleted objects that were public before: listed as tombstones (with modified_since only). */
export const tombstoneMeeting = (a: string) => `(${a}.published and ${a}.deleted_at is not null)`;
export const tombstonePaper = (a: string) => `(${a}.public and ${a}.deleted_at is not null)`;
export const tombstoneFile = tombstonePaper;
export const tombstonePlain = (a: string) => `(${a}.deleted_at is not null)`;
export const tombstoneAgendaItem = (a: string) =>
  `(${a}.public and ${a}.deleted_at is not null and exists (select 1 from council.meeting vm where vm.id = ${a}.meeting_id and vm.published))`;
export const tombstoneConsultation = (a: string) =>
  `(${a}.deleted_at is not null and (${a}.paper_id is null or exists (select 1 from council.paper vp where vp.id = ${a}.paper_id and vp.public)))`;
