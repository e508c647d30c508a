-- What the monitor could not store or apply, set aside so that everything else goes on: an engine
-- output the store refused (e.g. a time outside its range) or a stored input the engine failed on.
-- `key` names the record (e.g. input:42, position:42) so that a rebuild meeting it again adds no
-- second row. The record is kept as JSON text: whatever made it bad may not fit jsonb either.
create table quarantine (
  id bigint generated always as identity primary key,
  key text not null unique,
  kind text not null,
  input_seq bigint,
  record text not null,
  reason text not null,
  at timestamptz not null default now()
);
