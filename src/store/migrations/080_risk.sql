-- Risk analysis: import declarations scored by the risk model in use, inspection outcomes that
-- feed the next training, the stored models with their metrics (one in use), the customs
-- watchlist of drivers, vehicles and companies, and officers' records of seizures and findings.
create table risk_models (
  id bigint generated always as identity primary key,
  name text not null,
  created_at timestamptz not null default now(),
  created_by text not null,
  trained_on jsonb not null,
  metrics jsonb not null,
  model jsonb not null,
  in_use boolean not null default false
);
create unique index risk_models_in_use on risk_models (in_use) where in_use;

create table risk_declarations (
  declaration_id text primary key,
  declared_on date not null,
  importer_id text not null,
  declarant_id text not null,
  seller_id text not null,
  hs6 text not null,
  origin_country text not null,
  departure_country text not null,
  office_id text not null,
  -- The declaration as received (without outcome).
  body jsonb not null,
  -- Containers named with the declaration (more are found through transport notes' declarationNo).
  container_nos text[] not null default '{}',
  score double precision,
  reasons jsonb not null default '[]',
  model_id bigint references risk_models(id),
  scored_at timestamptz,
  -- Chosen for inspection: 'top' (among the highest scores) or 'explore' (at random).
  selected text check (selected in ('top', 'explore')),
  selected_at timestamptz,
  -- The inspection's outcome: fraud 0/1, critical 0/1/2.
  fraud smallint check (fraud in (0, 1)),
  critical_fraud smallint check (critical_fraud in (0, 1, 2)),
  outcome_note text,
  outcome_by text,
  outcome_at timestamptz,
  created_at timestamptz not null default now()
);
create index risk_declarations_score on risk_declarations (score desc nulls last);
create index risk_declarations_day on risk_declarations (declared_on);

create table risk_watchlist (
  id bigint generated always as identity primary key,
  party_kind text not null check (party_kind in ('driver', 'vehicle', 'company')),
  party_id text not null,
  level text not null check (level in ('low', 'medium', 'high')),
  reason text not null,
  until timestamptz,
  created_by text not null,
  created_at timestamptz not null default now(),
  removed_at timestamptz,
  removed_by text
);
create index risk_watchlist_party on risk_watchlist (party_kind, party_id) where removed_at is null;

create table risk_party_events (
  id bigint generated always as identity primary key,
  party_kind text not null check (party_kind in ('driver', 'vehicle', 'company')),
  party_id text not null,
  kind text not null check (kind in ('seizure', 'finding')),
  note text not null,
  trip_id text,
  recorded_by text not null,
  at timestamptz not null default now()
);
create index risk_party_events_party on risk_party_events (party_kind, party_id, at);
