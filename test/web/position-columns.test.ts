// Live positions from the stream worker to the live store as columns, without a browser: one slot
// per vehicle, the latest fix per batch, vehicles named once, bad fixes dropped, and the store's
// vehicles updated in place from the columns.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LiveStore } from '../../web/src/live/store.ts';
import { PositionDecoder } from '../../web/src/live/position-columns.ts';

const fix = (plate: string, lon: number, lat: number, extra: Record<string, unknown> = {}) => ({ plate, lon, lat, ts: '2026-03-05T01:00:00.000Z', tripId: 'trp_1', ...extra });

describe('position columns', () => {
  it('keeps the latest fix per vehicle and names each vehicle once', () => {
    const d = new PositionDecoder();
    assert.ok(d.add(fix('KNA6001', 120.1, 22.5)));
    assert.ok(d.add(fix('KNA6002', 120.2, 22.6, { tripId: 'trp_2', speedKmh: 50 })));
    assert.ok(d.add(fix('KNA6001', 120.3, 22.7)));
    const a = d.take();
    assert.equal(a.columns.slot.length, 2);
    assert.deepEqual(a.identities.map((i) => [i.slot, i.plate, i.tripId]), [
      [0, 'KNA6001', 'trp_1'],
      [1, 'KNA6002', 'trp_2'],
    ]);
    const i = [...a.columns.slot].indexOf(0);
    assert.deepEqual([a.columns.lon[i], a.columns.lat[i]], [120.3, 22.7]);
    assert.ok(Number.isNaN(a.columns.speedKmh[i]), 'no speed reported');
    assert.equal(a.columns.speedKmh[[...a.columns.slot].indexOf(1)], 50);

    d.add(fix('KNA6001', 120.4, 22.8));
    d.add(fix('KNA6002', 120.5, 22.9, { tripId: 'trp_3' }));
    const b = d.take();
    assert.deepEqual(b.identities.map((x) => [x.slot, x.tripId]), [[1, 'trp_3']], 'only the vehicle whose trip changed is named again');
    assert.equal(d.take().columns.slot.length, 0, 'a take empties the batch');
  });

  it('drops fixes without a plate or a place on Earth', () => {
    const d = new PositionDecoder();
    assert.equal(d.add({ lon: 120, lat: 22, ts: 'x' }), false);
    assert.equal(d.add(fix('KNA6001', 200, 22)), false);
    assert.equal(d.add(fix('KNA6001', 120, Number.NaN)), false);
    assert.equal(d.add(null), false);
    assert.equal(d.size, 0);
  });

  it('updates the store’s vehicles in place, an older fix never over a newer one', () => {
    const d = new PositionDecoder();
    const store = new LiveStore();
    let notices = 0;
    store.subscribe('positions', () => notices++);
    d.add(fix('KNA6001', 120.1, 22.5, { speedKmh: 42 }));
    const a = d.take();
    store.applyColumns(a.columns, a.identities, 10, Date.parse('2026-03-05T01:00:00.000Z'));
    const v = store.vehicles.get('KNA6001')!;
    assert.deepEqual([v.lon, v.lat, v.speedKmh, v.tripId, v.ts], [120.1, 22.5, 42, 'trp_1', '2026-03-05T01:00:00.000Z']);
    assert.equal(notices, 1);
    assert.equal(store.pendingSince, 10);

    d.add(fix('KNA6001', 120.2, 22.6, { ts: '2026-03-05T01:00:05.000Z' }));
    const b = d.take();
    store.applyColumns(b.columns, b.identities, 20, null);
    assert.equal(store.vehicles.get('KNA6001'), v, 'the same object, updated');
    assert.deepEqual([v.lon, v.lat, v.speedKmh], [120.2, 22.6, undefined]);

    d.add(fix('KNA6001', 121, 23, { ts: '2026-03-05T00:59:00.000Z' }));
    const c = d.take();
    store.applyColumns(c.columns, c.identities, 30, null);
    assert.deepEqual([v.lon, v.lat], [120.2, 22.6], 'a late, older fix is ignored');
  });

  it('tells fleet views when a vehicle joins the map, not on every move', () => {
    const d = new PositionDecoder();
    const store = new LiveStore();
    let fleetNotices = 0;
    store.subscribe('trips', () => fleetNotices++);
    d.add(fix('KNA6001', 120.1, 22.5));
    d.add(fix('KNA6002', 120.2, 22.6, { tripId: 'trp_2' }));
    const a = d.take();
    store.applyColumns(a.columns, a.identities, 10, null);
    assert.equal(fleetNotices, 1, 'two vehicles arrive in one batch: one notice');

    d.add(fix('KNA6001', 120.3, 22.7, { ts: '2026-03-05T01:00:05.000Z' }));
    const b = d.take();
    store.applyColumns(b.columns, b.identities, 20, null);
    assert.equal(fleetNotices, 1, 'a known vehicle moving is no fleet change');

    store.apply({ type: 'position', data: fix('KNA6003', 120.4, 22.8, { tripId: 'trp_3' }) });
    assert.equal(fleetNotices, 2, 'a vehicle from a plain position message is one too');
    store.apply({ type: 'position', data: fix('KNA6003', 120.5, 22.9, { tripId: 'trp_3', ts: '2026-03-05T01:00:09.000Z' }) });
    assert.equal(fleetNotices, 2);
    assert.equal(store.vehicles.size, 3);
  });
});
