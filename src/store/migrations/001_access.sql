-- Companies, people, sessions, API keys and the audit trail.
create table companies (
  ubn text primary key,
  name text not null,
  roles text[] not null default '{}',
  created_at timestamptz not null default now()
);

create table users (
  id text primary key,
  username text not null unique,
  name text not null,
  company_ubn text not null references companies(ubn),
  roles text[] not null,
  national_id text,
  storage_codes text[] not null default '{}',
  password_hash text not null,
  disabled boolean not null default false,
  created_at timestamptz not null default now()
);

create table sessions (
  token_hash text primary key,
  user_id text not null references users(id) on delete cascade,
  ip text,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);

create table api_keys (
  id text primary key,
  company_ubn text not null references companies(ubn),
  name text not null,
  prefix text not null,
  key_hash text not null unique,
  roles text[] not null,
  ip_allow text[] not null default '{}',
  rate_limit_per_min integer,
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  last_used_at timestamptz
);

create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_kind text not null,
  actor_id text not null,
  company_ubn text,
  action text not null,
  resource text not null,
  resource_id text,
  ip text,
  before jsonb,
  after jsonb
);
create index audit_log_resource on audit_log (resource, resource_id);
create index audit_log_at on audit_log (at);
