-- Notifications to people: their rules and addresses, their browsers' push subscriptions, and the
-- outbox from events (alerts, application decisions, declaration changes) to messages.

-- A person's own settings. No row, or no rules: the defaults of their role (src/notifications/rules.ts).
create table notification_preferences (
  user_id text primary key references users(id) on delete cascade,
  email text,
  rules jsonb,
  updated_at timestamptz not null default now()
);

-- One row per browser (or phone) that allowed notifications for a person.
create table push_subscriptions (
  id text primary key,
  user_id text not null references users(id) on delete cascade,
  endpoint text not null unique,
  p256dh text not null,
  auth text not null,
  user_agent text,
  created_at timestamptz not null default now(),
  last_success_at timestamptz,
  last_error text
);
create index push_subscriptions_user on push_subscriptions (user_id);

-- Events as their subsystems stored them, in the transaction of the change (an outbox). `key`
-- makes an event idempotent where it has a natural one (an alert's id).
create table notification_events (
  id text primary key,
  seq bigserial not null,
  kind text not null,
  key text unique,
  payload jsonb not null,
  occurred_at timestamptz not null,
  created_at timestamptz not null default now(),
  expanded_at timestamptz
);
create index notification_events_pending on notification_events (seq) where expanded_at is null;

-- What each person is to be told of an event, per channel. `mode`: null until the throttle
-- decides, then 'single' (a message of its own) or 'held' (waiting for the digest).
create table notification_items (
  id text primary key,
  seq bigserial not null,
  event_id text not null references notification_events(id) on delete cascade,
  user_id text not null references users(id) on delete cascade,
  channel text not null,
  kind text not null,
  payload jsonb not null,
  created_at timestamptz not null default now(),
  mode text,
  decided_at timestamptz,
  message_id text,
  unique (event_id, user_id, channel)
);
create index notification_items_open on notification_items (user_id, channel, seq) where message_id is null;

-- A message sent (or being sent) on a channel: one item, or a digest of several.
create table notification_messages (
  id text primary key,
  user_id text not null references users(id) on delete cascade,
  channel text not null,
  mode text not null,
  items integer not null,
  created_at timestamptz not null,
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  sent_at timestamptz,
  failed_at timestamptz,
  last_error text
);
create index notification_messages_due on notification_messages (next_attempt_at) where sent_at is null and failed_at is null;
create index notification_messages_lane on notification_messages (user_id, channel, created_at);

-- One row per person and channel, locked while the throttle decides for them (several servers).
create table notification_lanes (
  user_id text not null references users(id) on delete cascade,
  channel text not null,
  primary key (user_id, channel)
);
