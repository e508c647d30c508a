-- Violation cases (違規案件): one or several alerts gathered into a case, with notes, referral to
-- the judiciary and the deadline of the administrative sanction (3 years after the criminal
-- outcome, Administrative Penalty Act art. 27).
create table cases (
  id text primary key,
  title text not null,
  status text not null check (status in ('open', 'referred', 'closed')),
  summary text,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  criminal_outcome text,
  criminal_outcome_at date,
  sanction_deadline date,
  reminded_at timestamptz
);
create index cases_deadline on cases (sanction_deadline) where status <> 'closed';

create table case_alerts (
  case_id text not null references cases(id) on delete cascade,
  alert_id text not null,
  primary key (case_id, alert_id)
);
create index case_alerts_alert on case_alerts (alert_id);

create table case_notes (
  id bigint generated always as identity primary key,
  case_id text not null references cases(id) on delete cascade,
  at timestamptz not null default now(),
  author text not null,
  text text not null
);
create index case_notes_case on case_notes (case_id, id);

-- A case is referred like a trip, an alert or a CN.
alter table referrals drop constraint referrals_resource_kind_check;
alter table referrals add constraint referrals_resource_kind_check check (resource_kind in ('trip', 'alert', 'transport_note', 'case'));
