-- Platform-wide settings, one JSON value per key (e.g. 'alert_params': the global alert thresholds
-- that every route inherits unless it sets its own). Changes are audited in audit_log.
create table settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now(),
  updated_by text
);

-- Search (GET /search): a trip by CN number, a note by declaration number or driver.
create index trips_cn_nos on trips using gin (cn_nos);
create index transport_notes_declaration on transport_notes ((upper(body->>'declarationNo')));
create index transport_notes_driver on transport_notes (driver_id);
