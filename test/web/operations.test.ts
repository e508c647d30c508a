// The operations views in a real browser: an officer runs a report (at once, and a year as a job
// with progress) and exports it, opens a case from two alerts, notes and refers it and downloads
// its evidence package, and raises, takes and resolves a service-desk ticket.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedOperations } from '../operations/fixtures.ts';
import { cannotRun, login, openNav, startHarness, type Harness, type WatchedPage } from './harness.ts';

describe('operations views in the browser', { timeout: 120_000 }, () => {
  let h: Harness;
  let w: WatchedPage;
  before(async () => {
    const why = cannotRun();
    assert.equal(why, null, why ?? '');
    h = await startHarness();
    await seedOperations(h.server.ctx.db);
    await h.api('POST', '/companies', { ubn: '12345692', name: '刑事警察局', roles: ['judicial'] });
    w = await h.newPage();
    await login(w, h);
  });
  after(async () => {
    await h?.close();
  });

  it('runs a report with a chart and exports it; a year runs as a job with progress', async () => {
    const { page } = w;
    await openNav(page, 'reports');
    await page.selectOption('[data-testid=report-kind]', 'alerts');
    await page.fill('[data-testid=report-from]', '2026-01-01');
    await page.fill('[data-testid=report-to]', '2026-02-28');
    await page.click('[data-testid=report-run]');
    await page.waitForSelector('[data-testid=report-table]');
    assert.equal(await page.locator('[data-testid=report-table] tbody tr').count(), 4);
    assert.deepEqual(await page.locator('svg.chart g').evaluateAll((gs) => gs.map((g) => [g.getAttribute('data-label'), g.getAttribute('data-value')])), [
      ['2026-01', '2'],
      ['2026-02', '2'],
    ]);
    const href = await page.getAttribute('[data-testid=export-xlsx]', 'href');
    const xlsx = await page.request.get(h.base + href!);
    assert.equal(xlsx.status(), 200);
    assert.match(xlsx.headers()['content-type'], /spreadsheetml/);
    await w.shot('ops-01-report');

    await page.fill('[data-testid=report-from]', '2025-03-01');
    await page.click('[data-testid=report-run]');
    await page.waitForSelector('[data-testid=report-table]');
    assert.equal(await page.locator('[data-testid=report-table] tbody tr').count(), 4);
    const pdf = await page.request.get(h.base + (await page.getAttribute('[data-testid=export-pdf]', 'href'))!);
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    assert.deepEqual(w.problems.take(), []);
  });

  it('opens a case from alerts, notes it, refers it and downloads the evidence package', async () => {
    const { page } = w;
    await openNav(page, 'cases');
    await page.fill('[data-testid=case-title]', '封條遭開啟');
    await page.fill('[data-testid=case-alerts]', 'A1, A2');
    await page.click('[data-testid=case-create]');
    await page.waitForSelector('[data-testid=case]');
    await page.fill('[data-testid=case-note]', '駕駛已到案說明');
    await page.click('[data-testid=case-add-note]');
    await page.waitForSelector('[data-testid=case-notes] li');
    await page.fill('[data-testid=case-judicial]', '12345692');
    await page.click('[data-testid=case-refer]');
    await page.waitForSelector('[data-testid=case-referred]');
    assert.equal(await page.textContent('[data-testid=case-status]'), '已移送');
    const zip = await page.request.get(h.base + (await page.getAttribute('[data-testid=case-evidence]', 'href'))!);
    assert.equal(zip.status(), 200);
    assert.equal(zip.headers()['content-type'], 'application/zip');
    await w.shot('ops-02-case');
    assert.deepEqual(w.problems.take(), []);
  });

  it('raises a ticket, takes it and resolves it, with its history', async () => {
    const { page } = w;
    await openNav(page, 'desk');
    await page.selectOption('[data-testid=ticket-category]', 'find_truck');
    await page.fill('[data-testid=ticket-subject]', '找不到合格保稅聯結車');
    await page.fill('[data-testid=ticket-body]', 'CD198 兩只貨櫃待運');
    await page.click('[data-testid=ticket-submit]');
    await page.waitForSelector('[data-testid=ticket]');
    await page.click('[data-testid=ticket-take]');
    await page.waitForSelector('[data-testid=ticket-history] li[data-kind=assigned]');
    assert.equal(await page.textContent('[data-testid=ticket-status]'), '處理中');
    await page.click('[data-testid=ticket-resolve]');
    await page.waitForSelector('[data-testid=ticket-history] li[data-kind=status]');
    assert.equal(await page.textContent('[data-testid=ticket-status]'), '已解決');
    await w.shot('ops-03-ticket');
    assert.deepEqual(w.problems.take(), []);
  });
});
