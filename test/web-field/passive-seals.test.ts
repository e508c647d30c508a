// Passive seals in the field app, in a real browser at phone size (390×844) against the real
// platform: at the origin a responsible person applies the seal of one container by typing its
// number and of another by photographing the door with the seal's code (Code 128 made by bwip-js);
// at the destination the other yard's responsible person checks and removes one seal from a photo
// (Data Matrix), then the other with no signal: the reads wait on the phone with their own time and
// place, and when the connection is back they reach the platform exactly once, even when the first
// answer is lost on the way back. Taps are counted from the app's first screen.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { FIELD_APP_DIST } from '../../src/api/field-app.ts';
import { tripFixture } from '../monitor/scenario.ts';
import {
  DESTINATION, DRIVER_ID, FLEET_UBN, ORIGIN, PASSWORD, SENDER_UBN, doorPhoto, eventually, registerFieldWorld, startFieldHarness,
  type FieldHarness, type FieldWorld,
} from '../field/harness.ts';
import { doorWithSeal, type Symbology } from './seal-photos.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = resolve('test-artifacts/web-field');
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-background-networking', '--disable-component-update',
];
const AT_ORIGIN = { latitude: 22.6001, longitude: 120.3002 };
const AT_DESTINATION = { latitude: 22.6002, longitude: 120.4001 };

/** NDEFReader as Chrome for Android has it (permission already granted), and `__tapTag(text)` to hold a tag to the phone. */
const SIMULATED_NFC = `(() => {
  const readers = new Set();
  class NDEFReader extends EventTarget {
    async scan(opts) {
      readers.add(this);
      opts?.signal?.addEventListener('abort', () => readers.delete(this));
    }
  }
  window.NDEFReader = NDEFReader;
  const query = navigator.permissions.query.bind(navigator.permissions);
  navigator.permissions.query = (d) => (d && d.name === 'nfc' ? Promise.resolve({ state: 'granted' }) : query(d));
  window.__tapTag = (text) => {
    const data = new DataView(new TextEncoder().encode(text).buffer);
    for (const r of readers) {
      const e = new Event('reading');
      e.serialNumber = '04:a2:1b:7c';
      e.message = { records: [{ recordType: 'text', encoding: 'utf-8', lang: 'en', data }] };
      r.dispatchEvent(e);
    }
  };
})();`;

/** The newest modification time of the files under a directory. */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** The app `npm run build:web` built, when it is newer than its sources; else a fresh build of its own. */
async function fieldApp(tmp: string): Promise<string> {
  const built = join(FIELD_APP_DIST, 'index.html');
  const sources = Math.max(newest(resolve('web/field')), newest(resolve('web/shared')));
  if (existsSync(built) && statSync(built).mtimeMs > sources) return FIELD_APP_DIST;
  const out = join(tmp, 'app');
  await build({ configFile: resolve('web/field/vite.config.ts'), build: { outDir: out, emptyOutDir: true }, logLevel: 'warn' });
  return out;
}

interface Phone {
  ctx: BrowserContext;
  page: Page;
  problems: string[];
  shot(name: string): Promise<void>;
}

describe('passive seals in the field app (390×844)', { timeout: 120_000 }, () => {
  let h: FieldHarness;
  let w: Omit<FieldWorld, 'secrets'>;
  let browser: Browser;
  let tmp: string;
  const t = tripFixture(31, 'P');
  const [containerA, containerB] = t.containers;
  const sealA = 'EPS-310001';
  const sealB = 'EPS-310002';
  const containerC = tripFixture(32, 'P').containers[0];
  const sealC = 'EPS-310003';

  async function phone(where: { latitude: number; longitude: number }, opts: { nfc?: boolean } = {}): Promise<Phone> {
    const ctx = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-TW',
      timezoneId: 'Asia/Taipei',
      geolocation: where,
      permissions: ['geolocation'],
    });
    // Web NFC exists only on Android Chrome: a phone with NFC is given a reader the test can hold a tag to.
    if (opts.nfc) await ctx.addInitScript(SIMULATED_NFC);
    const page = await ctx.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/401|Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && !(r.status() === 401 && r.url().endsWith('/auth/me'))) problems.push(`${r.status()} ${r.url()}`);
    });
    return { ctx, page, problems, shot: async (name) => void (await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) })) };
  }

  async function login(p: Phone, username: string) {
    await p.page.goto(`${h.base}/field/`);
    await p.page.waitForSelector('[data-testid=login]');
    await p.page.fill('input[name=username]', username);
    await p.page.fill('input[name=password]', PASSWORD);
    await p.page.click('button.primary');
  }

  async function picture(name: string, code: string | null, symbology: Symbology = 'code128'): Promise<string> {
    const file = join(tmp, `${name}.png`);
    writeFileSync(file, code ? await doorWithSeal(code, symbology) : doorPhoto(640, 480));
    return file;
  }

  /** Tap a container of the list: the camera opens in the same tap; the file stands for the shutter. */
  async function tapContainerAndShoot(p: Phone, side: 'origin' | 'destination', container: string, file: string) {
    const chooser = p.page.waitForEvent('filechooser');
    await p.page.click(`[data-testid=seal-task][data-side=${side}][data-container=${container}]`);
    const fc = await chooser;
    assert.equal(await fc.element().getAttribute('capture'), 'environment');
    await fc.setFiles(file);
    await p.page.waitForSelector('[data-testid=seal-review] img');
  }

  const reads = async (sealNo: string) =>
    (await h.request('GET', `/seals/${encodeURIComponent(sealNo)}/reads`, undefined, w.tokens.customs)).body.reads as any[];

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
    mkdirSync(ARTIFACTS, { recursive: true });
    tmp = mkdtempSync(join(tmpdir(), 'sw-field-passive-'));
    h = await startFieldHarness({ fieldAppRoot: await fieldApp(tmp) });
    w = await registerFieldWorld(h);
    // A tractor with no OBU carrying two containers under passive seals (an e-seal and an e-paper seal).
    const ok = async (method: string, path: string, body: unknown) => {
      const r = await h.request(method, path, body);
      assert.ok(r.status < 300, `${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    };
    await ok('POST', '/vehicles', { plate: t.plate, kind: 'tractor', category: 1, fleetUbn: FLEET_UBN });
    await ok('POST', '/transport-notes', {
      cnNo: t.cnNo,
      function: '9',
      senderUbn: SENDER_UBN,
      origin: ORIGIN,
      destination: DESTINATION,
      containers: [
        { no: containerA, sealType: 'eseal', sealNos: [sealA] },
        { no: containerB, sealType: 'epaper_seal', sealNos: [sealB] },
        { no: containerC, sealType: 'eseal', sealNos: [sealC] },
      ],
      plate: t.plate,
      driverId: DRIVER_ID,
      transportCategory: 1,
      releaseCode: '1',
      requiresConfirmation: false,
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });

  after(async () => {
    await browser?.close();
    await h?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('applies at the origin: one seal typed, one read from a photo of its Code 128, one by NFC, 3 taps each', async () => {
    const p = await phone(AT_ORIGIN, { nfc: true });
    await login(p, 'rp.origin');
    await p.page.waitForSelector(`[data-testid=seal-task][data-side=origin][data-container=${containerA}]`);
    await p.shot('passive-01-origin-list');

    // Typed: the photo of the door shows no code, so the number is typed (checked as it is typed).
    let taps = 0;
    await tapContainerAndShoot(p, 'origin', containerA, await picture('door-plain', null));
    taps += 2; // the container (the camera opens), the shutter
    await p.page.waitForSelector('[data-testid=decode-none]');
    await p.page.fill('[data-testid=typed-seal]', 'EPS 31');
    await p.page.waitForSelector('[data-testid=typed-bad]');
    await p.page.fill('[data-testid=typed-seal]', 'EPS-319');
    await p.page.waitForSelector('[data-testid=typed-not-on-note]');
    assert.equal(await p.page.isDisabled('[data-testid=apply-submit]'), true);
    await p.page.fill('[data-testid=typed-seal]', 'eps-310001');
    await p.page.waitForSelector(`[data-testid=seal-row][data-seal=${sealA}][data-read=manual]`);
    await p.shot('passive-02-origin-typed');
    await p.page.click('[data-testid=apply-submit]');
    taps++; // apply
    await p.page.waitForSelector('[data-testid=seal-message]');
    assert.match((await p.page.textContent('[data-testid=seal-message]')) ?? '', new RegExp(`${containerA} 已加封`));
    assert.equal(taps, 3, 'typed: 3 taps and the number typed');
    const [applied] = await eventually(async () => ((await reads(sealA)).length ? reads(sealA) : null), 10_000, 'the typed read stored');
    assert.equal(applied.event, 'applied');
    assert.equal(applied.reader, 'manual');
    assert.equal(applied.facility, ORIGIN);
    assert.equal(applied.containerNo, containerA);
    assert.ok(Math.abs(applied.lat - AT_ORIGIN.latitude) < 1e-5 && Math.abs(applied.lon - AT_ORIGIN.longitude) < 1e-5, 'placed where the phone was');
    assert.ok(applied.photoUrl, 'the door photo is on the read');

    // Camera: the seal's Code 128 is read from the photo of the door.
    taps = 0;
    await p.page.waitForSelector(`[data-testid=seal-task][data-side=origin][data-container=${containerB}]`);
    await tapContainerAndShoot(p, 'origin', containerB, await picture('door-code128', sealB, 'code128'));
    taps += 2;
    await p.page.waitForSelector(`[data-testid=seal-row][data-seal=${sealB}][data-read=phone_camera]`, { timeout: 15_000 });
    await p.shot('passive-03-origin-camera');
    await p.page.click('[data-testid=apply-submit]');
    taps++;
    assert.equal(taps, 3, 'camera: 3 taps');
    const [appliedB] = await eventually(async () => ((await reads(sealB)).length ? reads(sealB) : null), 10_000, 'the camera read stored');
    assert.equal(appliedB.reader, 'phone_camera');
    assert.equal(appliedB.event, 'applied');
    // NFC: holding the phone to the seal picks its container and reads it (no tap); then the door
    // photo (the button, the shutter) and apply.
    taps = 0;
    await p.page.waitForSelector('[data-testid=nfc-on]');
    await p.page.waitForSelector(`[data-testid=seal-task][data-side=origin][data-container=${containerC}]`);
    await p.page.evaluate((seal) => (window as any).__tapTag(seal), sealC);
    await p.page.waitForSelector(`[data-testid=seal-review] [data-testid=seal-row][data-seal=${sealC}][data-read=phone_nfc]`);
    const chooser = p.page.waitForEvent('filechooser');
    await p.page.click('[data-testid=seal-photo]');
    taps++; // the door photo
    await (await chooser).setFiles(await picture('door-plain-c', null));
    taps++; // the shutter
    await p.page.waitForSelector('[data-testid=seal-review] img');
    await p.shot('passive-03b-origin-nfc');
    await p.page.click('[data-testid=apply-submit]');
    taps++;
    assert.equal(taps, 3, 'NFC with the door photo: 3 taps');
    const [appliedC] = await eventually(async () => ((await reads(sealC)).length ? reads(sealC) : null), 10_000, 'the NFC read stored');
    assert.equal(appliedC.reader, 'phone_nfc');
    assert.equal(appliedC.containerNo, containerC);
    assert.ok(appliedC.photoUrl);

    await p.page.waitForFunction(() => document.querySelectorAll('[data-testid=seal-task][data-side=origin]').length === 0, undefined, { timeout: 20_000 });
    const width = await p.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no horizontal scroll at 390 px (${width})`);
    assert.deepEqual(p.problems, []);
    await p.ctx.close();

    // Who sees which list: the origin's person nothing left, the destination's person the three containers,
    // a person of the same company at another facility nothing, a driver is refused.
    const tasks = async (token: string) => h.request('GET', '/field/passive/tasks', undefined, token);
    assert.deepEqual((await tasks(w.tokens.originRp)).body, []);
    const atDest = (await tasks(w.tokens.destRp)).body as any[];
    assert.deepEqual(atDest.map((x) => `${x.side} ${x.containerNo}`).sort(), [containerA, containerB, containerC].map((c) => `destination ${c}`).sort());
    assert.ok(atDest.every((x) => x.facility === DESTINATION && x.seals.every((s: any) => s.applied && !s.removed)));
    assert.deepEqual((await tasks(w.tokens.otherRp)).body, []);
    assert.equal((await tasks(w.tokens.driver)).status, 403);

    // The truck leaves through the origin's gate: the trip is on its way.
    const gate = await h.request('POST', '/gate-events', { facility: ORIGIN, lane: 'OUT-1', direction: 'out', plate: t.plate, containerNos: [containerA, containerB, containerC], source: 'ocr' });
    assert.ok(gate.status < 300, JSON.stringify(gate.body));
  });

  it('checks and removes at the destination from a photo of the seal’s Data Matrix, and reports a foreign seal, 3 taps each', async () => {
    const p = await phone(AT_DESTINATION);
    await login(p, 'rp.dest');
    await p.page.waitForSelector(`[data-testid=seal-task][data-side=destination][data-container=${containerA}]`);
    await p.shot('passive-04-destination-list');
    // English on request.
    await p.page.click('[data-testid=lang]');
    await p.page.waitForSelector('text=To check and remove');
    assert.match((await p.page.textContent('[data-testid=tab-confirm]')) ?? '', /Seals/);
    await p.shot('passive-04b-destination-list-en');
    await p.page.click('[data-testid=lang]');
    await p.page.waitForSelector('text=待核對拆封');
    let taps = 0;
    await tapContainerAndShoot(p, 'destination', containerA, await picture('door-datamatrix', sealA, 'datamatrix'));
    taps += 2;
    await p.page.waitForSelector(`[data-testid=seal-row][data-seal=${sealA}][data-read=phone_camera]`, { timeout: 15_000 });
    await p.shot('passive-05-destination-review');
    await p.page.click('[data-testid=remove-submit]');
    taps++;
    assert.equal(taps, 3);
    await p.page.waitForSelector('[data-testid=seal-message]');
    assert.match((await p.page.textContent('[data-testid=seal-message]')) ?? '', /已核對拆封/);
    const list = await eventually(async () => ((await reads(sealA)).length === 3 ? reads(sealA) : null), 10_000, 'check and removal stored');
    assert.deepEqual(list.map((r) => r.event), ['applied', 'checked', 'removed']);
    assert.ok(list.slice(1).every((r) => r.facility === DESTINATION && r.reader === 'phone_camera'));

    // Container C arrives with another seal on its door: the phone says so, nothing is removed, and the
    // report raises seal_mismatch for customs (3 taps).
    taps = 0;
    await tapContainerAndShoot(p, 'destination', containerC, await picture('door-foreign', 'EPS-999999', 'qrcode'));
    taps += 2;
    await p.page.waitForSelector('[data-testid=seal-mismatch]', { timeout: 15_000 });
    assert.match((await p.page.textContent('[data-testid=seal-mismatch]')) ?? '', /EPS-999999/);
    assert.equal(await p.page.isDisabled('[data-testid=remove-submit]'), true);
    await p.shot('passive-05b-destination-mismatch');
    await p.page.click('[data-testid=check-submit]');
    taps++;
    assert.equal(taps, 3);
    const [mismatch] = await eventually(async () => {
      const a = (await h.request('GET', '/alerts?type=seal_mismatch', undefined, w.tokens.customs)).body as any[];
      return a.length ? a : null;
    }, 10_000, 'seal_mismatch raised');
    assert.equal(mismatch.detail.sealNo, 'EPS-999999');
    assert.deepEqual(mismatch.detail.expectedSealNos, [sealC]);
    assert.equal((await reads(sealC)).filter((r) => r.event === 'removed').length, 0, 'the note’s seal is not removed');
    assert.deepEqual(p.problems, []);
    await p.ctx.close();
  });

  it('a read taken with no signal waits on the phone and is uploaded once when the signal is back', async () => {
    const p = await phone(AT_DESTINATION);
    await login(p, 'rp.dest');
    await p.page.waitForSelector(`[data-testid=seal-task][data-side=destination][data-container=${containerB}]`);
    const photo = await picture('door-qr', sealB, 'qrcode');

    await p.ctx.setOffline(true);
    await p.page.waitForSelector('[data-testid=offline-banner]');
    const takenFrom = Date.now();
    await tapContainerAndShoot(p, 'destination', containerB, photo);
    await p.page.waitForSelector(`[data-testid=seal-row][data-seal=${sealB}][data-read=phone_camera]`, { timeout: 15_000 });
    await p.page.click('[data-testid=remove-submit]');
    await p.page.waitForSelector('[data-testid=read-outbox]');
    assert.match((await p.page.textContent('[data-testid=read-outbox]')) ?? '', /待上傳 2 筆/);
    assert.match((await p.page.textContent('[data-testid=seal-message]')) ?? '', /無訊號/);
    await p.shot('passive-06-offline-queued');
    const takenUntil = Date.now();
    assert.equal((await reads(sealB)).length, 1, 'nothing reached the platform while offline');
    await new Promise((r) => setTimeout(r, 1500));

    // The signal is back, but the platform's first answer is lost on the way to the phone.
    let lost = 0;
    await p.page.route('**/api/v1/seal-reads', async (route) => {
      if (lost === 0 && route.request().method() === 'POST') {
        lost++;
        await route.fetch();
        await route.abort('connectionreset');
        return;
      }
      await route.continue();
    });
    const backOnline = Date.now();
    await p.ctx.setOffline(false);
    await eventually(async () => ((await reads(sealB)).length === 3 ? true : null), 15_000, 'the reads reached the platform');
    assert.equal(lost, 1);
    assert.match((await p.page.textContent('[data-testid=read-outbox]')) ?? '', /待上傳 2 筆/, 'the phone did not hear the answer: it keeps them');
    await p.page.unrouteAll({ behavior: 'wait' });

    // Opened again: the phone sends them again; the platform knows them by their readId.
    await p.page.reload();
    await p.page.waitForSelector('[data-testid=reads-uploaded]', { timeout: 15_000 });
    assert.equal(await p.page.locator('[data-testid=read-outbox]').count(), 0);
    await p.shot('passive-07-uploaded');
    const list = await reads(sealB);
    assert.deepEqual(list.map((r) => r.event), ['applied', 'checked', 'removed'], 'each read once');
    for (const r of list.slice(1)) {
      const readAt = Date.parse(r.readAt);
      assert.ok(readAt >= takenFrom - 1000 && readAt <= takenUntil, `read at its own time (${r.readAt})`);
      assert.ok(Date.parse(r.receivedAt) >= backOnline, 'received after the signal came back');
      assert.ok(Math.abs(r.lat - AT_DESTINATION.latitude) < 1e-5 && Math.abs(r.lon - AT_DESTINATION.longitude) < 1e-5, 'at its own place');
      assert.ok(r.photoUrl, 'with the door photo');
    }
    assert.deepEqual(
      p.problems.filter((x) => !/ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_RESET|seal-reads/.test(x)),
      [],
    );
    await p.ctx.close();
  });
});
