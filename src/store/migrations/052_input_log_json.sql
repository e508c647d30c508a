-- The input log is written once per input and read whole only by a rebuild, so its data is kept
-- as the JSON text that was accepted (json) rather than converted to jsonb: storing a report costs
-- PostgreSQL about a third as much. The RFID index now holds only the telemetry that carries a
-- card read, not every report; the lookup's `data->>'rfidCard' = $1` implies its predicate.
drop index engine_inputs_rfid;
alter table engine_inputs alter column data type json using data::json;
create index engine_inputs_rfid on engine_inputs ((data->>'rfidCard'), seq) where type = 'telemetry' and (data->>'rfidCard') is not null;
