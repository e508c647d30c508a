-- Passive seals read at points (CONTRACT section 8): every read accepted by the API, as taken
-- (read_at: the reader's own time, possibly long before it was received) and as placed (facility,
-- or lat/lon). read_id is the reader's own id for the read: the same read uploaded twice is one row.
-- trip_id and cn_no are the live trip and CN the seal belonged to when the read was received.
create table seal_reads (
  read_id text primary key,
  seal_no text not null,
  event text not null check (event in ('applied', 'checked', 'removed')),
  facility text,
  lat double precision,
  lon double precision,
  container_no text,
  reader text not null,
  reader_id text,
  by_name text,
  read_at timestamptz not null,
  received_at timestamptz not null default now(),
  trip_id text,
  cn_no text,
  photo_id text,
  photo_sha256 text,
  note text,
  recorded_by text not null,
  company_ubn text
);
create index seal_reads_seal on seal_reads (seal_no, read_at);
create index seal_reads_trip on seal_reads (trip_id, read_at) where trip_id is not null;
create index seal_reads_cn on seal_reads (cn_no) where cn_no is not null;
