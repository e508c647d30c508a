-- The portal (入口網) for the trade: what customs publishes (announcements and downloads), the
-- applications companies file and customs decides (with every step kept for the applicant), and
-- the declarations a trader follows (src/portal, src/access/portal.ts).
create table portal_announcements (
  id text primary key,
  kind text not null check (kind in ('news', 'download')),
  category text check (category in ('manual', 'device_spec', 'interface_doc', 'other')),
  title text not null,
  body text not null default '',
  file_name text,
  content_type text,
  content bytea,
  size_bytes integer,
  published_by text not null,
  published_at timestamptz not null default now(),
  withdrawn_at timestamptz
);
create index portal_announcements_published on portal_announcements (published_at desc) where withdrawn_at is null;

create table portal_applications (
  id text primary key,
  kind text not null check (kind in ('account', 'fleet', 'type_approval')),
  company_ubn text not null references companies(ubn),
  applicant_id text not null,
  subject text not null,
  details jsonb not null,
  -- An account request's password, hashed when filed; never shown, used when the account is made.
  password_hash text,
  status text not null default 'submitted' check (status in ('submitted', 'in_review', 'approved', 'rejected')),
  decided_by text,
  decided_at timestamptz,
  decision_note text,
  created_at timestamptz not null default now()
);
create index portal_applications_company on portal_applications (company_ubn, created_at desc);
create index portal_applications_status on portal_applications (status, created_at);

create table portal_application_steps (
  application_id text not null references portal_applications(id) on delete cascade,
  seq integer not null,
  status text not null,
  by_id text not null,
  note text,
  at timestamptz not null default now(),
  primary key (application_id, seq)
);

create table portal_subscriptions (
  user_id text not null,
  company_ubn text not null,
  declaration_no text not null,
  created_at timestamptz not null default now(),
  primary key (user_id, declaration_no)
);
