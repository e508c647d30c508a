// The console's management pages in the browser, as a customs administrator: accounts (create,
// roles and company, disable), API keys (the key shown once, revoke), devices, webhooks (create,
// test-send, deliveries, delete) and the audit trail (search, Taipei days); a customs officer who
// only looks sees no buttons; anyone else who logs in is sent to their own app.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CUSTOMS_UBN } from '../../src/store/bootstrap.ts';
import { cannotRun, login, openNav, startHarness, type Harness, type WatchedPage } from './harness.ts';

const PASSWORD = 'correct horse battery';
const YARD_UBN = '12345681';

describe('management pages', { skip: cannotRun() ?? false, timeout: 300_000 }, () => {
  let h: Harness;
  let w: WatchedPage;

  before(async () => {
    h = await startHarness();
    await h.api('POST', '/companies', { ubn: YARD_UBN, name: '長榮物流股份有限公司', roles: ['yard', 'fleet'] });
    await h.api('POST', '/users', { username: 'looker', name: '林檢視', companyUbn: CUSTOMS_UBN, roles: ['customs_officer'], password: PASSWORD });
    await h.api('POST', '/users', { username: 'yard.person', name: '王場站', companyUbn: YARD_UBN, roles: ['responsible_person'], password: PASSWORD });
    w = await h.newPage();
    await login(w, h);
  });

  after(async () => {
    await h?.close();
  });

  it('groups the management pages under one menu, and the other views under a few', async () => {
    const { page } = w;
    assert.equal(await page.locator('[data-testid=nav-devices]').count(), 0, 'closed until asked');
    await page.click('[data-testid=nav-group-admin]');
    const items = await page.locator('.nav-menu a').evaluateAll((as) => as.map((a) => a.getAttribute('data-testid')));
    assert.deepEqual(items, ['nav-reference', 'nav-users', 'nav-apiKeys', 'nav-devices', 'nav-webhooks', 'nav-audit']);
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('.nav-menu').count(), 0);
    assert.ok((await page.locator('.topbar .tabs > *').count()) <= 8, 'a handful of entries, not fourteen tabs');
    // The old addresses still work.
    await page.goto(`${h.base}/#/reference/routes`);
    await page.waitForSelector('[data-testid=nav-group-admin].active');
    assert.deepEqual(w.problems.take(), []);
  });

  it('creates an account, changes its roles and company, and disables it', async () => {
    const { page } = w;
    await openNav(page, 'users');
    await page.click('[data-testid=user-new]');
    await page.fill('[data-testid=user-form] input[name=username]', 'new.officer');
    await page.fill('[data-testid=user-form] input[name=name]', '張新人');
    await page.fill('[data-testid=user-form] input[name=companyUbn]', CUSTOMS_UBN);
    await page.fill('[data-testid=user-form] input[name=password]', PASSWORD);
    await page.check('[data-testid=user-form] input[value=customs_officer]');
    await page.click('[data-testid=user-submit]');
    const row = page.locator('[data-testid=user-new\\.officer]');
    await row.waitFor();
    assert.match(await row.innerText(), /海關關員/);

    await row.locator('[data-testid=user-access]').click();
    await page.check('[data-testid=access-dialog] input[value=yard_operator]');
    await page.uncheck('[data-testid=access-dialog] input[value=customs_officer]');
    await page.fill('[data-testid=access-dialog] input[name=companyUbn]', YARD_UBN);
    await page.click('[data-testid=access-save]');
    await page.waitForSelector('[data-testid=access-dialog]', { state: 'detached' });
    await page.waitForFunction(() => document.querySelector('[data-testid="user-new.officer"]')?.textContent?.includes('場站業者'));
    const users = await h.api<any[]>('GET', '/users');
    const made = users.find((u) => u.username === 'new.officer');
    assert.deepEqual([made.roles, made.companyUbn], [['yard_operator'], YARD_UBN]);

    page.once('dialog', (d) => void d.accept());
    await row.locator('button.danger').click();
    await page.waitForSelector('[data-testid=user-new\\.officer].disabled');
    assert.equal((await h.api<any>('GET', `/users/${made.id}`)).disabled, true);
    assert.deepEqual(w.problems.take(), []);
  });

  it('creates an API key shown once, lists it by its prefix, and revokes it', async () => {
    const { page } = w;
    await openNav(page, 'apiKeys');
    await page.click('[data-testid=key-new]');
    await page.fill('[data-testid=key-form] input[name=name]', '場站系統');
    await page.fill('[data-testid=key-form] input[name=companyUbn]', YARD_UBN);
    await page.check('[data-testid=key-form] input[value=yard_operator]');
    await page.click('[data-testid=key-submit]');
    const secret = (await page.locator('[data-testid=secret-value]').innerText()).trim();
    assert.match(secret, /^swk/);
    const me = await fetch(`${h.base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(me.status, 200, 'the key shown works');
    const row = page.locator('[data-testid=key-row]', { hasText: '場站系統' });
    assert.match(await row.innerText(), new RegExp(secret.slice(0, 8)));
    assert.ok(!(await row.innerText()).includes(secret), 'the list shows only the prefix');
    await page.click('[data-testid=secret-done]');
    assert.equal(await page.locator('[data-testid=secret-once]').count(), 0, 'gone once dismissed');
    await page.reload();
    await page.waitForSelector('[data-testid=key-row]');
    assert.ok(!(await page.content()).includes(secret), 'not shown again');

    page.once('dialog', (d) => void d.accept());
    await page.locator('[data-testid=key-row]', { hasText: '場站系統' }).locator('[data-testid=key-revoke]').click();
    await page.waitForSelector('[data-testid=key-row].disabled');
    const after = await fetch(`${h.base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(after.status, 401, 'a revoked key is refused');
    assert.deepEqual(w.problems.take(), []);
  });

  it('lists devices with their assignment, last report and owner', async () => {
    await h.api('POST', '/vehicles', { plate: 'KNA7001', kind: 'tractor', category: 1, fleetUbn: YARD_UBN });
    await h.api('POST', '/devices', { id: 'MOBU1', kind: 'obu', plate: 'KNA7001', ownerUbn: YARD_UBN });
    await h.api('POST', '/devices', { id: 'MSEAL1', kind: 'seal', obuId: 'MOBU1', ownerUbn: YARD_UBN });
    const { page } = w;
    await openNav(page, 'devices');
    const obu = page.locator('[data-testid=device-row][data-device=MOBU1]');
    await obu.waitFor();
    assert.match(await obu.innerText(), /車機[\s\S]*12345681[\s\S]*車輛 KNA7001[\s\S]*尚未回報/);
    assert.match(await page.locator('[data-testid=device-row][data-device=MSEAL1]').innerText(), /電子封條[\s\S]*配對車機 MOBU1/);
    await page.fill('[data-testid=device-filter]', 'mseal');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=device-row]').length === 1);
    assert.deepEqual(w.problems.take(), []);
  });

  it('subscribes a webhook (secret once), sends a test event, shows its delivery, deletes it', async () => {
    const { page } = w;
    await openNav(page, 'webhooks');
    await page.click('[data-testid=hook-new]');
    await page.fill('[data-testid=hook-form] input[name=url]', 'https://hooks.example.com/sealwatch');
    await page.fill('[data-testid=hook-form] input[name=description]', '測試訂閱');
    await page.click('[data-testid=hook-submit]');
    assert.match(await page.locator('[data-testid=secret-value]').innerText(), /^whsec_/);
    await page.click('[data-testid=secret-done]');
    const row = page.locator('[data-testid=hook-row]', { hasText: 'hooks.example.com' });
    await row.locator('[data-testid=hook-test]').click();
    await page.waitForSelector('[data-testid=delivery]');
    assert.match(await page.locator('[data-testid=delivery]').first().innerText(), /測試事件/);
    const id = await row.getAttribute('data-hook');
    const deliveries = await h.api<any[]>('GET', `/webhooks/${id}/deliveries`);
    assert.deepEqual(deliveries.map((d) => d.event), ['webhook.test']);
    page.once('dialog', (d) => void d.accept());
    await row.locator('[data-testid=hook-delete]').click();
    await page.waitForSelector('[data-testid=hook-row]', { state: 'detached' });
    assert.deepEqual(await h.api('GET', '/webhooks'), []);
    assert.deepEqual(w.problems.take(), []);
  });

  it('searches the audit trail by actor, action, entity and Taipei day, and pages', async () => {
    const { page } = w;
    await openNav(page, 'audit');
    await page.waitForSelector('[data-testid=audit-row]');
    await page.fill('[data-testid=audit-form] input[name=actor]', '志明');
    await page.selectOption('[data-testid=audit-form] select[name=action]', 'revoke');
    await page.selectOption('[data-testid=audit-form] select[name=resource]', 'api_key');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Taipei' }).format(new Date());
    await page.fill('[data-testid=audit-form] input[name=from]', today);
    await page.fill('[data-testid=audit-form] input[name=to]', today);
    await page.click('[data-testid=audit-search]');
    await page.waitForFunction(() => {
      const rows = Array.from(document.querySelectorAll('[data-testid=audit-row]'));
      return rows.length === 1 && rows[0].getAttribute('data-action') === 'revoke';
    });
    assert.match(await page.locator('[data-testid=audit-row]').innerText(), /陳志明[\s\S]*撤銷[\s\S]*API 金鑰/);
    // Yesterday (Taipei) has none of it.
    const yesterday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Taipei' }).format(new Date(Date.now() - 86_400_000));
    await page.fill('[data-testid=audit-form] input[name=from]', yesterday);
    await page.fill('[data-testid=audit-form] input[name=to]', yesterday);
    await page.click('[data-testid=audit-search]');
    await page.waitForSelector('[data-testid=audit-empty]');
    // Paging: the next page starts below the last id seen.
    const first = await h.api<any[]>('GET', '/audit?limit=2');
    const next = await h.api<any[]>('GET', `/audit?limit=2&before=${first[1].id}`);
    assert.ok(next.every((e) => e.id < first[1].id) && next.length === 2);
    assert.deepEqual(w.problems.take(), []);
  });

  it('shows a customs officer the accounts read-only, with no API keys', async () => {
    const v = await h.newPage();
    await v.page.goto(h.base + '/');
    await v.page.fill('input[name=username]', 'looker');
    await v.page.fill('input[name=password]', PASSWORD);
    await v.page.click('button[type=submit]');
    await v.page.waitForSelector('.topbar');
    await openNav(v.page, 'users');
    await v.page.waitForSelector('[data-testid=read-only]');
    assert.equal(await v.page.locator('[data-testid=users-page] button').count(), 0);
    await v.page.click('[data-testid=nav-group-admin]');
    assert.equal(await v.page.locator('[data-testid=nav-apiKeys]').count(), 0);
    assert.deepEqual(v.problems.take(), []);
  });

  it('sends a person of another role to their own app with a clear message', async () => {
    const v = await h.newPage();
    await v.page.goto(h.base + '/');
    await v.page.fill('input[name=username]', 'yard.person');
    await v.page.fill('input[name=password]', PASSWORD);
    await v.page.click('button[type=submit]');
    await v.page.waitForSelector('[data-testid=wrong-app]');
    assert.match(await v.page.innerText('[data-testid=wrong-app]'), /此系統供海關人員使用[\s\S]*專責人員/);
    assert.equal(await v.page.getAttribute('[data-testid=go-field]', 'href'), '/field/');
    assert.equal(await v.page.getAttribute('[data-testid=go-portal]', 'href'), '/portal/');
    assert.equal(await v.page.locator('.topbar').count(), 0, 'no console behind it');
    await v.page.click('[data-testid=wrong-app] [data-testid=lang-switch]');
    await v.page.waitForFunction(() => document.querySelector('[data-testid=wrong-app]')?.textContent?.includes('customs staff'));
    assert.deepEqual(v.problems.take(), []);
  });
});
