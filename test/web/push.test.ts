// Push notifications in the console: the top bar's switch, the service worker at /sw.js, and what
// it shows when the platform pushes. Chromium refuses PushManager.subscribe in the incognito
// contexts Playwright opens (crbug.com/41124656), so the switch's failure path is what runs here;
// the subscription itself is covered through the API (test/notifications/), and the pushed message
// is handed to the service worker over the DevTools protocol, as a push service would.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cannotRun, login, startHarness, waitForAsync, type Harness, type WatchedPage } from './harness.ts';

describe('push notifications in the console', { timeout: 120_000 }, () => {
  let h: Harness;
  let w: WatchedPage;

  before(async () => {
    const why = cannotRun();
    assert.equal(why, null, why ?? '');
    h = await startHarness();
    w = await h.newPage();
  });
  after(async () => {
    await h?.close();
  });

  it('offers the switch, registers the service worker, and shows a pushed critical alert', async () => {
    await login(w, h);
    const context = w.page.context();
    await context.grantPermissions(['notifications'], { origin: h.base });
    const toggle = w.page.locator('[data-testid=push-toggle]');
    assert.equal(await toggle.getAttribute('data-state'), 'off');
    assert.equal(await toggle.textContent(), '推播通知：關');

    await toggle.click();
    await w.page.waitForSelector('[data-testid=push-toggle] + [role=alert]');
    assert.match(await w.page.locator('[data-testid=push-toggle] + [role=alert]').textContent() ?? '', /無法設定推播通知/, 'the refusal is shown, not swallowed');
    await w.page.waitForSelector('[data-testid=push-toggle][data-state=off]');
    const problems = w.problems.take();
    assert.ok(problems.every((p) => p.includes('Push API in incognito')), problems.join('\n'));
    const res = await fetch(`${h.base}/sw.js`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-cache');

    const cdp = await context.newCDPSession(w.page);
    const registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[] = [];
    const versions: { registrationId: string; status: string; runningStatus: string }[] = [];
    cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => registrations.push(...e.registrations));
    cdp.on('ServiceWorker.workerVersionUpdated', (e) => versions.push(...e.versions));
    await cdp.send('ServiceWorker.enable');
    await waitForAsync(w.page, async () => !!(await navigator.serviceWorker.getRegistration('/'))?.active);
    const reg = registrations.find((r) => r.scopeURL === `${h.base}/` && !r.isDeleted);
    assert.ok(reg, 'the console registered /sw.js for /');
    const payload = { title: '【重大】封條異常 KNA6001 / Critical: Seal tampering', body: '2026-12-07 09:00:00 (UTC+8) 重大 封條異常 KNA6001', tag: 'alert:a1', kind: 'alert', count: 1, alertId: 'a1' };
    const notifications = async () => {
      const r = await navigator.serviceWorker.getRegistration('/');
      const list = (await r!.getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, requireInteraction: n.requireInteraction }));
      return list.length ? list : null;
    };
    // DevTools may drop a message handed over while the activated worker is still starting (seen
    // with several browsers busy on one machine); a push service delivers again, and so does this.
    let shown: Awaited<ReturnType<typeof notifications>> = null;
    for (let attempt = 1; !shown; attempt++) {
      await cdp.send('ServiceWorker.deliverPushMessage', { origin: h.base, registrationId: reg.registrationId, data: JSON.stringify(payload) });
      try {
        shown = await waitForAsync(w.page, notifications, 5_000);
      } catch (e) {
        if (attempt === 3) throw new Error(`${(e as Error).message}; worker versions: ${JSON.stringify(versions.filter((v) => v.registrationId === reg.registrationId))}`);
      }
    }
    assert.deepEqual(shown, [{ title: payload.title, body: payload.body, tag: 'alert:a1', requireInteraction: true }]);
    assert.deepEqual(w.problems.take(), []);
  });
});
