// The portal in a phone-sized browser, the trade's flows: a yard files a transport note through the
// form checked as it is typed and prints it (a PDF); a trader follows a declaration and sees its
// containers, each with its timeline; a supplier applies for a device type approval and sees it submitted;
// a fleet keeps its company's contact for the monitoring centre current.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Harness } from '../web/harness.ts';
import { PEOPLE, UBN, cannotRun, portalPage, startPortal } from './harness.ts';

const skip = cannotRun();

describe('portal: yard, trader, supplier, company contact', { skip: skip ?? false, timeout: 120_000 }, () => {
  let h: Harness;
  before(async () => {
    h = await startPortal();
    await h.api('POST', '/vehicles', { plate: 'KNA6001', kind: 'tractor', category: 1, fleetUbn: UBN });
    await h.api('POST', '/drivers', { nationalId: 'A123456789', name: '王大明', fleetUbn: UBN, plates: ['KNA6001'] });
  });
  after(() => h?.close());

  it('a yard files a CN checked as it types, sees it listed and prints it', async () => {
    const w = await portalPage(h, PEOPLE.yard.username);
    const { page } = w;
    await page.click('[data-testid=nav-yard]');
    const form = page.locator('[data-testid=cn-form]');
    await form.locator('input[name=cnNo]').fill('CN00000001');
    await form.locator('input[name=origin]').fill('BK004');
    await form.locator('input[name=destination]').fill('BY020');
    await form.locator('input[name=plate]').fill('KNA6001');
    await form.locator('input[name=driverId]').fill('A123456789');
    await form.locator('input[name=containerNo]').fill('CSQU3054384'); // a wrong check digit
    await form.locator('input[name=sealNos]').fill('ES-0001');
    await page.waitForSelector('[data-testid=error-containerNo]');
    assert.equal(await form.locator('button[type=submit]').isDisabled(), true);
    await form.locator('input[name=containerNo]').fill('CSQU3054383');
    await page.waitForSelector('[data-testid=cn-valid]');
    await w.shot('portal-yard-form');
    await form.locator('button[type=submit]').click();
    await page.waitForSelector('[data-testid=cn-sent]');
    await page.waitForSelector('[data-testid="cn-CN00000001"]');
    // Its trip, made by the monitoring engine when the note was accepted, shows beside it.
    await page.waitForFunction(() => /待加封/.test(document.querySelector('[data-testid="cn-CN00000001"]')?.textContent ?? ''));
    const href = await page.locator('[data-testid="cn-CN00000001"] [data-testid=print]').getAttribute('href');
    const pdf = await page.request.get(h.base + href!);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    assert.deepEqual(w.problems.take(), []);
  });

  it('a trader follows a declaration and sees its containers', async () => {
    const w = await portalPage(h, PEOPLE.trader.username);
    const { page } = w;
    await h.api('POST', '/clearances', {
      declarationNo: 'AA13100001', kind: 'import', containerNos: ['CSQU3054383'], status: 'released', releaseCode: '1', statusAt: '2026-12-01T10:00:00+08:00', importerUbn: UBN,
    });
    await page.click('[data-testid=nav-trader]');
    await page.fill('input[name=declarationNo]', 'AA13100001');
    await page.click('[data-testid=declaration-form] button[type=submit]');
    await page.waitForSelector('[data-testid=timeline] li');
    assert.match(await page.locator('[data-testid=timeline]').innerText(), /CSQU3054383/);
    await page.click('[data-testid=container-CSQU3054383]');
    await page.waitForSelector('[data-testid=timeline-CSQU3054383] li');
    assert.match(await page.locator('[data-testid=timeline-CSQU3054383]').innerText(), /放行/);
    await page.click('[data-testid=follow]');
    await page.waitForFunction(() => document.querySelector('[data-testid=following]')?.textContent?.includes('AA13100001'));
    await w.shot('portal-trader');
    const subs = await page.request.get(`${h.base}/api/v1/portal/subscriptions`);
    assert.deepEqual((await subs.json()).map((s: { declarationNo: string }) => s.declarationNo), ['AA13100001']);
    assert.deepEqual(w.problems.take(), []);
  });

  it('a supplier applies for a type approval and sees it submitted', async () => {
    const w = await portalPage(h, PEOPLE.supplier.username);
    const { page } = w;
    await page.click('[data-testid=nav-supplier]');
    await page.fill('input[name=model]', 'SW-OBU-9');
    await page.fill('input[name=manufacturer]', '台灣精密電子');
    await page.click('[data-testid=type-approval-form] button[type=submit]');
    await page.waitForSelector('[data-testid=applications] [data-testid=status]');
    assert.equal(await page.locator('[data-testid=applications] [data-testid=status]').first().innerText(), '已送出');
    await w.shot('portal-supplier');
    assert.deepEqual(w.problems.take(), []);
  });

  it('a fleet operator changes the company contact in zh-TW, told of a bad phone in Chinese, then saves it', async () => {
    const w = await portalPage(h, PEOPLE.fleet.username);
    const { page } = w;
    w.problems.allow(422, `/companies/${UBN}/contact`); // the bad phone, refused on purpose
    await page.click('[data-testid=nav-contact]');
    await page.waitForSelector('[data-testid=contact-form]');
    assert.equal(await page.locator('[data-testid=company-ubn]').innerText(), UBN);
    assert.equal(await page.locator('[data-testid=company-name]').innerText(), '長榮物流股份有限公司');
    assert.equal(await page.locator('[data-testid=current-phone]').innerText(), '尚未設定');
    const form = page.locator('[data-testid=contact-form]');
    await form.locator('input[name=contactName]').fill('陳調度');
    await form.locator('input[name=contactPhone]').fill('12-34-5');
    await form.locator('button[type=submit]').click();
    await page.waitForSelector('[data-testid=error-contactPhone]');
    assert.equal(await page.locator('[data-testid=error-contactPhone]').innerText(), '電話號碼至少須有 6 個數字，目前 5 個');
    assert.equal(await form.locator('input[name=contactPhone]').getAttribute('aria-invalid'), 'true');
    await w.shot('portal-contact-error');
    await form.locator('input[name=contactPhone]').fill('07-5612311#21');
    await form.locator('button[type=submit]').click();
    await page.waitForSelector('[data-testid=contact-saved]');
    assert.equal(await page.locator('[data-testid=error-contactPhone]').count(), 0);
    assert.equal(await page.locator('[data-testid=current-phone]').innerText(), '07-5612311#21');
    assert.equal(await page.locator('[data-testid=current-name]').innerText(), '陳調度');
    // Nothing of the page is wider than the phone.
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
    await w.shot('portal-contact');
    await page.setViewportSize({ width: 1280, height: 800 });
    await w.shot('portal-contact-desktop');
    const company = await h.api<{ contactName: string; contactPhone: string; name: string }>('GET', `/companies/${UBN}`);
    assert.deepEqual([company.name, company.contactName, company.contactPhone], ['長榮物流股份有限公司', '陳調度', '07-5612311#21']);
    assert.deepEqual(w.problems.take(), []);
  });
});
