-- Reference data the monitoring needs: facilities, routes, vehicles, drivers, devices.
-- Each row keeps the body as the API accepts it (body jsonb) beside the columns queries use.
create table facilities (
  code text primary key,
  name text not null,
  kind text not null,
  operator_ubn text references companies(ubn),
  storage_codes text[] not null default '{}',
  body jsonb not null,
  sample boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table routes (
  code text primary key,
  origin text not null references facilities(code),
  destination text not null references facilities(code),
  body jsonb not null,
  sample boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index routes_od on routes (origin, destination);

create table vehicles (
  plate text primary key,
  kind text not null,
  category integer not null,
  fleet_ubn text references companies(ubn),
  obu_id text,
  body jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table drivers (
  national_id text primary key,
  name text not null,
  fleet_ubn text references companies(ubn),
  rfid_card text unique,
  body jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Drivers and vehicles are many-to-many.
create table driver_vehicles (
  national_id text not null references drivers(national_id) on delete cascade,
  plate text not null references vehicles(plate) on delete cascade,
  primary key (national_id, plate)
);

create table devices (
  id text primary key,
  kind text not null,
  plate text references vehicles(plate),
  obu_id text,
  owner_ubn text references companies(ubn),
  -- Per-device credential (MQTT password, HTTP telemetry): SHA-256 of a random secret shown once.
  secret_hash text,
  body jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index devices_plate on devices (plate);
