-- A gateway that relays reports for devices which cannot reach the platform themselves uses an API
-- key scoped to those devices; a key with no devices may not report telemetry at all.
alter table api_keys add column devices text[] not null default '{}';
