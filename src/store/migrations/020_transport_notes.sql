-- Transport notes (CN): the current version of each note, every version ever accepted, and the
-- containers and seals of the current version for lookups by container or seal number.
create table transport_notes (
  cn_no text primary key,
  version integer not null,
  status text not null check (status in ('live', 'cancelled')),
  sender_ubn text not null references companies(ubn),
  origin text not null,
  destination text not null,
  route_code text,
  plate text not null,
  driver_id text not null,
  requires_confirmation boolean not null,
  -- The note as accepted (normalised), the same body the engine receives.
  body jsonb not null,
  confirmed_at timestamptz,
  confirmed_by text,
  -- What the responsible person confirmed: container picked, remark, photo reference.
  confirmation jsonb,
  -- Set when the note's trip closes (all seals unlocked): a closed note no longer holds its seals.
  closed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index transport_notes_destination on transport_notes (destination, updated_at);
create index transport_notes_sender on transport_notes (sender_ubn, updated_at);
create index transport_notes_updated on transport_notes (updated_at);

create table transport_note_versions (
  cn_no text not null references transport_notes(cn_no),
  version integer not null,
  function text not null,
  body jsonb not null,
  actor_kind text not null,
  actor_id text not null,
  actor_company_ubn text,
  at timestamptz not null default now(),
  primary key (cn_no, version)
);

-- Containers and seals of the current version (rewritten on replace; kept on cancel, so that a
-- container's history can still be found).
create table transport_note_containers (
  cn_no text not null references transport_notes(cn_no) on delete cascade,
  position integer not null,
  container_no text not null,
  seal_type text not null,
  primary key (cn_no, position)
);
create index transport_note_containers_no on transport_note_containers (container_no);

create table transport_note_seals (
  cn_no text not null references transport_notes(cn_no) on delete cascade,
  seal_no text not null,
  container_no text not null,
  primary key (cn_no, seal_no)
);
create index transport_note_seals_no on transport_note_seals (seal_no);
