-- Operations reports (維運管理): long reports run as jobs with progress, scheduled reports mailed
-- to a list, and per-month partial results of closed months kept so a year's report reads eleven
-- stored months and computes one.
create table report_jobs (
  id text primary key,
  report text not null,
  filters jsonb not null,
  status text not null check (status in ('running', 'done', 'failed')),
  progress real not null default 0,
  months_total integer not null default 0,
  months_done integer not null default 0,
  result jsonb,
  error text,
  created_by text not null,
  company_ubn text,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index report_jobs_created on report_jobs (created_by, created_at desc);

create table report_schedules (
  id text primary key,
  name text not null,
  report text not null,
  filters jsonb not null,
  format text not null check (format in ('csv', 'xlsx', 'pdf')),
  cadence text not null check (cadence in ('daily', 'weekly', 'monthly')),
  recipients text[] not null,
  next_run_at timestamptz not null,
  last_run_at timestamptz,
  last_error text,
  created_by text not null,
  created_at timestamptz not null default now()
);
create index report_schedules_due on report_schedules (next_run_at);

-- One closed month's partial result of one report under one set of filters (key = the filters as
-- canonical JSON). A month is closed once it ended more than a day ago; rows never change after.
create table report_rollups (
  report text not null,
  month date not null,
  filters_key text not null,
  rows jsonb not null,
  computed_at timestamptz not null default now(),
  primary key (report, filters_key, month)
);

-- Reports read positions and alerts by time.
create index positions_ts on positions (ts);
create index alerts_opened on alerts (opened_at);
