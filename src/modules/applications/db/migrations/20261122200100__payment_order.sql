-- Payments of one submission in the order they were started (created_at ties under one clock tick).
alter table applications.payments add column seq bigserial;
