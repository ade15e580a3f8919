-- Who made the last change (display name), shown in edit conflicts; papers get a version too.
alter table council.meeting add column modified_by text;
alter table council.paper add column modified_by text;
