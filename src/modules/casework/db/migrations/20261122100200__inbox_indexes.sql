-- Open cases of one org unit by due date (inbox "open, sorted by due date" and "overdue").
create index cases_unit_open_due on casework.cases (org_unit_id, due_at, id)
  where status in ('received', 'in_progress', 'waiting');
