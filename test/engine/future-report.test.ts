// A report dated far ahead of the time it is received (a device clock gone wrong, year 9999) must
// not become the device's clock: every real report after it would be "late", and a seal opened on
// the road would go unseen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_REPORT_AHEAD_MS } from '../../src/engine/clock.ts';
import { LAT, LOCKED, Sim } from './scenario.ts';

const S1_UNLOCKED = [{ id: 'S1', state: 'unlocked', link: 'ok' }, LOCKED[1]];

test('engine: after a report dated 9999, a seal opened on the road still alerts and positions still move', () => {
  const sim = new Sim().setup();
  sim.wait(60).fix(120.32, LAT);
  sim.wait(60).apply('telemetry', { deviceId: 'OBU1', ts: '9999-12-31T23:59:59Z', lat: LAT, lon: 120.33, speedKmh: 40, hdop: 1, seals: LOCKED });
  sim.wait(60).fix(120.34, LAT, { seals: S1_UNLOCKED });
  const a = sim.alerts('seal_tamper');
  assert.equal(a.length, 1, 'the opened seal is seen');
  assert.equal(a[0].detail.sealId, 'S1');
  assert.equal(a[0].detail.late, false);
  assert.equal(sim.st.devices.get('OBU1')?.lon, 120.34, 'the real fix is the live position');
});

test('engine: a seal uplink dated far ahead does not hide the seal opening after it', () => {
  const sim = new Sim().setup();
  sim.wait(60).apply('telemetry', { deviceId: 'S1', ts: '9999-12-31T23:59:59Z', state: 'locked' });
  sim.wait(60).apply('telemetry', { deviceId: 'S1', ts: new Date(sim.t).toISOString(), state: 'unlocked' });
  assert.equal(sim.alerts('seal_tamper').length, 1);
});

test('engine: a fix time just within the allowed skew ahead of the clock is an ordinary report', () => {
  const sim = new Sim().setup();
  sim.wait(60).fix(120.32, LAT, {}, sim.t + MAX_REPORT_AHEAD_MS - 1000);
  assert.equal(sim.st.devices.get('OBU1')?.lon, 120.32);
});
