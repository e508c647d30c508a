-- The customer-service desk (客服中心): tickets from portal users and officers, routed to the desk
-- in its hours (08:00-20:00 Asia/Taipei) and to the monitoring centre after hours, with an SLA and
-- a history.
create table tickets (
  id text primary key,
  category text not null check (category in ('system_anomaly', 'connection', 'cn_correction', 'find_truck', 'other')),
  subject text not null,
  body text not null,
  cn_no text,
  trip_id text,
  company_ubn text,
  reporter_id text not null,
  reporter_company text not null,
  queue text not null check (queue in ('desk', 'monitoring')),
  assignee text,
  status text not null check (status in ('open', 'in_progress', 'resolved', 'closed')),
  priority text not null check (priority in ('normal', 'urgent')),
  sla_due_at timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  resolved_at timestamptz
);
create index tickets_queue on tickets (queue, status, created_at desc);
create index tickets_reporter on tickets (reporter_company, created_at desc);

create table ticket_events (
  id bigint generated always as identity primary key,
  ticket_id text not null references tickets(id) on delete cascade,
  at timestamptz not null default now(),
  actor text not null,
  kind text not null,
  data jsonb
);
create index ticket_events_ticket on ticket_events (ticket_id, id);
