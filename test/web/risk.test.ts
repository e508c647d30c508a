// The risk workbench in a real browser: an officer sees the score distribution, explores by
// importer, reads the top-risk declarations with their reasons and container links, selects the
// month's inspections and records an outcome, which the drift report counts, and puts a driver on
// the watchlist.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/audit/trail.ts';
import { parseDeclarationsCsv } from '../../src/risk/declarations.ts';
import { importHistory } from '../../src/risk/service.ts';
import { cannotRun, login, openNav, startHarness, type Harness, type WatchedPage } from './harness.ts';

const DATA = join(import.meta.dirname, '..', '..', 'data', 'customs-declarations');
const csv = (file: string, n: number) => parseDeclarationsCsv(readFileSync(join(DATA, file), 'utf8').split('\n').slice(0, n + 1).join('\n'));

describe('risk workbench in the browser', { timeout: 120_000 }, () => {
  let h: Harness;
  let w: WatchedPage;

  before(async () => {
    const why = cannotRun();
    assert.equal(why, null, why ?? '');
    h = await startHarness();
    // Earlier inspections (with outcomes) for the model to learn from.
    await importHistory(h.server.ctx, systemActor('test'), csv('train.csv', 400));
    await h.api('POST', '/risk/models', { name: '2020' });
    const live = csv('valid.csv', 40).map(({ fraud: _f, criticalFraud: _c, ...d }, i) => ({ ...d, ...(i < 40 ? { containerNos: ['CSQU3054383'] } : {}) }));
    await h.api('POST', '/risk/declarations', { declarations: live });
    w = await h.newPage();
  });

  after(async () => {
    await h?.close();
  });

  it('shows scores, reasons, aspects, selection, outcomes and drift', async () => {
    await login(w, h);
    await openNav(w.page, 'risk');
    await w.page.waitForSelector('[data-testid=risk-declaration]');
    assert.equal(await w.page.locator('[data-testid=risk-histogram] [data-bin]').count(), 20);
    assert.match((await w.page.textContent('[data-testid=risk-count]')) ?? '', /40 件申報/);
    assert.equal(await w.page.locator('[data-testid=risk-declaration]').count(), 40);
    const scores = await w.page.locator('[data-testid=risk-declaration] strong').allTextContents();
    assert.deepEqual([...scores].sort((a, b) => Number(b) - Number(a)), scores, 'riskiest first');
    assert.match((await w.page.textContent('[data-testid=risk-top]')) ?? '', /違規率|單價|無過往申報紀錄/);
    assert.equal(await w.page.getAttribute('[data-testid=risk-container-link] >> nth=0', 'href'), '#/containers/CSQU3054383');
    await w.page.screenshot({ path: 'test-artifacts/web/risk-01-workbench.png' });

    // Explore by importer: a row filters the list.
    const first = w.page.locator('[data-testid=risk-aspect-row]').first();
    const importer = ((await first.locator('td').first().textContent()) ?? '').trim();
    await first.click();
    await w.page.waitForSelector('[data-testid=risk-clear-filter]');
    await w.page.waitForFunction((n) => document.querySelectorAll('[data-testid=risk-declaration]').length < n, 40);
    const importers = await w.page.locator('[data-testid=risk-declaration] td:nth-child(3)').allTextContents();
    assert.ok(importers.length >= 1 && importers.every((x) => x === importer));
    await w.page.click('[data-testid=risk-clear-filter]');

    // The month's selection, then an outcome.
    await w.page.fill('[data-testid=risk-month]', '2021-01');
    await w.page.fill('[data-testid=risk-selection] input >> nth=0', '10');
    await w.page.fill('[data-testid=risk-selection] input >> nth=1', '5');
    await w.page.click('[data-testid=risk-select]');
    await w.page.waitForSelector('[data-testid=risk-selection] [role=status]');
    assert.match((await w.page.textContent('[data-testid=risk-selection] [role=status]')) ?? '', /依分數 4 件，隨機 2 件/);
    await w.page.locator('[data-testid=risk-mark-fraud]').first().click();
    await w.page.waitForSelector('[data-testid=risk-outcome]');
    await w.page.waitForFunction(() => /依分數選查命中率 100%（1 件）/.test(document.querySelector('[data-testid=risk-drift]')?.textContent ?? ''));
    await w.page.screenshot({ path: 'test-artifacts/web/risk-02-selected.png' });

    // The watchlist: an officer puts a driver on it.
    await w.page.fill('[data-testid=risk-watch-id]', 'A123456789');
    await w.page.fill('[data-testid=risk-watch-reason]', '走私情資');
    await w.page.click('[data-testid=risk-watch-add]');
    await w.page.waitForSelector('[data-testid=risk-watch-entry]');
    assert.match((await w.page.textContent('[data-testid=risk-watch-entry]')) ?? '', /A123456789.*高風險.*走私情資/);
    const parties = await h.api('GET', '/risk/parties?driverId=A123456789');
    assert.equal(parties.level, 'high');
    assert.deepEqual(w.problems.take(), []);
  });
});
