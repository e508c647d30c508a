-- The clustered deployment (src/cluster): per partition of the input stream, the stream sequence
-- up to which every output is stored. A worker taking a partition over replays it to rebuild the
-- engine state, but writes again only the outputs of inputs after this mark.
create table if not exists cluster_progress (
  cluster text not null,
  partition int not null,
  stream_seq bigint not null,
  updated_at timestamptz not null default now(),
  primary key (cluster, partition)
);
