// The field app in a real browser at phone size (375×812), against the real platform: a driver
// logs in on the vehicle and sees the task; a responsible person confirms the sealing with a photo
// in three taps; a customs officer unseals a seal by hand and sees the command acknowledged; a
// responsible person unseals offline (no network) against the simulated seal and the record is
// uploaded when the connection is back. Screenshots go to test-artifacts/web-field/.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import mqtt, { type MqttClient } from 'mqtt';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { SimulatedSeal } from '../../src/seal-firmware/seal.ts';
import { tripFixture, type TripFixture } from '../monitor/scenario.ts';
import {
  DRIVER_ID, PASSWORD, basic, doorPhoto, eventually, registerFieldTrip, registerFieldWorld, startFieldHarness,
  type FieldHarness, type FieldWorld,
} from '../field/harness.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = resolve('test-artifacts/web-field');
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-background-networking', '--disable-component-update',
];

interface Phone {
  ctx: BrowserContext;
  page: Page;
  problems: string[];
  shot(name: string): Promise<void>;
}

describe('field app in the browser (375×812)', { timeout: 600_000 }, () => {
  let h: FieldHarness;
  let w: Omit<FieldWorld, 'secrets'>;
  let browser: Browser;
  let t: TripFixture;
  let secrets: Record<string, string>;
  let tripId: string;
  let distDir: string;
  const seals: Record<string, SimulatedSeal> = {};
  const clients: MqttClient[] = [];

  async function phone(): Promise<Phone> {
    const ctx = await browser.newContext({
      viewport: { width: 375, height: 812 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-TW',
      timezoneId: 'Asia/Taipei',
    });
    const page = await ctx.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/401|Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && !(r.status() === 401 && r.url().endsWith('/auth/me'))) problems.push(`${r.status()} ${r.url()}`);
    });
    return { ctx, page, problems, shot: async (name) => void (await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: false })) };
  }

  async function login(p: Phone, username: string) {
    await p.page.goto(`${h.base}/field/`);
    await p.page.waitForSelector('[data-testid=login]');
    await p.page.fill('input[name=username]', username);
    await p.page.fill('input[name=password]', PASSWORD);
    await p.page.click('button.primary');
  }

  async function connectSeal(id: string, task: string): Promise<SimulatedSeal> {
    const jwk = (await h.request('GET', '/keys/unseal', undefined, null)).body;
    const seal = new SimulatedSeal({ id, publicJwk: jwk });
    seal.bindTask(task);
    seal.insert();
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${h.mqttPort}`, { username: id, password: secrets[id], clientId: `seal-${id}`, reconnectPeriod: 0 });
    clients.push(client);
    await seal.attachMqtt(client);
    seals[id] = seal;
    return seal;
  }

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
    mkdirSync(ARTIFACTS, { recursive: true });
    distDir = mkdtempSync(join(tmpdir(), 'sw-field-app-'));
    await build({ configFile: resolve('web/field/vite.config.ts'), build: { outDir: distDir, emptyOutDir: true }, logLevel: 'warn' });
    h = await startFieldHarness({ fieldAppRoot: distDir });
    w = await registerFieldWorld(h);
    t = tripFixture(7, 'W');
    secrets = await registerFieldTrip(h, t);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });

  after(async () => {
    for (const c of clients) await c.endAsync(true).catch(() => undefined);
    await browser?.close();
    await h?.close();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });

  it('serves an installable PWA: manifest, icons, service worker', async () => {
    const manifest = await (await fetch(`${h.base}/field/manifest.webmanifest`)).json();
    assert.equal(manifest.start_url, '/field/');
    assert.equal(manifest.display, 'standalone');
    assert.ok(manifest.icons.some((i: any) => i.sizes === '512x512'));
    const sw = await fetch(`${h.base}/field/sw.js`);
    assert.equal(sw.status, 200);
    assert.equal(sw.headers.get('cache-control'), 'no-cache');
    assert.equal((await fetch(`${h.base}/field/icon-192.png`)).headers.get('content-type'), 'image/png');
  });

  it('names a mistyped national ID by its rule in zh-TW and in English', async () => {
    const p = await phone();
    await login(p, 'driver.one');
    await p.page.waitForSelector('[data-testid=driver-login]');
    // The last digit of A123456789 mistyped: the platform names the check digit, the app says it in Chinese.
    await p.page.fill('input[name=nationalId]', 'A123456788');
    await p.page.fill('input[name=plate]', t.plate);
    await p.page.click('button.primary');
    await p.page.waitForSelector('[data-testid=driver-login] [role=alert]');
    assert.equal(await p.page.textContent('[data-testid=driver-login] [role=alert]'), '檢查碼錯誤：輸入 8，應為 9');
    await p.shot('01b-driver-id-check-digit');
    await p.page.click('[data-testid=lang]');
    await p.page.click('button.primary');
    await p.page.waitForFunction(() => /wrong check digit/.test(document.querySelector('[data-testid=driver-login] [role=alert]')?.textContent ?? ''));
    assert.equal(await p.page.textContent('[data-testid=driver-login] [role=alert]'), 'wrong check digit: 8 entered, 9 expected');
    await p.page.click('[data-testid=lang]');
    assert.deepEqual(p.problems.filter((x) => !x.startsWith('422 ') && !/status of 422/.test(x)), []);
    await p.ctx.close();
  });

  it('a driver logs in with account and password, then national ID and plate, and sees the task and seals', async () => {
    const p = await phone();
    await login(p, 'driver.one');
    await p.page.waitForSelector('[data-testid=driver-login]');
    await p.shot('01-driver-vehicle-login');
    await p.page.fill('input[name=nationalId]', DRIVER_ID.toLowerCase());
    await p.page.fill('input[name=plate]', `${t.plate.slice(0, 3)}-${t.plate.slice(3)}`);
    await p.page.click('button.primary');
    await p.page.waitForSelector('[data-testid=driver-task]');
    assert.equal(await p.page.textContent('[data-testid=task-cn]'), t.cnNo);
    assert.match((await p.page.textContent('[data-testid=task-destination]')) ?? '', /Daliao Container Yard.*BYC909/);
    assert.match((await p.page.textContent('[data-testid=task-deadline]')) ?? '', /120/);
    // The seals lock on the door: the OBU reports them and the app shows it.
    const report = { deviceId: t.obu, ts: new Date().toISOString(), lat: 22.6, lon: 120.3, speedKmh: 0, hdop: 1, seals: t.seals.map((id) => ({ id, state: 'locked', link: 'ok', battery: 88 })) };
    assert.equal((await h.request('POST', '/telemetry', report, basic(t.obu, secrets[t.obu]))).status, 202);
    await p.page.waitForSelector('[data-testid=task-seal][data-state=locked] >> nth=1', { timeout: 15_000 });
    assert.match((await p.page.textContent('[data-testid=task-state]')) ?? '', /已加封/);
    const width = await p.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `no horizontal scroll at 375 px (${width})`);
    await p.shot('02-driver-task');
    // English on request.
    await p.page.click('[data-testid=lang]');
    await p.page.waitForSelector('text=Transport note');
    await p.shot('03-driver-task-en');
    await p.page.click('[data-testid=lang]');
    assert.deepEqual(p.problems, []);
    tripId = (await h.request('GET', '/field/driver/task', undefined, w.tokens.driver)).body.task.tripId;
    await p.ctx.close();
  });

  it('a responsible person confirms the sealing with a photo in 3 taps', async () => {
    const photoFile = join(distDir, 'door.png');
    const photo = doorPhoto(480, 360);
    writeFileSync(photoFile, photo);
    const p = await phone();
    await login(p, 'rp.origin');
    await p.page.waitForSelector('[data-testid=pending]');
    await p.shot('04-confirm-pending');
    // Opening the app ends here; count the taps from now on.
    let taps = 0;
    const chooser = p.page.waitForEvent('filechooser');
    await p.page.click(`[data-testid=pending][data-container=${t.containers[0]}]`);
    taps++; // 1: the container (the camera opens)
    const fc = await chooser;
    assert.equal(await fc.element().getAttribute('capture'), 'environment');
    assert.equal(await fc.element().getAttribute('accept'), 'image/*');
    await fc.setFiles(photoFile);
    taps++; // 2: the shutter
    await p.page.waitForSelector('[data-testid=confirm-review] img');
    await p.shot('05-confirm-review');
    await p.page.click('[data-testid=confirm-submit]');
    taps++; // 3: confirm
    await p.page.waitForSelector('[data-testid=confirm-message]');
    assert.match((await p.page.textContent('[data-testid=confirm-message]')) ?? '', /已確認加封/);
    await p.shot('06-confirm-done');
    assert.equal(taps, 3);
    const note = await h.request('GET', `/transport-notes/${t.cnNo}`, undefined, w.tokens.customs);
    assert.equal(note.body.confirmation.photo.sha256, createHash('sha256').update(photo).digest('hex'));
    assert.equal(note.body.confirmation.containerNo, t.containers[0]);
    await eventually(async () => (await h.request('GET', '/field/driver/task', undefined, w.tokens.driver)).body.task.state === 'confirmed', 10_000, 'trip confirmed');
    const sw = await p.page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      return reg.scope;
    });
    assert.match(sw, /\/field\/$/);
    assert.deepEqual(p.problems, []);
    await p.ctx.close();
  });

  it('a customs officer unseals a seal by hand and sees the command sent and acknowledged', async () => {
    const seal = await connectSeal(t.seals[0], tripId);
    // The seal reports over its own uplink whenever its state changes.
    const watch = setInterval(() => {
      if (seal.state === 'unlocked' && !seal.log.some((e) => e.event === 'reported')) {
        seal.log.push({ atMs: Date.now(), event: 'reported' });
        void seal.publishReport();
      }
    }, 50);
    try {
      const p = await phone();
      await login(p, 'officer');
      await p.page.click('[data-testid=tab-unseal]');
      await p.page.fill('input.search', t.seals[0]);
      await p.page.click(`[data-testid=seal][data-seal=${t.seals[0]}]`);
      await p.page.click('.chip >> nth=0');
      await p.shot('07-unseal-form');
      await p.page.click('[data-testid=unseal-submit]');
      await p.page.waitForSelector('[data-testid=unseal-result][data-status=acknowledged]', { timeout: 20_000 });
      assert.match((await p.page.textContent('[data-testid=unseal-result]')) ?? '', /封條已回報解鎖/);
      await p.shot('08-unseal-acknowledged');
      assert.equal(seal.state, 'unlocked');
      const tamper = (await h.request('GET', `/alerts?type=seal_tamper&tripId=${encodeURIComponent(tripId)}`)).body;
      assert.deepEqual(tamper, []);
      assert.deepEqual(p.problems, []);
      await p.ctx.close();
    } finally {
      clearInterval(watch);
    }
  });

  it('a responsible person unseals offline against the simulated seal; the record is uploaded when back online', async () => {
    const seal = await connectSeal(t.seals[1], tripId);
    const p = await phone();
    // The phone's Bluetooth link to the seal: no network involved.
    await p.page.exposeFunction('sealwatchSealUnseal', async (sealId: string, token: string) => {
      assert.equal(sealId, seal.id);
      const r = await seal.offlineUnseal(token, Date.now());
      return r.ok ? { ok: true } : { ok: false, reason: r.reason, message: r.message };
    });
    await login(p, 'rp.dest');
    await p.page.click('[data-testid=tab-offline]');
    // No permission yet: apply from the app; customs approves.
    await p.page.waitForSelector('[data-testid=offline-apply]');
    await p.page.click('[data-testid=offline-apply] button.primary');
    await p.page.waitForSelector('text=申請已送出');
    const [app] = (await h.request('GET', '/offline-unseal/applications?status=pending', undefined, w.tokens.customs)).body;
    assert.equal((await h.request('POST', `/offline-unseal/applications/${app.id}/approve`, {}, w.tokens.customs)).status, 200);
    await p.page.reload();
    await p.page.waitForSelector(`[data-testid=download][data-seal=${t.seals[1]}]`);
    await p.page.click(`[data-testid=download][data-seal=${t.seals[1]}]`);
    await p.page.waitForSelector(`[data-testid=token][data-seal=${t.seals[1]}]`);
    await p.shot('09-offline-token');
    await p.page.evaluate(async () => void (await navigator.serviceWorker.ready));

    // At the truck: no signal.
    await p.ctx.setOffline(true);
    await p.page.waitForSelector('[data-testid=offline-banner]');
    // The app opens with no signal too: the service worker serves the shell, the token is kept.
    await p.page.reload();
    await p.page.click('[data-testid=tab-offline]');
    await p.page.waitForSelector(`[data-testid=token][data-seal=${t.seals[1]}]`);
    await p.page.waitForSelector('[data-testid=offline-banner]');
    await p.page.click('[data-testid=offline-unseal]');
    await p.page.waitForSelector('[data-testid=outbox]');
    assert.match((await p.page.textContent('[data-testid=offline-message]')) ?? '', /已解封/);
    assert.match((await p.page.textContent('[data-testid=outbox]')) ?? '', /待上傳 1 筆/);
    assert.equal(seal.state, 'unlocked', 'the seal unlocked with no network');
    await p.shot('10-offline-unsealed');
    // The seal's own uplink reports the opening before the phone is back: a tamper, for now.
    await seal.publishReport();
    const [alert] = await eventually(async () => {
      const a = (await h.request('GET', `/alerts?type=seal_tamper&tripId=${encodeURIComponent(tripId)}`)).body.filter((x: any) => x.detail.sealId === seal.id);
      return a.length ? a : null;
    }, 10_000, 'tamper alert before the record');

    // Back online: the app uploads the record; the platform reconciles it with the seal's report.
    await p.ctx.setOffline(false);
    await p.page.waitForSelector('[data-testid=uploaded]', { timeout: 15_000 });
    await p.shot('11-offline-uploaded');
    const records = (await h.request('GET', `/seals/${seal.id}/offline-unseal-records`, undefined, w.tokens.customs)).body;
    assert.equal(records.length, 1);
    assert.deepEqual(records[0].reconciledAlerts, [alert.alertId]);
    assert.equal((await h.request('GET', `/alerts/${alert.alertId}`)).body.status, 'resolved');
    assert.deepEqual(p.problems.filter((x) => !x.includes('ERR_INTERNET_DISCONNECTED')), []);
    await p.ctx.close();
  });

  it('tells the person, in their language, when the platform refuses a record made offline', async () => {
    const p = await phone();
    await login(p, 'rp.dest');
    await p.page.waitForSelector('[data-testid=tab-offline]');
    // A record kept on the phone whose token the platform does not recognise (another platform's, say).
    await p.page.evaluate(() =>
      localStorage.setItem('sw.field.outbox', JSON.stringify([{ token: 'not-a-token', sealId: 'SEAL-X1', unsealedAt: new Date().toISOString(), by: 'rp.dest' }])),
    );
    await p.page.reload();
    const banner = await p.page.waitForSelector('[data-testid=record-refused]');
    const text = (await banner.textContent()) ?? '';
    // Permission granted in the test before: the token itself is what the platform refuses.
    assert.match(text, /封條 SEAL-X1 的離線解封紀錄未被平台接受：不是離線解封權杖/);
    assert.doesNotMatch(text, /offline-unseal token/);
    // It left the queue: the refusal is said once, not retried for ever.
    assert.equal(await p.page.evaluate(() => localStorage.getItem('sw.field.outbox')), '[]');
    await p.shot('12-offline-record-refused');
    await p.ctx.close();
  });
});
