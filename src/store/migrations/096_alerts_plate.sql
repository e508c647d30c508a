-- A lane's answer weighs the risk of the vehicle passing: its alerts of the last year, found by plate.
create index alerts_plate on alerts (plate, opened_at);
