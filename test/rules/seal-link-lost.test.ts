import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_ALERT_PARAMS } from '../../src/core/alert-params.ts';
import { CLEAR, NONE, START } from '../../src/core/rules/actions.ts';
import { onLinkReport, onLinkWake } from '../../src/core/rules/seal-link-lost.ts';
import { LAT, LOCKED, Sim, TRIP, types } from '../engine/scenario.ts';

const P = DEFAULT_ALERT_PARAMS;
const S1_LOST = [{ id: 'S1', state: 'locked', link: 'lost' }, LOCKED[1]];

test('rule: lost for 60 s opens; ok clears', () => {
  const s = { linkLostSinceMs: NaN, linkOpen: false };
  assert.equal(onLinkReport(s, 'lost', 0), START);
  assert.equal(onLinkReport(s, 'lost', 30_000), NONE);
  assert.equal(onLinkWake(s, 59_999, P), false);
  assert.equal(onLinkWake(s, 60_000, P), true);
  assert.equal(onLinkReport(s, 'ok', 90_000), CLEAR);
  assert.equal(onLinkReport(s, 'ok', 95_000), NONE);
});

test('engine: a seal out of Bluetooth reach for a minute raises one alert; ok clears it', () => {
  const sim = new Sim().setup();
  sim.wait(30).fix(120.315, LAT, { seals: S1_LOST });
  sim.wait(30).fix(120.32, LAT, { seals: S1_LOST });
  const out = sim.wait(30).fix(120.325, LAT, { seals: S1_LOST });
  assert.deepEqual(types(out), ['alert:seal_link_lost']);
  assert.equal(sim.alerts('seal_link_lost')[0].alertId, `${TRIP}:seal_link_lost:1`);
  assert.equal(sim.alerts('seal_link_lost')[0].detail.sealId, 'S1');
  sim.wait(30).fix(120.33, LAT, { seals: S1_LOST });
  assert.equal(sim.alerts('seal_link_lost').length, 1);
  assert.deepEqual(types(sim.wait(30).fix(120.335, LAT)), ['cleared:seal_link_lost']);
});

test('engine: a brief drop is not an alert', () => {
  const sim = new Sim().setup();
  sim.wait(20).fix(120.315, LAT, { seals: S1_LOST });
  sim.wait(20).fix(120.32, LAT);
  sim.wait(60).fix(120.325, LAT);
  sim.wait(60).tick();
  assert.equal(sim.alerts('seal_link_lost').length, 0);
});

test('engine: the alert ends with the trip', () => {
  const sim = new Sim().setup();
  sim.wait(60).fix(120.32, LAT, { seals: S1_LOST });
  sim.wait(70).fix(120.33, LAT, { seals: S1_LOST });
  sim.drive(120.33, 120.4);
  sim.wait(60).fix(120.4, LAT, { seals: [{ id: 'S1', state: 'unlocked', link: 'lost' }, { id: 'S2', state: 'unlocked' }] });
  assert.equal(sim.tripState(), 'closed');
  assert.deepEqual(sim.cleared('seal_link_lost'), [`${TRIP}:seal_link_lost:1`]);
});

test('rule: a lost link that spans a platform restart counts from the restart', () => {
  const s = { linkLostSinceMs: NaN, linkOpen: false };
  onLinkReport(s, 'lost', 0);
  assert.equal(onLinkWake(s, 3_600_000, P, 3_600_000), false);
  assert.equal(onLinkWake(s, 3_659_999, P, 3_600_000), false);
  assert.equal(onLinkWake(s, 3_660_000, P, 3_600_000), true);
});

test('engine: a seal reported lost before the platform went down is not alerted on at the restart', () => {
  const sim = new Sim().setup();
  sim.wait(30).fix(120.315, LAT, { seals: S1_LOST });
  sim.wait(3600);
  assert.deepEqual(types(sim.apply('platformResumed', { lastInputAt: null })), []);
  // The OBU reports the link back within the minute: nothing was ever lost for long while listened to.
  sim.wait(40).fix(120.32, LAT, { seals: [{ id: 'S1', state: 'locked', link: 'ok' }, LOCKED[1]] });
  for (let i = 0; i < 5; i++) sim.wait(30).tick();
  assert.equal(sim.alerts('seal_link_lost').length, 0);
});
