// A passive-seal trip in the Joint Management Center, in a real browser against the real server:
// a truck with no OBU whose containers carry passive seals is read at the origin (with a photo of
// the door), leaves by the gate with one seal not applied, is read at a rest area off its trip, a
// lane at the checkpoint finds a foreign seal on a container, and a seal is removed there. The
// officer sees the four alerts in the queue with their labels and what to do, and the trip point to
// point: last read, next point and its deadline, the reads with their photo on the timeline, and
// the dashed line on the map. Screenshots go to test-artifacts/web/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CUSTOMS_UBN } from '../../src/store/bootstrap.ts';
import { doorPhoto, eventually } from '../field/harness.ts';
import { containerNo, nationalId } from './fleet.ts';
import { cannotRun, loadSampleReference, login, startHarness, waitForAsync, type Harness, type WatchedPage } from './harness.ts';

const ROUTE = 'RT-BK006-BY010';
const [ORIGIN, DESTINATION, CHECKPOINT, REST_AREA] = ['BK006', 'BY010', 'BX100', 'HR001'];

describe('passive-seal trip in the console', { timeout: 120_000 }, () => {
  let h: Harness;
  let w: WatchedPage;
  let tripId: string;
  const plate = 'KNA7101';
  const cnNo = 'CN114071010';
  const [boxA, boxB] = [containerNo('CSQ', 710100), containerNo('CSQ', 710101)];
  const [sealA, sealB] = ['PS-7101-A', 'PS-7101-B'];

  const read = (body: Record<string, unknown>) => h.api('POST', '/seal-reads', { reader: 'handheld', ...body });

  before(async () => {
    const why = cannotRun();
    assert.equal(why, null, why ?? '');
    h = await startHarness();
    await loadSampleReference(h);
    // A trip left with a seal not applied is told at once.
    await h.api('PUT', '/settings/alert-params', { unsealedReadGraceMin: 0 });
    const driverId = nationalId('A', 7101000);
    await h.api('POST', '/vehicles', { plate, kind: 'tractor', category: 1 });
    await h.api('POST', '/drivers', { nationalId: driverId, name: '陳建國', plates: [plate] });
    await h.api('POST', '/transport-notes', {
      cnNo,
      function: '9',
      senderUbn: CUSTOMS_UBN,
      origin: ORIGIN,
      destination: DESTINATION,
      routeCode: ROUTE,
      containers: [
        { no: boxA, sealType: 'eseal', sealNos: [sealA] },
        { no: boxB, sealType: 'epaper_seal', sealNos: [sealB] },
      ],
      plate,
      driverId,
      transportCategory: 1,
      releaseCode: '1',
      requiresConfirmation: false,
    });
    // At the origin, seal A is applied with a photo of the door; seal B is forgotten.
    const form = new FormData();
    form.set('sealNo', sealA);
    form.set('photo', new Blob([new Uint8Array(doorPhoto(320, 240))], { type: 'image/png' }), 'door.png');
    const res = await fetch(`${h.base}/api/v1/seal-reads/photos`, { method: 'POST', headers: { authorization: `Bearer ${h.adminKey}` }, body: form });
    assert.equal(res.status, 201, await res.clone().text());
    const photo = (await res.json()) as { id: string };
    const t0 = Date.now() - 20 * 60_000;
    const at = (min: number) => new Date(t0 + min * 60_000).toISOString();
    await read({ readId: 'pt-1', sealNo: sealA, event: 'applied', facility: ORIGIN, containerNo: boxA, readAt: at(0), photoId: photo.id, reader: 'phone_camera' });
    // The truck leaves by the gate (departed_unsealed: B was never applied).
    await h.api('POST', '/gate-events', { facility: ORIGIN, lane: 'OUT-2', direction: 'out', plate, containerNos: [boxA, boxB], source: 'ocr' });
    // Read at a rest area off its trip (seal_read_elsewhere).
    await read({ readId: 'pt-2', sealNo: sealA, event: 'checked', facility: REST_AREA, containerNo: boxA, readAt: new Date().toISOString() });
    // The checkpoint's lane finds a foreign seal on container B (seal_mismatch).
    await h.api('POST', '/gate-events', { facility: CHECKPOINT, lane: 'IN-1', direction: 'in', plate, containerNos: [boxB], sealNos: ['PS-9999-X'], source: 'ocr' });
    // Seal A is cut at the checkpoint, before arrival (seal_tamper).
    await read({ readId: 'pt-3', sealNo: sealA, event: 'removed', facility: CHECKPOINT, containerNo: boxA, readAt: new Date().toISOString() });
    const trips = await h.api<any>('GET', `/trips?plate=${plate}`);
    tripId = (Array.isArray(trips) ? trips : trips.items ?? trips.trips)[0].tripId;
    w = await h.newPage();
  });

  after(async () => {
    await h?.close();
  });

  it('shows the passive-seal alerts in the queue, labelled, with what to do', async () => {
    await login(w, h);
    await w.page.goto(`${h.base}/#/alerts`);
    for (const type of ['departed_unsealed', 'seal_read_elsewhere', 'seal_mismatch', 'seal_tamper']) {
      await w.page.waitForSelector(`[data-testid=alert-card][data-alert-type=${type}]`, { timeout: 15_000 });
    }
    const queue = (await w.page.textContent('body')) ?? '';
    for (const label of ['未加封即離站', '封條於他處讀取', '封條號碼不符', '封條異常']) assert.ok(queue.includes(label), label);
    const mismatch = w.page.locator('[data-testid=alert-card][data-alert-type=seal_mismatch]');
    await mismatch.locator('.alert-head').click();
    await mismatch.locator('[data-testid=passive-alert-detail]').waitFor();
    const detail = (await mismatch.locator('[data-testid=passive-alert-detail]').textContent()) ?? '';
    assert.match(detail, /PS-9999-X/);
    assert.match(detail, new RegExp(sealB));
    assert.match(detail, /建議處置/);
    await w.shot('passive-01-alert-mismatch');
    // The usual actions work on them.
    await mismatch.locator('[data-testid=ack-button]').click();
    await w.page.waitForSelector('[data-testid=alert-card][data-alert-type=seal_mismatch][data-status=acknowledged]');
    assert.deepEqual(w.problems.take(), []);
  });

  it('shows the trip point to point: last read, next point and deadline, reads with photos, the map', async () => {
    await w.page.goto(`${h.base}/#/trips/${encodeURIComponent(tripId)}`);
    await w.page.waitForSelector('[data-testid=p2p]');
    assert.match((await w.page.textContent('[data-testid=p2p-last]')) ?? '', new RegExp(CHECKPOINT));
    assert.match((await w.page.textContent('[data-testid=p2p-next]')) ?? '', new RegExp(`${DESTINATION}.*運往站`));
    assert.match((await w.page.textContent('[data-testid=p2p-due]')) ?? '', /\d\d:\d\d/);
    const reads = w.page.locator('[data-testid=timeline-read]');
    assert.equal(await reads.count(), 3);
    assert.deepEqual(await reads.evaluateAll((els) => els.map((e) => e.getAttribute('data-event'))), ['applied', 'checked', 'removed']);
    await w.page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid=read-photo]');
      return !!img && img.complete && img.naturalWidth > 0;
    });
    await w.page.waitForSelector('[data-testid=trip-map][data-ready="1"]');
    const map = await w.page.evaluate(async () => {
      const m = (window as any).__swTripMap;
      const points = await m.getSource('p2p-points').getData();
      const line = await m.getSource('p2p-line').getData();
      const next = points.features.find((f: any) => f.properties.role === 'next');
      return { roles: points.features.map((f: any) => f.properties.role).sort(), lines: line.features.length, nextLabel: next?.properties.label };
    });
    assert.deepEqual(map.roles, ['last', 'next', 'read', 'read', 'read']);
    assert.match(map.nextLabel, /^label:應於 \d\d:\d\d 前讀取$/, 'the next point says by when');
    assert.equal(map.lines, 1);
    await w.shot('passive-02-trip-point-to-point');
    await w.page.click('[data-testid=lang-switch]');
    await w.page.waitForSelector('text=Point to point');
    assert.match((await w.page.textContent('[data-testid=p2p-next]')) ?? '', /destination/);
    await waitForAsync(w.page, async () => {
      const next = (await (window as any).__swTripMap.getSource('p2p-points').getData()).features.find((f: any) => f.properties.role === 'next');
      return next?.properties.label?.startsWith('label:Read by');
    });
    await w.page.waitForTimeout(500); // the map draws the new labels
    await w.shot('passive-03-trip-point-to-point-en');
    assert.deepEqual(w.problems.take(), []);
  });

  it('draws the passive trip point to point on the live map, where it has no vehicle', async () => {
    await w.page.goto(`${h.base}/#/map`);
    await w.page.waitForSelector('[data-testid=live-map][data-ready="1"]');
    const drawn = async (id: string) =>
      w.page.evaluate(async (trip) => {
        const m = (window as any).__swMap;
        const points = (await m.getSource('live-p2p-points').getData()).features.filter((f: any) => f.properties.tripId === trip);
        const lines = (await m.getSource('live-p2p-line').getData()).features.filter((f: any) => f.properties.tripId === trip);
        return points.length === 2 && lines.length === 1 ? (points.map((f: any) => `${f.properties.role} ${f.properties.label}`).sort() as string[]) : null;
      }, id);
    const [last, next] = await eventually(() => drawn(tripId), 15_000, 'the trip on the live map');
    assert.match(last, new RegExp(`^last label:${plate} · Last read \\d\\d:\\d\\d$`));
    assert.match(next, new RegExp(`^next label:${plate} · Read by \\d\\d:\\d\\d$`));
    await w.page.evaluate(() => (window as any).__swMap.jumpTo({ center: [120.33, 22.57], zoom: 10 }));
    await w.page.waitForFunction(() => (window as any).__swMap.queryRenderedFeatures({ layers: ['live-p2p-labels'] }).length >= 1, undefined, { timeout: 10_000 });
    await w.shot('passive-04-live-map-en');
    assert.deepEqual(w.problems.take(), []);
  });
});
