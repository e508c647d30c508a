-- The clustered deployment (src/cluster): the latest moment an intake node of the cluster ticked,
-- raised by every node once a second. A node starting after the whole cluster's intake was down
-- finds this mark well behind the clock and records the downtime (platformResumed), so the
-- engines do not tick through it; a node joining a running cluster finds it a second old.
create table if not exists cluster_alive (
  cluster text primary key,
  alive_at timestamptz not null
);
