-- NOTE on the name: the range assigned for today's work (20261121070000–20261121079999) sorts
-- before 20261125000000__council.sql, and migrations are applied in file-name order per module,
-- so a migration in that range would run before the council tables exist on a fresh database.
-- This one follows the module's own sequence instead.

-- OParl File.sha512Checksum: set on upload, seed and import (from the source, or from the
-- downloaded content); files stored before this migration get it on first read.
alter table council.file add column sha512 text check (sha512 ~ '^[0-9a-f]{128}$');

-- File.meeting, File.agendaItem and File.paper (back-references) without scanning the tables:
-- one GIN index per table over every file id the row refers to.
create index meeting_file_ids_idx on council.meeting using gin (
  (array_remove(array[invitation_file_id, results_file_id, verbatim_file_id], null) || auxiliary_file_ids));
create index agenda_item_file_ids_idx on council.agenda_item using gin (
  (array_remove(array[resolution_file_id], null) || auxiliary_file_ids));
create index paper_file_ids_idx on council.paper using gin (
  (array_remove(array[main_file_id], null) || auxiliary_file_ids));
