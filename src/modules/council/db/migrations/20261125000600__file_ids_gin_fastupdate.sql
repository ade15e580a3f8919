-- (Named after the module's sequence for the reason given in 20261125000500.)
-- The File back-reference indexes are probed once per file of an OParl page. With GIN's pending
-- list (fastupdate) every probe also reads all not-yet-merged entries, which after a bulk import
-- made a files page take ~40 ms instead of ~3 ms until the next vacuum. Council rows are written
-- rarely, so the indexes are updated directly.
alter index council.meeting_file_ids_idx set (fastupdate = off);
alter index council.agenda_item_file_ids_idx set (fastupdate = off);
alter index council.paper_file_ids_idx set (fastupdate = off);
select gin_clean_pending_list('council.meeting_file_ids_idx'::regclass);
select gin_clean_pending_list('council.agenda_item_file_ids_idx'::regclass);
select gin_clean_pending_list('council.paper_file_ids_idx'::regclass);
