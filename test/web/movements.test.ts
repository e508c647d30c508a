// Container movements in the monitoring centre, in a real browser against the real server: the
// exception list an officer works through, a container's page (timeline and map), the lane view
// where a held truck is released with a reason, and the port traffic chart.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cannotRun, liveMonitoring, login, startHarness, type Harness, type WatchedPage } from './harness.ts';

const square = (lon: number, lat: number, half = 0.005) => ({
  type: 'Polygon', coordinates: [[[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half], [lon - half, lat + half], [lon - half, lat - half]]],
});
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const HELD = 'MSCU1234566';
const FREE = 'TGHU1234567';

describe('container movements in the browser', { timeout: 120_000 }, () => {
  let h: Harness;
  let w: WatchedPage;

  before(async () => {
    const why = cannotRun();
    assert.equal(why, null, why ?? '');
    h = await startHarness();
    assert.ok(liveMonitoring(h), 'the monitoring engine must be running');
    await h.api('POST', '/facilities', { code: 'KHT1', name: '高雄港第一貨櫃中心 (Kaohsiung Terminal 1)', kind: 'port_terminal', area: square(120.3, 22.6) });
    await h.api('POST', '/facilities', { code: 'KHY9', name: '大寮貨櫃場 (Daliao Yard)', kind: 'container_yard', area: square(120.4, 22.6) });
    await h.api('POST', '/clearances', {
      records: [
        { declarationNo: 'AA13100001', kind: 'import', containerNos: [HELD], status: 'declared', statusAt: new Date().toISOString() },
        { declarationNo: 'AA13100002', kind: 'import', containerNos: [FREE], status: 'released', statusAt: new Date().toISOString() },
      ],
    });
    await h.api('POST', '/yard-events', { events: [
      { facility: 'KHT1', containerNo: HELD, event: 'discharged', equipmentId: 'QC-01' },
      { facility: 'KHT1', containerNo: HELD, event: 'moved', position: 'A1-03-02-1' },
    ] });
    const res = await fetch(`${h.base}/api/v1/gate-events/images?containerNo=${HELD}`, {
      method: 'POST', headers: { authorization: `Bearer ${h.adminKey}`, 'content-type': 'image/png' }, body: PNG,
    });
    assert.equal(res.status, 201);
    const image = ((await res.json()) as { id: string }).id;
    await h.api('POST', '/risk/watchlist', { kind: 'vehicle', partyId: 'KLA7002', level: 'high', reason: 'tip-off on a swapped container' });
    const hold = await h.api('POST', '/gate-events', {
      facility: 'KHT1', lane: 'OUT-2', direction: 'out', plate: 'KLA7002', containerNos: [HELD], source: 'ocr', images: [image], confidence: { plate: 0.97, containers: [0.95] },
    });
    assert.equal(hold.decision, 'hold');
    const pass = await h.api('POST', '/gate-events', { facility: 'KHT1', lane: 'OUT-1', direction: 'out', plate: 'KLA7003', containerNos: [FREE], source: 'ocr' });
    assert.equal(pass.decision, 'pass');
    w = await h.newPage();
    await login(w, h);
  });

  after(async () => {
    await h?.close();
  });

  it('lists the movement exception and works it through from the container page', async () => {
    await w.page.goto(`${h.base}/#/exceptions`);
    const row = w.page.locator('[data-testid=exception-row][data-alert-type=gate_out_unreleased]');
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /未放行即出站.*MSCU1234566.*KLA7002/);
    await row.locator('[data-testid=exception-container]').click();
    await w.page.waitForSelector('[data-testid=container-page][data-container=MSCU1234566]');
    const kinds = await w.page.locator('[data-testid=timeline-entry]').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    assert.deepEqual(kinds, ['clearance_declared', 'discharged', 'moved', 'gate_out']);
    assert.equal(await w.page.getAttribute('[data-testid=container-status]', 'data-status'), 'gate_out');
    await w.page.waitForSelector('[data-testid=container-map][data-ready="1"][data-places="1"]');
    await w.shot('movements-01-container');
    await w.page.goBack();
    await row.locator('[data-testid=exception-ack]').click();
    await w.page.waitForSelector('[data-testid=exception-row][data-status=acknowledged]');
    await w.page.fill('[data-testid=exception-note]', '報單已補正，貨主說明');
    await w.page.click('[data-testid=exception-resolve]');
    await w.page.waitForSelector('[data-testid=exceptions-empty]');
    assert.deepEqual(w.problems.take(), []);
  });

  it('shows each lane with its passages, and an officer releases the held truck with a reason', async () => {
    await w.page.goto(`${h.base}/#/lanes`);
    await w.page.waitForSelector('[data-testid=lane][data-lane="KHT1/OUT-1"] [data-testid=passage][data-decision=pass]');
    await w.page.waitForSelector('[data-testid=passage-image]');
    const hold = w.page.locator('[data-testid=hold]');
    assert.equal(await hold.count(), 1);
    // The watched truck carries its risk badge at the lane; the ordinary one none.
    await w.page.waitForSelector('[data-testid=lane][data-lane="KHT1/OUT-2"] [data-testid=passage] [data-testid=party-risk][data-level=high]');
    assert.equal(await w.page.locator('[data-testid=lane][data-lane="KHT1/OUT-1"] [data-testid=party-risk]').count(), 0);
    await w.shot('movements-02-lanes');
    await hold.locator('[data-testid=hold-release]').click();
    await w.page.waitForSelector('text=請填寫理由');
    await hold.locator('[data-testid=hold-reason]').fill('已電話確認放行');
    await hold.locator('[data-testid=hold-release]').click();
    await w.page.waitForSelector('[data-testid=no-holds]');
    const audit = await h.api<any[]>('GET', '/audit?resource=gate_passage');
    assert.equal(audit[0].action, 'release');
    assert.deepEqual(w.problems.take(), []);
  });

  it('charts passages per hour and holds per lane', async () => {
    await w.page.goto(`${h.base}/#/traffic`);
    await w.page.waitForSelector('[data-testid=traffic-lane][data-lane="KHT1/OUT-2"]');
    const cells = await w.page.locator('[data-testid=traffic-facilities] tr[data-facility=KHT1] td').allTextContents();
    assert.deepEqual(cells, ['KHT1', '2', '1']);
    const bars = await w.page.locator('[data-testid=traffic-lane][data-lane="KHT1/OUT-2"] g[data-holds="1"]').count();
    assert.equal(bars, 1);
    await w.shot('movements-03-traffic');
    assert.deepEqual(w.problems.take(), []);
  });
});
