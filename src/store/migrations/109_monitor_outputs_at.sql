-- The latest engine time of any stored output. Outputs raised by ticks after the last stored input
-- (a timer alert) are the only trace of how long the previous run went on ticking; a restart
-- replays the ticks up to here before it jumps over the downtime, so the rebuilt state holds every
-- alert the table holds.
alter table monitor_progress add column outputs_at timestamptz;
