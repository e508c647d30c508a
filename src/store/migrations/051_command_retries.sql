-- Device commands are re-sent until the device acknowledges them (a seal reports `unlocked`) or
-- they expire: how many attempts were made and when the last one was.
alter table commands add column attempts integer not null default 0;
alter table commands add column last_attempt_at timestamptz;
create index commands_unacknowledged on commands (status, last_attempt_at) where status in ('sent', 'failed');
