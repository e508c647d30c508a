-- A trip's gate passages are read with the trip (its page marks them on the replay): by trip, not
-- by a scan of every passage.
create index gate_passages_trip on gate_passages (trip_id) where trip_id is not null;
