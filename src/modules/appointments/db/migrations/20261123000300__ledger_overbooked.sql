-- After staff take capacity away (fewer workstations or seats, a block, a changed rule), a slot
-- can hold more than it now offers: the ledger keeps capacity_total >= used so the CHECK holds.
-- `overbooked` is how far capacity_total lies above the planned capacity for that reason. When
-- an appointment there gives its units back, the capacity shrinks with it, so the freed place
-- is not offered again until the slot is back within its planned capacity.
alter table appointments.slot_usage
  add column overbooked int not null default 0 check (overbooked >= 0 and overbooked <= used);
