-- When the event that last changed a live row happened: a late, older event must not undo a newer one.
alter table live_deployment add column last_event_at timestamptz not null default 'epoch';
