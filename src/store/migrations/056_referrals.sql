-- Judicial cooperation (DOMAIN "Actors": police and prosecutors, cases shared): customs refers a
-- trip, an alert or a transport note to a judicial company, whose people then see it
-- (src/access/referrals.ts). A referral is a record of a decision and is never edited.
create table referrals (
  id text primary key,
  resource_kind text not null check (resource_kind in ('trip', 'alert', 'transport_note')),
  resource_id text not null,
  judicial_ubn text not null references companies(ubn),
  referred_by text not null,
  at timestamptz not null default now(),
  unique (resource_kind, resource_id, judicial_ubn)
);
create index referrals_company on referrals (judicial_ubn, resource_kind);
