-- Webhook subscriptions of destination yards (and customs), and the durable outbox of deliveries.
create table webhook_subscriptions (
  id text primary key,
  company_ubn text not null references companies(ubn),
  url text not null,
  events text[] not null,
  -- Empty: every facility the company operates (customs: every facility).
  facilities text[] not null default '{}',
  description text,
  -- Kept as issued: the dispatcher needs it to sign. Shown once at creation, never returned again.
  secret text not null,
  created_by text not null,
  created_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index webhook_subscriptions_company on webhook_subscriptions (company_ubn);

-- One row per (event, subscription), written in the same transaction as the change it reports.
create table webhook_deliveries (
  id text primary key,
  subscription text not null references webhook_subscriptions(id),
  event text not null,
  payload jsonb not null,
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  delivered_at timestamptz,
  -- Given up: attempts exhausted or the subscription deleted.
  failed_at timestamptz,
  last_status integer,
  last_error text,
  created_at timestamptz not null default now()
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where delivered_at is null and failed_at is null;
create index webhook_deliveries_subscription on webhook_deliveries (subscription, created_at);
