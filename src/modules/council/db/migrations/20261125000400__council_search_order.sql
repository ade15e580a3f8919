-- Paper search lists the newest public papers first.
create index paper_public_date_idx on council.paper (date desc nulls last, id desc) where public and deleted_at is null;
