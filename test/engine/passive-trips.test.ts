// Point-to-point trips (CONTRACT section 8): passive, e-paper and mixed CNs through every state, on
// gate passages and reads alone for a vehicle without an OBU; and reads that come late, twice or
// out of order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getTrip } from '../../src/engine/index.ts';
import { C1, C2, PassiveSim, PTRIP } from './passive-scenario.ts';
import { LAT, LOCKED, note, Sim, TRIP, types } from './scenario.ts';

test('passive trip without an OBU: sealed by applied reads, out by the gate, checked at the checkpoint, in by the gate, closed by removal', () => {
  const sim = new PassiveSim().setupPassive();
  assert.equal(sim.tripState(PTRIP), 'planned');
  sim.wait(60).read('P1', 'applied', 'KHH-T1', { containerNo: C1 });
  assert.equal(sim.tripState(PTRIP), 'planned', 'one seal of two');
  const sealed = sim.wait(60).read('P2', 'applied', 'KHH-T1', { containerNo: C2 });
  assert.deepEqual(types(sealed), ['trip:sealed']);
  const out = sim.wait(120).gate('KHH-T1', 'out');
  assert.deepEqual(types(out), ['trip:in_transit']);
  assert.equal(getTrip(sim.st, PTRIP)?.departedAt, out[0].at);
  assert.deepEqual(types(sim.wait(600).read('P1', 'checked', 'KHH-X1', { containerNo: C1 })), []);
  const arrived = sim.wait(600).gate('KHH-CY9', 'in');
  assert.deepEqual(types(arrived), ['trip:arrived'], 'no unlock command: passive seals have nothing to command');
  assert.deepEqual(types(sim.wait(60).read('P1', 'removed', 'KHH-CY9')), []);
  assert.deepEqual(types(sim.wait(60).read('P2', 'removed', 'KHH-CY9')), ['trip:closed']);
  assert.deepEqual(sim.alerts(), [], 'a clean trip raises nothing (no signal_lost without an OBU, no overdue inside the limit)');
  sim.wait(3 * 3600).tick();
  assert.deepEqual(sim.alerts(), []);
});

test('e-paper trip with no gate records: departs at a checked read outside the origin, arrives at a read at the destination', () => {
  const sim = new PassiveSim().setupPassive({ note: { containers: [{ no: C1, sealType: 'epaper_seal', sealNos: ['P1'] }] } });
  sim.wait(60).read('P1', 'applied', 'KHH-T1');
  assert.equal(sim.tripState(PTRIP), 'sealed');
  assert.deepEqual(types(sim.wait(60).read('P1', 'checked', 'KHH-T1')), [], 'a check at the origin is not leaving');
  const departed = sim.wait(900).read('P1', 'checked', { lat: LAT, lon: 120.35 });
  assert.deepEqual(types(departed), ['trip:in_transit'], 'a check at the X-ray station, placed by position');
  const end = sim.wait(900).read('P1', 'removed', { lat: LAT, lon: 120.4 });
  assert.deepEqual(types(end), ['trip:arrived', 'trip:closed']);
  assert.deepEqual(sim.alerts(), []);
});

test('a destination read of a trip never seen leaving: departs and arrives at once', () => {
  const sim = new PassiveSim().setupPassive({ checkpoints: [], note: { containers: [{ no: C1, sealType: 'eseal', sealNos: ['P1'] }] } });
  sim.wait(60).read('P1', 'applied', 'KHH-T1');
  const out = sim.wait(1800).read('P1', 'checked', 'KHH-CY9');
  assert.deepEqual(types(out), ['trip:in_transit', 'trip:arrived']);
  assert.deepEqual(types(sim.wait(60).read('P1', 'removed', 'KHH-CY9')), ['trip:closed']);
  assert.deepEqual(sim.alerts(), []);
});

test('mixed CN (a truck e-seal and a passive seal) on a vehicle with an OBU: sealed when locked and applied, departs by its fixes, closes when unlocked and removed', () => {
  const sim = new Sim();
  sim.setup({ stayAtOrigin: true, note: { containers: [{ no: C1, sealType: 'truck_eseal', sealNos: ['S1'] }, { no: C2, sealType: 'eseal', sealNos: ['P9'] }] } });
  assert.equal(sim.tripState(), 'planned', 'S1 locked, P9 not applied yet');
  sim.wait(30).apply('sealRead', { sealNo: 'P9', event: 'applied', facility: 'KHH-T1', reader: 'phone_camera' });
  assert.equal(sim.tripState(), 'sealed');
  const gateOut = sim.wait(30).apply('gateEvent', { facility: 'KHH-T1', lane: 'O1', direction: 'out', plate: 'KNA6001', containerNos: [C1, C2], source: 'ocr' });
  assert.deepEqual(types(gateOut), [], 'a vehicle with an OBU departs by its fixes');
  sim.wait(30).fix(120.31, LAT, { seals: [LOCKED[0]] });
  assert.equal(sim.tripState(), 'in_transit');
  sim.drive(120.31, 120.4, 0.005, 60);
  const unlocks = sim.all.filter((o) => o.type === 'command').map((o) => o.data.deviceId);
  assert.deepEqual(unlocks, ['S1'], 'unlock goes to the truck e-seal only');
  assert.equal(sim.tripState(), 'arrived');
  sim.wait(30).fix(120.4, LAT, { seals: [{ id: 'S1', state: 'unlocked' }] });
  assert.equal(sim.tripState(), 'arrived', 'the passive seal is still on');
  sim.wait(30).apply('sealRead', { sealNo: 'P9', event: 'removed', facility: 'KHH-CY9', reader: 'phone_nfc' });
  assert.equal(getTrip(sim.st, TRIP)?.state, 'closed');
  assert.deepEqual(sim.alerts(), []);
});

test('overdue counts from the gate-out of a vehicle without an OBU', () => {
  const sim = new PassiveSim().setupPassive().applyBoth();
  sim.wait(3600).gate('KHH-T1', 'out');
  sim.wait(119 * 60).tick();
  assert.deepEqual(sim.alerts('overdue'), []);
  sim.wait(61).tick();
  const [a] = sim.alerts('overdue');
  assert.equal(a.tripId, PTRIP);
  assert.equal(a.detail.maxDurationMin, 120);
  assert.deepEqual(sim.alerts('signal_lost'), [], 'no OBU, no signal to lose');
});

test('a trip departs whatever its state: unsealed at the gate-out', () => {
  const sim = new PassiveSim().setupPassive({ note: { requiresConfirmation: true } });
  sim.wait(60).read('P1', 'applied', 'KHH-T1');
  const out = sim.wait(60).gate('KHH-T1', 'out');
  assert.deepEqual(types(out), ['trip:in_transit', 'alert:departed_unconfirmed']);
  sim.wait(11 * 60).tick();
  assert.deepEqual(sim.alerts('departed_unsealed').map((a) => a.detail.notApplied), [['P2']]);
});

test('duplicate reads change nothing: the same readId, or the same event, place and time', () => {
  const sim = new PassiveSim().setupPassive({ checkpoints: [], note: { containers: [{ no: C1, sealType: 'eseal', sealNos: ['P1'] }] } });
  sim.wait(60).read('P1', 'applied', 'KHH-T1');
  sim.wait(60).gate('KHH-T1', 'out');
  const first = sim.wait(60).read('P1', 'checked', 'KHH-W5', { readId: 'r-9' });
  assert.deepEqual(types(first), ['alert:seal_read_elsewhere']);
  assert.deepEqual(types(sim.wait(60).read('P1', 'checked', 'KHH-W5', { readId: 'r-9' })), [], 'the same readId');
  const readAt = new Date(sim.t - 30_000).toISOString();
  assert.deepEqual(types(sim.wait(5).read('P1', 'removed', 'KHH-CY9', { readAt })), ['trip:arrived', 'trip:closed']);
  assert.deepEqual(types(sim.wait(5).read('P1', 'removed', 'KHH-CY9', { readAt })), [], 'uploaded again without an id');
  assert.deepEqual(sim.alerts().map((a) => a.alertType), ['seal_read_elsewhere']);
});

test('late reads: an applied read taken before departure, uploaded after it, within the grace, is no departed_unsealed', () => {
  // P1's read reached the platform at once; P2's stayed on a phone with no signal until after the gate-out.
  const sim2 = new PassiveSim().setupPassive();
  const appliedAt = new Date(sim2.t + 60_000).toISOString();
  sim2.wait(60).read('P1', 'applied', 'KHH-T1');
  sim2.wait(120).gate('KHH-T1', 'out');
  assert.equal(sim2.tripState(PTRIP), 'in_transit');
  sim2.wait(300).read('P2', 'applied', 'KHH-T1', { readAt: appliedAt });
  sim2.wait(600).tick();
  assert.deepEqual(sim2.alerts('departed_unsealed'), [], 'sealed in time; the read came late');
  assert.deepEqual(sim2.alerts(), []);
});

test('late reads: an applied read taken after departure is still departed_unsealed', () => {
  const sim = new PassiveSim().setupPassive();
  sim.wait(60).read('P1', 'applied', 'KHH-T1');
  sim.wait(60).gate('KHH-T1', 'out');
  sim.wait(300).read('P2', 'applied', { lat: LAT, lon: 120.33 });
  sim.wait(600).tick();
  const [a] = sim.alerts('departed_unsealed');
  assert.deepEqual(a.detail.notApplied, ['P2']);
  assert.equal(a.detail.by, 'gate_or_read');
});

test('out of order: a check taken on the road but uploaded after arrival is judged at its own time', () => {
  const sim = new PassiveSim().setupPassive({ note: { containers: [{ no: C1, sealType: 'eseal', sealNos: ['P1'] }] } });
  sim.wait(60).read('P1', 'applied', 'KHH-T1');
  sim.wait(60).gate('KHH-T1', 'out');
  const takenAt = new Date(sim.t + 600_000).toISOString();
  sim.wait(1800).gate('KHH-CY9', 'in');
  assert.equal(sim.tripState(PTRIP), 'arrived');
  const late = sim.wait(60).read('P1', 'checked', 'KHH-W5', { readAt: takenAt });
  assert.deepEqual(types(late), ['alert:seal_read_elsewhere'], 'it was at the warehouse while on the road');
  assert.equal(sim.alerts('seal_read_elsewhere')[0].detail.late, true);
  // The same read after arrival would not be "in transit": a read at the warehouse an hour later is not elsewhere.
  const sim2 = new PassiveSim().setupPassive({ note: { containers: [{ no: C1, sealType: 'eseal', sealNos: ['P1'] }] } });
  sim2.wait(60).read('P1', 'applied', 'KHH-T1');
  sim2.wait(60).gate('KHH-T1', 'out');
  sim2.wait(1800).gate('KHH-CY9', 'in');
  assert.deepEqual(types(sim2.wait(3600).read('P1', 'checked', 'KHH-W5')), []);
});

test('a planned trip on a vehicle with an OBU departs once it has been at the origin', () => {
  const sim = new Sim();
  sim.setup({ stayAtOrigin: true, note: note({ containers: [{ no: C1, sealType: 'eseal', sealNos: ['P5'] }] }) });
  assert.equal(sim.tripState(), 'planned');
  sim.wait(60).fix(120.306, LAT, { seals: [] });
  assert.equal(sim.tripState(), 'planned', 'one fix outside may be a wandering one');
  sim.wait(60).fix(120.312, LAT, { seals: [] });
  assert.equal(sim.tripState(), 'in_transit');
  sim.wait(11 * 60).tick();
  assert.deepEqual(sim.alerts('departed_unsealed').map((a) => a.detail.notApplied), [['P5']]);
});
