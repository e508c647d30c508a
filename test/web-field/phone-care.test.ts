// The field app at phone size (390×844) for the people it must not leave stuck: a driver whose
// seal reports trouble sees what to do and a call button; a seal not yet locked does not look
// locked; badges do not overlap; a task the driver ended stays ended when the OBU's card reader
// reports late; the unseal list searches the person's live seals; a role with no work is told so.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { DRIVER2_CARD, DRIVER_ID, FLEET_UBN, PASSWORD, registerFieldTrip, registerFieldWorld } from '../field/harness.ts';
import { tripFixture, type TripFixture } from '../monitor/scenario.ts';
import { cannotRun, startHarness, type Harness } from '../web/harness.ts';

const PHONE = '(02) 2550-5500';

describe('field app: care for the person on the phone', { skip: cannotRun() ?? false, timeout: 300_000 }, () => {
  let h: Harness;
  let t: TripFixture;
  let secrets: Record<string, string>;
  const contexts: BrowserContext[] = [];

  const basic = (id: string) => `Basic ${Buffer.from(`${id}:${secrets[id]}`).toString('base64')}`;
  const report = (seals: Record<string, string>, extra: Record<string, unknown> = {}) => ({
    deviceId: t.obu, ts: new Date().toISOString(), lat: 22.6, lon: 120.3, speedKmh: 0, hdop: 1,
    seals: Object.entries(seals).map(([id, state]) => ({ id, state, link: 'ok', battery: 80 })),
    ...extra,
  });
  async function post(body: unknown): Promise<void> {
    const r = await fetch(`${h.base}/api/v1/telemetry`, { method: 'POST', headers: { authorization: basic(t.obu), 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(r.status, 202, await r.text());
  }

  async function phone(username: string): Promise<Page> {
    const ctx = await h.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-TW', timezoneId: 'Asia/Taipei' });
    contexts.push(ctx);
    const r = await ctx.request.post(`${h.base}/api/v1/auth/login`, { data: { username, password: PASSWORD } });
    assert.equal(r.status(), 200);
    const page = await ctx.newPage();
    page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
    await page.goto(`${h.base}/field/`);
    return page;
  }

  before(async () => {
    h = await startHarness({ env: { MONITORING_CENTRE_PHONE: PHONE } });
    const requester = {
      async request(method: string, path: string, body?: unknown, auth?: string | null) {
        const a = auth === undefined ? `Bearer ${h.adminKey}` : auth ? `Bearer ${auth}` : undefined;
        const res = await fetch(`${h.base}/api/v1${path}`, {
          method,
          headers: { ...(a ? { authorization: a } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
      },
    };
    await registerFieldWorld(requester as never);
    t = tripFixture(5, 'C');
    secrets = await registerFieldTrip(requester as never, t);
    await h.api('POST', '/users', { username: 'fleet.boss', name: '陳車隊', companyUbn: FLEET_UBN, roles: ['fleet_operator'], password: PASSWORD });
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await h?.close();
  });

  it('shows a pending seal as pending, a tampered one with what to do and a call button, with no badge overlapping', async () => {
    const page = await phone('driver.one');
    await page.waitForSelector('[data-testid=driver-login]');
    await page.fill('input[name=nationalId]', DRIVER_ID);
    await page.fill('input[name=plate]', t.plate);
    await page.click('[data-testid=driver-login] button.primary');
    await page.waitForSelector('[data-testid=driver-task]');
    await post(report({ [t.seals[0]]: 'locked', [t.seals[1]]: 'inserted' }));
    await page.waitForSelector(`[data-testid=task-seal][data-state=inserted]`, { timeout: 15_000 });
    const locked = page.locator('[data-testid=task-seal][data-state=locked] [data-testid=seal-state]');
    const pending = page.locator('[data-testid=task-seal][data-state=inserted] [data-testid=seal-state]');
    const bg = (l: typeof locked) => l.evaluate((e) => getComputedStyle(e).backgroundColor);
    assert.notEqual(await bg(pending), await bg(locked), 'a seal not yet locked is not coloured like a locked one');
    assert.equal(await pending.getAttribute('class'), 'badge pending');
    // Nothing in a seal row covers anything else in it.
    const overlaps = await page.$$eval('[data-testid=task-seal], .tap', (rows) =>
      rows.flatMap((row) => {
        const boxes = Array.from(row.children).map((c) => c.getBoundingClientRect()).filter((b) => b.width && b.height);
        const hits: string[] = [];
        boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => {
          if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) hits.push(row.textContent ?? '');
        }));
        return hits;
      }),
    );
    assert.deepEqual(overlaps, []);
    assert.equal(await page.locator('[data-testid=seal-alarm]').count(), 0);

    await post(report({ [t.seals[0]]: 'tampered', [t.seals[1]]: 'locked' }));
    const alarm = page.locator(`[data-testid=seal-alarm][data-seal=${t.seals[0]}]`);
    await alarm.waitFor({ timeout: 15_000 });
    assert.match(await alarm.innerText(), /封條異常[\s\S]*不要開啟或移動貨櫃[\s\S]*致電監控中心/);
    assert.equal(await alarm.locator('[data-testid=call-centre]').getAttribute('href'), 'tel:0225505500');
    await page.screenshot({ path: 'test-artifacts/web-field/care-seal-alarm.png' });
  });

  it('keeps a task the driver ended closed when the card reader reports late', async () => {
    await post(report({ [t.seals[0]]: 'locked', [t.seals[1]]: 'locked' }, { rfidCard: DRIVER2_CARD }));
    const page = await phone('driver.two');
    await page.waitForSelector('[data-testid=driver-task]', { timeout: 15_000 });
    await page.click('[data-testid=driver-task] button.secondary.wide');
    await page.waitForSelector('[data-testid=driver-login]');
    // The card read again, stamped before the end, and the card still in the reader after it.
    await post(report({ [t.seals[0]]: 'locked', [t.seals[1]]: 'locked' }, { rfidCard: DRIVER2_CARD, ts: new Date(Date.now() - 30_000).toISOString() }));
    await post(report({ [t.seals[0]]: 'locked', [t.seals[1]]: 'locked' }, { rfidCard: DRIVER2_CARD }));
    // The app asks again (every 5 s): the answer, and the screen, stay ended.
    const answer = await page.waitForResponse((r) => r.url().endsWith('/field/driver/task'), { timeout: 15_000 });
    assert.deepEqual(await answer.json(), { binding: null, task: null });
    assert.equal(await page.locator('[data-testid=driver-login]').count(), 1);
    assert.equal(await page.locator('[data-testid=driver-task]').count(), 0);
  });

  it('searches the person’s live seals in the unseal list', async () => {
    const page = await phone('rp.origin');
    await page.waitForSelector('[data-testid=tab-unseal]');
    await page.click('[data-testid=tab-unseal]');
    await page.waitForSelector(`[data-testid=seal][data-seal=${t.seals[1]}]`);
    assert.deepEqual((await page.locator('[data-testid=seal]').evaluateAll((e) => e.map((x) => x.getAttribute('data-seal')))).sort(), [...t.seals].sort());
    await page.fill('[data-testid=seal-search]', t.seals[1]);
    await page.waitForFunction((id) => {
      const shown = Array.from(document.querySelectorAll('[data-testid=seal]')).map((x) => x.getAttribute('data-seal'));
      return shown.length === 1 && shown[0] === id;
    }, t.seals[1]);
    await page.fill('[data-testid=seal-search]', 'NOSUCHSEAL');
    await page.waitForSelector('text=沒有符合「NOSUCHSEAL」的封條');
  });

  it('tells a role with nothing to do in the app so, with where to go', async () => {
    const page = await phone('fleet.boss');
    await page.waitForSelector('[data-testid=nothing-to-do]');
    assert.match(await page.innerText('[data-testid=nothing-to-do]'), /沒有您的工作[\s\S]*運輸業者/);
    assert.equal(await page.getAttribute('[data-testid=go-portal]', 'href'), '/portal/');
    assert.equal(await page.locator('nav.tabs').count(), 0, 'no tabs that lead to refusals');
  });
});
