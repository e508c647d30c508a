-- Container movements (CONTRACT section 9): the clearance system's declarations and their release
-- status, the terminal operating systems' yard events, and every gate passage with the lane's
-- decision and the officer's handling of a hold.

-- One row per declaration: the latest statusAt stands (an older status arriving late is not stored).
create table clearances (
  declaration_no text primary key,
  kind text not null,
  container_nos text[] not null,
  status text not null,
  release_code text,
  status_at timestamptz not null,
  importer_ubn text,
  received_at timestamptz not null default now()
);
create index clearances_containers on clearances using gin (container_nos);
create index clearances_importer on clearances (importer_ubn);

-- Every status a declaration went through, as received (the row above is the latest).
create table clearance_history (
  id bigint generated always as identity primary key,
  declaration_no text not null,
  status text not null,
  status_at timestamptz not null,
  record jsonb not null,
  received_at timestamptz not null default now()
);
create index clearance_history_declaration on clearance_history (declaration_no, status_at);

create table yard_events (
  id bigint generated always as identity primary key,
  facility text not null,
  container_no text not null,
  event text not null,
  equipment_id text,
  position text,
  at timestamptz not null,
  reported_by text
);
create index yard_events_container on yard_events (container_no, at);
create index yard_events_facility on yard_events (facility, at desc);

-- A vehicle passing a gate lane: what the lane read, the decision answered at once (pass / hold),
-- and, for a hold, the officer's release or refusal with the reason.
create table gate_passages (
  id text primary key,
  facility text not null,
  lane text not null,
  direction text not null,
  plate text not null,
  container_nos text[] not null default '{}',
  seal_nos text[],
  source text not null,
  captured_at timestamptz,
  received_at timestamptz not null,
  confidence jsonb,
  images text[] not null default '{}',
  decision text,
  reasons jsonb not null default '[]',
  trip_id text,
  lane_confirmed text[] not null default '{}',
  officer_decision text,
  officer_reason text,
  officer_by text,
  officer_at timestamptz
);
create index gate_passages_lane on gate_passages (facility, lane, received_at desc);
create index gate_passages_received on gate_passages (received_at desc);
create index gate_passages_containers on gate_passages using gin (container_nos);
create index gate_passages_holds on gate_passages (received_at desc) where decision = 'hold' and officer_decision is null;

-- Alerts about a container movement name the container.
create index alerts_container on alerts ((detail->>'containerNo'));
