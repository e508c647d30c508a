import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptedPosition, getTrip, listTrips, tripForContainer, tripForPlate, tripIdForDevice } from '../../src/engine/index.ts';
import { FACILITIES, iso, LAT, LOCKED, note, roadRoute, Sim, TRIP, types } from './scenario.ts';

test('a clean trip: planned → sealed → confirmed → in_transit → arrived (+ unlock) → closed', () => {
  const sim = new Sim();
  sim.setup({ stayAtOrigin: true, note: { requiresConfirmation: true } });
  assert.deepEqual(sim.states(), ['planned', 'sealed']);
  sim.wait(60).apply('sealConfirmation', { cnNo: 'CN25000001', confirmedBy: 'A223456781' });
  sim.wait(60).fix(120.303, LAT, { speedKmh: 10 });
  assert.equal(sim.tripState(), 'confirmed', 'still inside the terminal');
  sim.wait(60).fix(120.31, LAT);
  const departed = sim.t;
  sim.drive(120.31, 120.39);
  const arrival = sim.wait(60).fix(120.4, LAT, { speedKmh: 5 });
  assert.deepEqual(types(arrival), ['trip:arrived', 'command:S1', 'command:S2']);
  assert.deepEqual(arrival[1].data, { deviceId: 'S1', command: 'unlock', tripId: TRIP });
  const view = getTrip(sim.st, TRIP);
  assert.equal(view?.state, 'arrived');
  assert.equal(view?.routeCode, 'R1');
  assert.equal(view?.departedAt, iso(departed));
  assert.equal(view?.arrivedAt, iso(sim.t));
  assert.deepEqual(view?.lastPosition, { lat: LAT, lon: 120.4, ts: '2025-03-03T08:21:00+08:00', speedKmh: 5 });
  assert.equal(Date.parse(view?.lastPosition?.ts ?? ''), sim.t);
  assert.deepEqual(view?.seals.map((s) => [s.id, s.state, s.link]), [['S1', 'locked', 'ok'], ['S2', 'locked', 'ok']]);
  sim.wait(60).fix(120.4, LAT, { speedKmh: 0, seals: [{ id: 'S1', state: 'unlocked' }, LOCKED[1]] });
  assert.equal(sim.tripState(), 'arrived');
  sim.wait(30).apply('telemetry', { deviceId: 'S2', ts: iso(sim.t), state: 'unlocked' });
  assert.deepEqual(sim.states(), ['planned', 'sealed', 'confirmed', 'in_transit', 'arrived', 'closed']);
  assert.equal(sim.alerts().length, 0);
  assert.equal(tripForPlate(sim.st, 'KNA6001'), null, 'a closed trip is no longer the vehicle\'s trip');
});

test('no CN requires confirmation: sealed → in_transit directly', () => {
  const sim = new Sim().setup();
  assert.deepEqual(sim.states(), ['planned', 'sealed', 'in_transit']);
});

test('a confirmation before sealing is kept: sealing goes straight on to confirmed', () => {
  const sim = new Sim();
  sim.setup({ stayAtOrigin: true, note: { requiresConfirmation: true, containers: [{ no: 'CSQU3054383', sealType: 'truck_eseal', sealNos: ['S1', 'S3'] }] } });
  assert.equal(sim.tripState(), 'planned');
  sim.apply('sealConfirmation', { cnNo: 'CN25000001', confirmedBy: 'x' });
  const out = sim.wait(30).fix(120.3, LAT, { speedKmh: 0, seals: [LOCKED[0], { id: 'S3', state: 'locked' }] });
  assert.deepEqual(types(out), ['trip:sealed', 'trip:confirmed']);
});

test('a planned vehicle leaving its origin departs unsealed; one never seen there does not depart', () => {
  const sim = new Sim();
  sim.setup({ stayAtOrigin: true, note: { containers: [{ no: 'CSQU3054383', sealType: 'truck_eseal', sealNos: ['S9'] }] } });
  assert.equal(sim.tripState(), 'planned');
  sim.wait(60).fix(120.306, LAT);
  assert.equal(sim.tripState(), 'planned', 'a single fix outside may be a wandering one');
  sim.wait(60).fix(120.312, LAT);
  assert.equal(sim.tripState(), 'in_transit');
  assert.deepEqual(sim.alerts('departed_unsealed').map((a) => a.detail.notLocked), [['S9']]);

  const away = new Sim();
  for (const f of FACILITIES) away.apply('facility', f);
  away.apply('route', roadRoute());
  away.apply('vehicle', { plate: 'KNA6001', kind: 'tractor', category: 1, obuId: 'OBU1' });
  away.apply('transportNote', note({ containers: [{ no: 'CSQU3054383', sealType: 'truck_eseal', sealNos: ['S9'] }] }));
  away.wait(60).fix(120.33, LAT, { seals: [] });
  away.wait(60).fix(120.32, LAT, { seals: [] });
  assert.equal(away.tripState(), 'planned', 'driving to the terminal to load is not leaving it');
  assert.equal(away.alerts().length, 0);
});

test('CNs for the same vehicle and route join one trip; another route is another trip', () => {
  const sim = new Sim();
  sim.setup({ stayAtOrigin: true });
  const joined = sim.apply('transportNote', note({ cnNo: 'CN25000002', plate: 'KNA-6001', containers: [{ no: 'TGHU1234567', sealType: 'truck_eseal', sealNos: ['S5'] }] }));
  assert.deepEqual(types(joined), ['trip:planned'], 'the new seal is not locked yet');
  assert.deepEqual(getTrip(sim.st, TRIP)?.cnNos, ['CN25000001', 'CN25000002']);
  const other = sim.apply('transportNote', note({ cnNo: 'CN25000003', destination: 'KHH-T1', origin: 'KHH-CY9', containers: [] }));
  assert.deepEqual(types(other), ['trip:planned', 'trip:sealed'], 'no seals: nothing to wait for');
  assert.equal(other[0].data.tripId, 'TR-CN25000003');
  assert.equal(listTrips(sim.st).length, 2);
  sim.wait(30).fix(120.3, LAT, { speedKmh: 0, seals: [...LOCKED, { id: 'S5', state: 'locked' }] });
  assert.equal(sim.tripState(), 'sealed');
  // Departure: the vehicle's reports go to the trip on the road.
  sim.wait(60).fix(120.31, LAT, { seals: [...LOCKED, { id: 'S5', state: 'locked' }] });
  assert.equal(sim.tripState(), 'in_transit');
  assert.equal(tripIdForDevice(sim.st, 'OBU1'), TRIP);
  assert.equal(tripForPlate(sim.st, 'kna-6001')?.tripId, TRIP);
  assert.equal(tripIdForDevice(sim.st, 'S5'), TRIP);
  assert.equal(tripForContainer(sim.st, 'tghu 1234567')?.tripId, TRIP);
  // A CN arriving now for the same route starts a new trip rather than joining one on the road.
  const next = sim.apply('transportNote', note({ cnNo: 'CN25000004', containers: [] }));
  assert.equal(next[0].data.tripId, 'TR-CN25000004');
  assert.equal(tripIdForDevice(sim.st, 'OBU1'), TRIP, 'still the trip on the road');
});

test('replace (function 5): new seals reopen sealing; a new plate moves the CN', () => {
  const sim = new Sim();
  sim.setup({ stayAtOrigin: true });
  assert.equal(sim.tripState(), 'sealed');
  const replaced = sim.apply('transportNote', note({ function: '5', containers: [{ no: 'CSQU3054383', sealType: 'truck_eseal', sealNos: ['S1', 'S7'] }] }));
  assert.deepEqual(types(replaced), ['trip:planned']);
  assert.deepEqual(getTrip(sim.st, TRIP)?.seals.map((s) => s.id), ['S1', 'S7']);
  assert.equal(tripIdForDevice(sim.st, 'S2'), null, 'S2 left the trip');
  sim.wait(30).fix(120.3, LAT, { speedKmh: 0, seals: [LOCKED[0], { id: 'S7', state: 'locked' }] });
  assert.equal(sim.tripState(), 'sealed');
  const moved = sim.apply('transportNote', note({ function: '5', plate: 'KLA6002' }));
  assert.deepEqual(types(moved), ['trip:cancelled', 'trip:planned']);
  assert.equal(moved[1].data.tripId, 'TR-CN25000001-2');
  assert.equal((moved[1].data as { plate: string }).plate, 'KLA6002');
});

test('cancel (function 1): the trip is cancelled when all its CNs are, only before departure', () => {
  const sim = new Sim();
  sim.setup({ stayAtOrigin: true });
  sim.apply('transportNote', note({ cnNo: 'CN25000002', containers: [] }));
  assert.equal(sim.apply('transportNote', { cnNo: 'CN25000002', function: '1' }).length, 0);
  assert.deepEqual(getTrip(sim.st, TRIP)?.cnNos, ['CN25000001']);
  const out = sim.apply('transportNote', { cnNo: 'CN25000001', function: '1' });
  assert.deepEqual(out.map((o) => o.data), [{ tripId: TRIP, cnNos: ['CN25000001'], plate: 'KNA6001', state: 'cancelled', previousState: 'sealed' }]);
  assert.equal(tripForPlate(sim.st, 'KNA6001'), null);
  // Sent again: a new trip with the next id.
  const again = sim.apply('transportNote', note());
  assert.equal(again[0].data.tripId, 'TR-CN25000001-2');

  const gone = new Sim().setup();
  assert.equal(gone.apply('transportNote', { cnNo: 'CN25000001', function: '1' }).length, 0);
  assert.equal(gone.tripState(), 'in_transit');
});

test('the route is the CN routeCode, else the one with the same origin and destination', () => {
  const sim = new Sim();
  sim.setup({ stayAtOrigin: true, note: { routeCode: 'R-OTHER' } });
  assert.equal(getTrip(sim.st, TRIP)?.routeCode, 'R-OTHER', 'named even before the route is known');
  const byOd = new Sim();
  byOd.setup({ stayAtOrigin: true });
  assert.equal(getTrip(byOd.st, TRIP)?.routeCode, 'R1');
});

test('OBU found by vehicle.obuId or by device.plate; plates normalised', () => {
  const sim = new Sim();
  for (const f of [{ code: 'KHH-T1', name: 'T', kind: 'port_terminal', area: { type: 'Polygon', coordinates: [[[120.29, 22.59], [120.31, 22.59], [120.31, 22.61], [120.29, 22.61], [120.29, 22.59]]] } }]) sim.apply('facility', f);
  sim.apply('device', { id: 'OBU9', kind: 'obu', plate: 'kla-6002' });
  sim.apply('transportNote', note({ plate: 'KLA 6002', containers: [] }));
  assert.equal(tripIdForDevice(sim.st, 'OBU9'), TRIP);
  sim.apply('vehicle', { plate: 'KHB-1234', kind: 'truck', category: 2, obuId: 'OBU8' });
  assert.equal(tripIdForDevice(sim.st, 'OBU8'), null);
  assert.equal(tripIdForDevice(sim.st, 'nobody'), null);
  // A report from an unknown device is accepted quietly.
  assert.deepEqual(sim.apply('telemetry', { deviceId: 'nobody', ts: iso(sim.t), lat: LAT, lon: 120.3 }), []);
});

test('acceptedPosition: the fix this step accepted, or null when filtered out', () => {
  const sim = new Sim().setup();
  sim.wait(30).fix(120.312, LAT, { heading: 90 });
  assert.deepEqual(acceptedPosition(sim.st), { tripId: TRIP, plate: 'KNA6001', deviceId: 'OBU1', ts: iso(sim.t), lat: LAT, lon: 120.312, speedKmh: 40, heading: 90 });
  sim.wait(30).fix(120.5, LAT);
  assert.equal(acceptedPosition(sim.st), null, 'outlier');
  sim.wait(30).fix(120.315, LAT, { hdop: 12 });
  assert.equal(acceptedPosition(sim.st), null, 'poor fix');
  sim.tick();
  assert.equal(acceptedPosition(sim.st), null);
});

test('two consecutive agreeing fixes far from the last one are a real move, not outliers', () => {
  const sim = new Sim().setup();
  sim.wait(10).fix(120.36, LAT);
  assert.equal(acceptedPosition(sim.st), null);
  sim.wait(10).fix(120.3601, LAT);
  assert.equal(acceptedPosition(sim.st)?.lon, 120.3601);
});

test('the clock never runs backwards and outputs carry the input time', () => {
  const sim = new Sim().setup();
  const out = sim.apply('tick', {}, sim.t + 400_000);
  assert.equal(out[0].at, iso(sim.t + 400_000));
  // An input stamped earlier does not rewind timers.
  assert.equal(sim.apply('tick', {}, sim.t).length, 0);
});

test('the next CN with the same seals, sent before they report unlocked: both trips proceed', () => {
  const sim = new Sim().setup();
  sim.drive(120.31, 120.4);
  assert.equal(sim.tripState(), 'arrived');
  // Back-to-back: the yard sends the return CN with the same seals while the truck is still inside.
  const next = sim.apply('transportNote', note({ cnNo: 'CN25000009', origin: 'KHH-CY9', destination: 'KHH-T1' }));
  assert.deepEqual(types(next), ['trip:planned']);
  assert.equal(tripIdForDevice(sim.st, 'OBU1'), 'TR-CN25000009');
  const unlocked = sim.wait(60).fix(120.4, LAT, { seals: [{ id: 'S1', state: 'unlocked' }, { id: 'S2', state: 'unlocked' }] });
  assert.deepEqual(types(unlocked), ['trip:closed']);
  assert.equal(sim.tripState(), 'closed');
  const relocked = sim.wait(60).fix(120.4, LAT, { speedKmh: 0, seals: LOCKED });
  assert.deepEqual(types(relocked), ['trip:sealed']);
  assert.equal(sim.alerts().length, 0);
});
