-- What an officer does for each alert type (處置程序), as the customs admin has edited it. A type
-- with no row follows the built-in default (src/alert-procedures/defaults.ts), so every rule has a
-- procedure from the start and a new rule needs no migration.
create table alert_procedures (
  alert_type text primary key,
  steps_zh text[] not null,
  steps_en text[] not null,
  updated_at timestamptz not null default now(),
  updated_by text not null
);
