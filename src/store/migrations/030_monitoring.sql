-- Live monitoring: the input log the engine state is rebuilt from, and what the engine produced
-- (positions, trips, trip events, alerts, alert events, device commands).

-- Every input accepted for the engine, in the order it was applied (seq). `at` is the engine clock
-- for the input; `key` is its partition key (plate, or device id before the plate is known).
-- Ticks are not stored: they are derived from `at` (one per whole second) when replaying.
create table engine_inputs (
  seq bigint generated always as identity primary key,
  received_at timestamptz not null default now(),
  at timestamptz not null,
  type text not null,
  key text,
  data jsonb not null
);

-- How far the stored outputs are known complete: every output of the inputs up to this seq is
-- stored. A rebuild writes only outputs after it (idempotently).
create table monitor_progress (
  id integer primary key default 1 check (id = 1),
  outputs_seq bigint not null default 0,
  updated_at timestamptz not null default now()
);
insert into monitor_progress (id, outputs_seq) values (1, 0);

-- Every reported fix, accepted into live state or not (history). One per telemetry input.
create table positions (
  input_seq bigint primary key,
  device_id text not null,
  plate text,
  trip_id text,
  ts timestamptz not null,
  lat double precision not null,
  lon double precision not null,
  speed_kmh real,
  heading real,
  received_at timestamptz not null
);
create index positions_trip_ts on positions (trip_id, ts) where trip_id is not null;
create index positions_plate_ts on positions (plate, ts);

-- A trip's latest state; `view` is the engine's TripView when the trip last changed.
-- visible_to: the companies (UBN) that may see the trip besides customs: the vehicle's fleet, the
-- CN senders and the destination's operator.
create table trips (
  trip_id text primary key,
  plate text not null,
  cn_nos text[] not null default '{}',
  container_nos text[] not null default '{}',
  seal_ids text[] not null default '{}',
  state text not null,
  origin text,
  destination text,
  route_code text,
  visible_to text[] not null default '{}',
  view jsonb,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  departed_at timestamptz,
  arrived_at timestamptz
);
create index trips_plate on trips (plate, created_at desc);
create index trips_updated on trips (updated_at desc);
create index trips_visible on trips using gin (visible_to);
create index trips_containers on trips using gin (container_nos);
create index trips_seals on trips using gin (seal_ids);

-- Each state change of a trip, numbered per trip (deterministic, so a rebuild finds what is stored).
create table trip_events (
  trip_id text not null,
  seq integer not null,
  at timestamptz not null,
  state text not null,
  previous_state text,
  input_seq bigint,
  primary key (trip_id, seq)
);

-- Alerts, keyed by the engine's deterministic id. `cleared_at` is the engine's (condition ended);
-- `status` is the monitoring centre's handling: open → acknowledged → resolved.
create table alerts (
  alert_id text primary key,
  alert_type text not null,
  severity text not null,
  severity_rank smallint not null,
  trip_id text,
  plate text,
  cn_nos text[] not null default '{}',
  lat double precision,
  lon double precision,
  detail jsonb not null default '{}',
  opened_at timestamptz not null,
  cleared_at timestamptz,
  status text not null default 'open',
  acknowledged_by text,
  acknowledged_at timestamptz,
  assigned_to text,
  resolution text,
  resolution_note text,
  resolved_by text,
  resolved_at timestamptz,
  visible_to text[] not null default '{}',
  input_seq bigint
);
create index alerts_order on alerts (severity_rank, opened_at desc);
create index alerts_status on alerts (status, opened_at desc);
create index alerts_trip on alerts (trip_id);
create index alerts_visible on alerts using gin (visible_to);

-- The history of an alert: opened and cleared by the engine (event_key makes those idempotent),
-- acknowledged, assigned, annotated and resolved by people.
create table alert_events (
  id bigint generated always as identity primary key,
  alert_id text not null,
  at timestamptz not null,
  kind text not null,
  actor text,
  data jsonb,
  event_key text unique
);
create index alert_events_alert on alert_events (alert_id, id);

-- Commands to devices (unlock on arrival): pending until sent, then sent or failed, and
-- acknowledged when the device reports the result. command_id is deterministic (origin + index).
create table commands (
  command_id text primary key,
  device_id text not null,
  command text not null,
  trip_id text,
  at timestamptz not null,
  status text not null default 'pending',
  channel text,
  error text,
  sent_at timestamptz,
  acknowledged_at timestamptz,
  input_seq bigint
);
create index commands_device on commands (device_id, status);
create index commands_pending on commands (status) where status = 'pending';
