import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getTrip } from '../../src/engine/index.ts';
import { LAT, Sim, TRIP } from './scenario.ts';

/** Parks the truck on the shoulder for `minutes` (one fix a minute); returns the minute of the stop alert, if any. */
function park(sim: Sim, minutes: number, at?: { minute: number; params: Record<string, number> }): number | null {
  const start = sim.t;
  for (let i = 1; i <= minutes; i++) {
    if (at && at.minute === i) sim.apply('alertParams', at.params);
    sim.wait(60).fix(120.3225, LAT + 0.0003, { speedKmh: 0 });
    const a = sim.alerts('abnormal_stop');
    if (a.length) return Math.round((sim.t - start) / 60_000);
  }
  return null;
}

test('engine: lowering the global stop threshold takes effect for a trip already under way', () => {
  const sim = new Sim().setup();
  sim.wait(60).fix(120.32, LAT);
  const minute = park(sim, 20, { minute: 3, params: { stopMinMinutes: 8 } });
  assert.ok(minute !== null && minute <= 10, `stop alert after ${minute} min, expected by 10`);
  assert.equal(getTrip(sim.st, TRIP)?.state, 'in_transit');
});

test('engine: raising the global threshold delays the alert; a route override still wins', () => {
  const raised = new Sim().setup();
  raised.wait(60).fix(120.32, LAT);
  assert.equal(park(raised, 20, { minute: 1, params: { stopMinMinutes: 30 } }), null, 'no alert within 20 min at 30 min');

  const routeWins = new Sim().setup({ route: { alertParams: { stopMinMinutes: 12 } } });
  routeWins.wait(60).fix(120.32, LAT);
  const minute = park(routeWins, 20, { minute: 1, params: { stopMinMinutes: 30 } });
  assert.ok(minute !== null && minute >= 12 && minute <= 14, `route's 12 min applies, alert at ${minute}`);
});

test('engine: an empty global set restores the defaults', () => {
  const sim = new Sim({ stopMinMinutes: 5 }).setup();
  sim.apply('alertParams', {});
  sim.wait(60).fix(120.32, LAT);
  const minute = park(sim, 20);
  assert.ok(minute !== null && minute >= 15, `default 15 min applies, alert at ${minute}`);
});
