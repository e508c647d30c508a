import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTampering, onSealState } from '../../src/core/rules/seal-tamper.ts';
import { iso, LAT, LOCKED, Sim, TRIP, types } from '../engine/scenario.ts';

const S1_UNLOCKED = [{ id: 'S1', state: 'unlocked', link: 'ok' }, LOCKED[1]];

test('isTampering: every non-locked state while sealed, unless authorised or at the destination', () => {
  for (const state of ['unlocked', 'tampered', 'free', 'inserted'] as const) {
    assert.equal(isTampering(state, { tripState: 'in_transit', authorised: false, insideDestination: false }), true, state);
  }
  assert.equal(isTampering('locked', { tripState: 'in_transit', authorised: false, insideDestination: false }), false);
  assert.equal(isTampering('unlocked', { tripState: 'in_transit', authorised: true, insideDestination: false }), false);
  assert.equal(isTampering('unlocked', { tripState: 'sealed', authorised: false, insideDestination: true }), false);
  assert.equal(isTampering('unlocked', { tripState: 'planned', authorised: false, insideDestination: false }), false);
  assert.equal(isTampering('unlocked', { tripState: 'arrived', authorised: false, insideDestination: false }), false);
  assert.equal(isTampering('free', { tripState: 'sealed', authorised: false, insideDestination: false }), true);
});

test('onSealState: one alert per episode; locking again ends it', () => {
  const ep = { tamperOpen: false };
  const ctx = { tripState: 'in_transit' as const, authorised: false, insideDestination: false };
  assert.equal(onSealState(ep, 'unlocked', ctx), true);
  assert.equal(onSealState(ep, 'tampered', ctx), false);
  assert.equal(onSealState(ep, 'locked', ctx), false);
  assert.equal(onSealState(ep, 'unlocked', ctx), true);
});

test('engine: a seal opened on the road is a critical alert, raised once', () => {
  const sim = new Sim().setup();
  sim.wait(60).fix(120.32, LAT, { seals: S1_UNLOCKED });
  sim.wait(60).fix(120.33, LAT, { seals: S1_UNLOCKED });
  sim.wait(60).fix(120.34, LAT, { seals: [{ id: 'S1', state: 'tampered' }, LOCKED[1]] });
  const a = sim.alerts('seal_tamper');
  assert.equal(a.length, 1);
  assert.equal(a[0].severity, 'critical');
  assert.equal(a[0].alertId, `${TRIP}:seal_tamper:1`);
  assert.equal(a[0].detail.sealId, 'S1');
  assert.equal(a[0].detail.containerNo, 'CSQU3054383');
  assert.deepEqual(a[0].cnNos, ['CN25000001']);
});

test('engine: tamper while sealed at the origin, before departure', () => {
  const sim = new Sim().setup({ stayAtOrigin: true });
  assert.equal(sim.tripState(), 'sealed');
  sim.wait(30).fix(120.3, LAT, { speedKmh: 0, seals: [{ id: 'S1', state: 'free' }, LOCKED[1]] });
  assert.equal(sim.alerts('seal_tamper').length, 1);
});

test('engine: before the trip is sealed, seals come and go freely', () => {
  const sim = new Sim();
  sim.setup({ stayAtOrigin: true, note: { containers: [{ no: 'CSQU3054383', sealType: 'truck_eseal', sealNos: ['S1', 'S3'] }] } });
  assert.equal(sim.tripState(), 'planned', 'S3 has not reported');
  sim.wait(30).fix(120.3, LAT, { speedKmh: 0, seals: [{ id: 'S1', state: 'unlocked' }] });
  assert.equal(sim.alerts('seal_tamper').length, 0);
});

test('engine: a manual (authorised) unseal sends unlock and the opening is not tamper', () => {
  const sim = new Sim().setup();
  const out = sim.wait(60).apply('unseal', { sealId: 'S2', by: 'officer', reason: 'inspection' });
  assert.deepEqual(out.map((o) => o.data), [{ deviceId: 'S2', command: 'unlock', tripId: TRIP }]);
  sim.wait(30).apply('telemetry', { deviceId: 'S2', ts: iso(sim.t), state: 'unlocked' });
  sim.wait(30).fix(120.32, LAT, { seals: [LOCKED[0], { id: 'S2', state: 'unlocked' }] });
  assert.equal(sim.alerts('seal_tamper').length, 0);
  // Relocked after the inspection: the authorisation is used up.
  sim.wait(30).fix(120.325, LAT, { seals: LOCKED });
  sim.wait(30).fix(120.33, LAT, { seals: [LOCKED[0], { id: 'S2', state: 'unlocked' }] });
  assert.equal(sim.alerts('seal_tamper').length, 1);
});

test('engine: unlocking at the destination after arrival is expected; the trip closes', () => {
  const sim = new Sim().setup();
  sim.drive(120.31, 120.4);
  assert.equal(sim.tripState(), 'arrived');
  const out = sim.wait(60).fix(120.4, LAT, { seals: [{ id: 'S1', state: 'unlocked' }, { id: 'S2', state: 'unlocked' }] });
  assert.deepEqual(types(out), ['trip:closed']);
  assert.equal(sim.alerts('seal_tamper').length, 0);
});

test('engine: a seal report from its own uplink inside the destination area is not tamper', () => {
  const sim = new Sim().setup();
  sim.drive(120.31, 120.39);
  sim.wait(30).apply('telemetry', { deviceId: 'S1', ts: iso(sim.t), lat: LAT, lon: 120.398, state: 'unlocked' });
  assert.equal(sim.alerts('seal_tamper').length, 0);
});

test('engine: an out-of-order report carrying an explicit tamper still raises it', () => {
  const sim = new Sim().setup();
  sim.wait(60).fix(120.32, LAT);
  // The seal's own uplink, delayed: its fix time is before the OBU's last word about the seal.
  const late = sim.wait(5).apply('telemetry', { deviceId: 'S1', ts: iso(sim.t - 35_000), state: 'tampered' });
  assert.equal(late.length, 1);
  assert.equal(sim.alerts('seal_tamper')[0].detail.late, true);
  // An out-of-order `unlocked` (not an explicit tamper) changes nothing.
  const sim2 = new Sim().setup();
  sim2.wait(60).fix(120.32, LAT);
  sim2.wait(60).fix(120.33, LAT);
  assert.equal(sim2.wait(5).fix(120.325, LAT, { seals: S1_UNLOCKED }, sim2.t - 70_000).length, 0);
  assert.equal(sim2.alerts('seal_tamper').length, 0);
});

test('engine: exact duplicate reports change nothing', () => {
  const sim = new Sim().setup();
  const ts = sim.t + 60_000;
  sim.wait(60).fix(120.32, LAT, { seals: S1_UNLOCKED }, ts);
  assert.equal(sim.fix(120.32, LAT, { seals: S1_UNLOCKED }, ts).length, 0);
  assert.equal(sim.alerts('seal_tamper').length, 1);
});

test('engine: both seals of a truck opened in one report are one alert naming both', () => {
  const sim = new Sim().setup();
  sim.wait(60).fix(120.32, LAT, { seals: [{ id: 'S1', state: 'tampered' }, { id: 'S2', state: 'unlocked' }] });
  const a = sim.alerts('seal_tamper');
  assert.equal(a.length, 1);
  assert.equal(a[0].detail.sealId, 'S1', 'the first seal stays the alert\'s seal id');
  assert.deepEqual(a[0].detail.sealIds, ['S1', 'S2']);
});

test('engine: a second seal opening a minute later joins the alert with an update, not a new alert', () => {
  const sim = new Sim().setup();
  sim.wait(60).apply('telemetry', { deviceId: 'S1', ts: iso(sim.t), state: 'tampered' });
  const out = sim.wait(60).apply('telemetry', { deviceId: 'S2', ts: iso(sim.t), state: 'unlocked' });
  const a = sim.alerts('seal_tamper');
  assert.equal(a.length, 1);
  assert.deepEqual(a[0].detail.sealIds, ['S1']);
  assert.deepEqual(out.filter((o) => o.type === 'alertUpdated').map((o) => o.data), [
    { alertId: `${TRIP}:seal_tamper:1`, alertType: 'seal_tamper', tripId: TRIP, detail: { sealIds: ['S1', 'S2'] } },
  ]);
});

test('engine: seals opened far apart in time, or one seal opened twice, are separate alerts', () => {
  const sim = new Sim().setup();
  sim.wait(60).apply('telemetry', { deviceId: 'S1', ts: iso(sim.t), state: 'tampered' });
  sim.wait(20 * 60).apply('telemetry', { deviceId: 'S2', ts: iso(sim.t), state: 'unlocked' });
  assert.equal(sim.alerts('seal_tamper').length, 2);
  sim.wait(30).apply('telemetry', { deviceId: 'S2', ts: iso(sim.t), state: 'locked' });
  sim.wait(30).apply('telemetry', { deviceId: 'S2', ts: iso(sim.t), state: 'unlocked' });
  assert.equal(sim.alerts('seal_tamper').length, 3);
});
