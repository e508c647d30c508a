-- Engine snapshots (src/snapshots): the engine state and what the monitor derived from the inputs
-- up to covers_seq, so a restart replays only the inputs after it. `scope` names whose state it is
-- ('all': the one engine of a single process).
create table engine_snapshots (
  id bigint generated always as identity primary key,
  scope text not null default 'all',
  covers_seq bigint not null,
  format_version int not null,
  layout text not null,
  taken_at timestamptz not null default now(),
  size_bytes int not null,
  body bytea not null
);
create index engine_snapshots_scope_covers on engine_snapshots (scope, covers_seq desc);

-- How far the input log was archived or dropped (INPUT_LOG_RETENTION): a restart needs a snapshot
-- covering at least this seq.
create table engine_input_retention (
  id int primary key check (id = 1),
  removed_up_to bigint not null default 0,
  updated_at timestamptz not null default now()
);
insert into engine_input_retention (id) values (1);
