// The pure parts of trip replay, vehicle history and the vehicle list, without a browser: stepping
// between fixes, the events on the slider, the chart's lines, the Taipei inputs and the list filters.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Alert } from '../../web/src/api/types.ts';
import { filterVehicles, NO_FILTERS, type VehicleRow } from '../../web/src/fleet/vehicleFilter.ts';
import { fromTaipeiInput, toTaipeiInput } from '../../web/src/history/taipeiTime.ts';
import { seriesPath, speedScale } from '../../web/src/trips/chartSeries.ts';
import { stepTime, timedTrack } from '../../web/src/trips/replay.ts';
import { gatePassagesOf, replayEvents, sliderFraction, type ReplayFix } from '../../web/src/trips/replayEvents.ts';

const T0 = Date.parse('2025-03-05T06:00:00Z');
const fixes: ReplayFix[] = [0, 1, 2, 3].map((i) => ({
  ts: new Date(T0 + i * 60_000).toISOString(),
  lat: 22.6,
  lon: 120.3 + i * 0.01,
  speedKmh: [0, 40, 80, 30][i],
  battery: 90 - i,
  seals: [{ id: 'S1', state: i >= 2 ? 'tampered' : 'locked' }],
}));

describe('trip replay helpers', () => {
  const tt = timedTrack(fixes);

  it('steps onto the next and previous fix, from a fix or from between two', () => {
    assert.equal(stepTime(tt, T0, 1), T0 + 60_000);
    assert.equal(stepTime(tt, T0 + 90_000, 1), T0 + 120_000);
    assert.equal(stepTime(tt, T0 + 90_000, -1), T0 + 60_000, 'back from between goes to the fix passed');
    assert.equal(stepTime(tt, T0 + 120_000, -1), T0 + 60_000);
    assert.equal(stepTime(tt, T0, -1), null);
    assert.equal(stepTime(tt, T0 + 180_000, 1), null);
    assert.equal(stepTime(tt, T0 - 1, 1), T0, 'before the first fix, forward is the first');
    assert.equal(stepTime(timedTrack([]), T0, 1), null);
  });

  it('orders alerts, seal changes, reads, gate passages and state changes by time', () => {
    const alert = { alertType: 'seal_tamper', severity: 'critical', openedAt: new Date(T0 + 125_000).toISOString() } as Alert;
    const gates = gatePassagesOf({ gatePassages: [{ at: new Date(T0 + 30_000).toISOString(), facility: 'BK006', lane: 'OUT-1', direction: 'out' }, { facility: 'X' }] });
    const ev = replayEvents({
      track: fixes,
      alerts: [alert],
      reads: [{ readAt: new Date(T0 + 10_000).toISOString(), sealNo: 'P1', event: 'checked' } as never],
      history: [{ at: new Date(T0 - 5000).toISOString(), state: 'sealed', previousState: 'planned' }],
      gates,
    });
    assert.deepEqual(
      ev.map((e) => [e.kind, e.at - T0]),
      [['state', -5000], ['read', 10_000], ['gate', 30_000], ['seal', 120_000], ['alert', 125_000]],
    );
    assert.deepEqual(ev[3].args, { seal: 'S1', state: 'tampered' }, 'a seal change only where the reported state changes');
    assert.equal(sliderFraction(T0 - 5000, T0, T0 + 180_000), 0, 'before the track: at its start');
    assert.equal(sliderFraction(T0 + 90_000, T0, T0 + 180_000), 0.5);
  });

  it('draws a chart line per value, placed by time, thinned to one point per unit', () => {
    const pts = fixes.map((f) => ({ at: Date.parse(f.ts), value: f.speedKmh! }));
    assert.equal(speedScale(pts), 80);
    assert.equal(speedScale([{ at: 0, value: 81 }]), 100);
    assert.equal(seriesPath(pts, T0, T0 + 180_000, 80, 600, 80), 'M0.0 80.0 L200.0 40.0 L400.0 0.0 L600.0 50.0');
    const dense = Array.from({ length: 1000 }, (_, i) => ({ at: T0 + i, value: 50 }));
    assert.equal(seriesPath(dense, T0, T0 + 999, 100, 10, 10)!.split(/[ML]/).length - 1, 11, 'ten columns and the last point');
    assert.equal(seriesPath([], T0, T0 + 1, 1, 10, 10), null);
  });
});

describe('history range in Taipei time', () => {
  it('reads and writes the Taipei wall clock, whatever the zone of the browser', () => {
    assert.equal(toTaipeiInput(Date.parse('2025-03-05T16:30:00Z')), '2025-03-06T00:30');
    assert.equal(fromTaipeiInput('2025-03-06T00:30'), Date.parse('2025-03-05T16:30:00Z'));
    assert.equal(fromTaipeiInput('2025-03-05T16:30:00Z'), Date.parse('2025-03-05T16:30:00Z'));
    assert.ok(Number.isNaN(fromTaipeiInput('yesterday')));
    assert.ok(Number.isNaN(fromTaipeiInput(undefined)));
  });
});

describe('vehicle list filters', () => {
  const row = (plate: string, extra: Partial<VehicleRow>): VehicleRow => ({
    plate, tripId: null, state: null, routeCode: null, companyUbn: null, worstAlert: null, cnNos: [], containerNos: [], lat: 0, lon: 0, ts: '', ...extra,
  });
  const rows = [
    row('KNA6001', { tripId: 'T1', state: 'in_transit', routeCode: 'R1', companyUbn: '12345675', worstAlert: 'medium', cnNos: ['CN1'], containerNos: ['CSQU3054001'] }),
    row('KNA6002', { tripId: 'T2', state: 'sealed', routeCode: 'R2', worstAlert: 'critical' }),
    row('KNA6003', {}),
  ];
  const plates = (f: Partial<typeof NO_FILTERS>) => filterVehicles(rows, { ...NO_FILTERS, ...f }).map((r) => r.plate);

  it('combines state, route, company, alert and text, the worst alert first', () => {
    assert.deepEqual(plates({}), ['KNA6002', 'KNA6001', 'KNA6003']);
    assert.deepEqual(plates({ state: 'in_transit' }), ['KNA6001']);
    assert.deepEqual(plates({ state: 'none' }), ['KNA6003']);
    assert.deepEqual(plates({ route: 'R2' }), ['KNA6002']);
    assert.deepEqual(plates({ company: '12345675' }), ['KNA6001']);
    assert.deepEqual(plates({ alert: 'any' }), ['KNA6002', 'KNA6001']);
    assert.deepEqual(plates({ alert: 'high' }), ['KNA6002'], 'at least as bad as high');
    assert.deepEqual(plates({ alert: 'none' }), ['KNA6003']);
    assert.deepEqual(plates({ text: 'kna-6003' }), ['KNA6003']);
    assert.deepEqual(plates({ text: 'cn1' }), ['KNA6001']);
    assert.deepEqual(plates({ text: '3054001' }), ['KNA6001']);
    assert.deepEqual(plates({ state: 'in_transit', alert: 'critical' }), []);
  });
});
