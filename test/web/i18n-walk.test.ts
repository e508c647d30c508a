// Every page of the console, the field app and the portal in zh-TW, as the people who use them:
// a page with English text outside data values fails (see untranslated.ts for what counts as data),
// and each page is photographed at desktop (1280×800) and phone (390×844) size into
// test-artifacts/pages/<app>-<page>-<size>.png. One server, one browser, one context per role.
// The route lists below are one array per app: a new page is one more line.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { CUSTOMS_UBN } from '../../src/store/bootstrap.ts';
import { DRIVER_ID, PASSWORD, registerFieldTrip, registerFieldWorld } from '../field/harness.ts';
import { tripFixture } from '../monitor/scenario.ts';
import { cannotRun, login, startHarness, type Harness } from './harness.ts';
import { findUntranslated, type Untranslated } from './untranslated.ts';

const SHOTS = resolve('test-artifacts/pages');
const SIZES = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** What the routes need: ids made by the data set-up. */
interface Data {
  /** Names the test registered, shown as data on many pages (facility names, in English in the sample). */
  values: string[];
  tripId: string | null;
  plate: string;
  containerNo: string;
  facility: string;
}

type Role = 'officer' | 'admin' | 'rpConsole' | 'driver' | 'rp' | 'fleet' | 'yard' | 'trader' | 'supplier' | 'anonymous';

interface Route {
  name: string;
  role: Role;
  /** The URL after the server's base: a path and hash. */
  url: (d: Data) => string;
  /** Something on the page once it has its content. */
  ready?: string;
}

/** The console (web/src/router.ts): every view, as a customs officer who is also an administrator. */
export const CONSOLE_ROUTES: Route[] = [
  { name: 'login', role: 'anonymous', url: () => '/', ready: 'input[name=username]' },
  { name: 'wrong-app', role: 'rpConsole', url: () => '/#/map', ready: '[data-testid=wrong-app]' },
  { name: 'map', role: 'officer', url: () => '/#/map' },
  { name: 'alerts', role: 'officer', url: () => '/#/alerts' },
  { name: 'trip', role: 'officer', url: (d) => (d.tripId ? `/#/trips/${encodeURIComponent(d.tripId)}` : '/#/map') },
  { name: 'vehicle-history', role: 'officer', url: (d) => `/#/vehicles/${encodeURIComponent(d.plate)}/history` },
  { name: 'search', role: 'officer', url: (d) => `/#/search?q=${encodeURIComponent(d.containerNo)}` },
  { name: 'overview', role: 'officer', url: () => '/#/overview' },
  { name: 'reports', role: 'officer', url: () => '/#/reports' },
  { name: 'risk', role: 'officer', url: () => '/#/risk' },
  { name: 'cases', role: 'officer', url: () => '/#/cases' },
  { name: 'desk', role: 'officer', url: () => '/#/desk' },
  { name: 'portal-review', role: 'officer', url: () => '/#/portal' },
  { name: 'exceptions', role: 'officer', url: () => '/#/exceptions' },
  { name: 'container', role: 'officer', url: (d) => `/#/containers/${encodeURIComponent(d.containerNo)}` },
  { name: 'lanes', role: 'officer', url: () => '/#/lanes' },
  { name: 'traffic', role: 'officer', url: () => '/#/traffic' },
  { name: 'reference-facilities', role: 'officer', url: () => '/#/reference/facilities' },
  { name: 'reference-facility', role: 'officer', url: (d) => `/#/reference/facilities/${d.facility}` },
  { name: 'reference-routes', role: 'officer', url: () => '/#/reference/routes' },
  { name: 'reference-params', role: 'officer', url: () => '/#/reference/params' },
  { name: 'users', role: 'officer', url: () => '/#/users', ready: '[data-testid=user-officer]' },
  { name: 'api-keys', role: 'officer', url: () => '/#/api-keys', ready: '[data-testid=api-keys-page]' },
  { name: 'devices', role: 'officer', url: () => '/#/devices', ready: '[data-testid=device-row]' },
  { name: 'webhooks', role: 'officer', url: () => '/#/webhooks', ready: '[data-testid=webhooks-page]' },
  { name: 'audit', role: 'officer', url: () => '/#/audit', ready: '[data-testid=audit-row]' },
  { name: 'users-readonly', role: 'admin', url: () => '/#/users', ready: '[data-testid=read-only]' },
];

/** The field app (web/field/src/App.tsx): each role's screens. */
export const FIELD_ROUTES: Route[] = [
  { name: 'login', role: 'anonymous', url: () => '/field/', ready: '[data-testid=login]' },
  { name: 'driver-vehicle-login', role: 'driver', url: () => '/field/', ready: '[data-testid=driver-login]' },
  { name: 'driver-task', role: 'driver', url: () => '/field/#task', ready: '[data-testid=driver-task]' },
  { name: 'seal-work', role: 'rp', url: () => '/field/#confirm', ready: '[data-testid=tab-confirm].on' },
  { name: 'unseal', role: 'rp', url: () => '/field/#unseal', ready: '[data-testid=seal-search]' },
  { name: 'offline-unseal', role: 'rp', url: () => '/field/#offline', ready: '[data-testid=offline], [data-testid=offline-apply]' },
  { name: 'nothing-to-do', role: 'fleet', url: () => '/field/', ready: '[data-testid=nothing-to-do]' },
];

/** The portal (web/portal/src/App.tsx): its tabs, as the company roles that have them. */
export const PORTAL_ROUTES: Route[] = [
  { name: 'home', role: 'anonymous', url: () => '/portal/#/home', ready: '[data-testid=home]' },
  { name: 'login', role: 'anonymous', url: () => '/portal/#/login', ready: 'input[name=username]' },
  { name: 'yard', role: 'yard', url: () => '/portal/#/yard' },
  { name: 'trader', role: 'trader', url: () => '/portal/#/trader' },
  { name: 'fleet', role: 'fleet', url: () => '/portal/#/fleet' },
  { name: 'supplier', role: 'supplier', url: () => '/portal/#/supplier' },
  { name: 'applications', role: 'fleet', url: () => '/portal/#/applications' },
  { name: 'contact', role: 'fleet', url: () => '/portal/#/contact', ready: '[data-testid=contact-form]' },
  { name: 'notifications', role: 'yard', url: () => '/portal/#/notifications' },
];

/**
 * English found in pages this suite does not own, left for their owners: each entry is the start of
 * a report line. Fixing one prints a note to delete its line; a new string fails the test.
 */
const KNOWN_UNTRANSLATED: string[] = [
];

const TRADE_UBN = '12345681';
const PEOPLE: Partial<Record<Role, { username: string; companyUbn?: string; roles?: string[] }>> = {
  admin: { username: 'viewer.officer', companyUbn: CUSTOMS_UBN, roles: ['customs_officer'] },
  rpConsole: { username: 'rp.origin' },
  driver: { username: 'driver.one' },
  rp: { username: 'rp.origin' },
  fleet: { username: 'portal.fleet', companyUbn: TRADE_UBN, roles: ['fleet_operator'] },
  yard: { username: 'portal.yard', companyUbn: TRADE_UBN, roles: ['yard_operator'] },
  trader: { username: 'portal.trader', companyUbn: TRADE_UBN, roles: ['trader'] },
  supplier: { username: 'portal.supplier', companyUbn: TRADE_UBN, roles: ['supplier'] },
};

describe('every page in zh-TW, with screenshots', { skip: cannotRun() ?? false, timeout: 600_000 }, () => {
  let h: Harness;
  let data: Data;
  const contexts = new Map<Role, { ctx: BrowserContext; page: Page }>();
  const found: (Untranslated & { page: string })[] = [];

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    h = await startHarness();
    const requester = {
      async request(method: string, path: string, body?: unknown, auth?: string | null) {
        const a = auth === undefined ? `Bearer ${h.adminKey}` : auth ? (auth.startsWith('Basic ') ? auth : `Bearer ${auth}`) : undefined;
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
    const t = tripFixture(3, 'P');
    const secrets = await registerFieldTrip(requester as never, t);
    // The OBU reports the seals locked: a trip, a device with a battery and a last report.
    const report = { deviceId: t.obu, ts: new Date().toISOString(), lat: 22.6, lon: 120.3, speedKmh: 0, hdop: 1, battery: 87, seals: t.seals.map((id) => ({ id, state: 'locked', link: 'ok', battery: 88 })) };
    assert.equal((await requester.request('POST', '/telemetry', report, `Basic ${Buffer.from(`${t.obu}:${secrets[t.obu]}`).toString('base64')}`)).status, 202);
    await h.api('POST', '/companies', { ubn: TRADE_UBN, name: '長榮物流股份有限公司', roles: ['yard', 'fleet', 'trader', 'supplier'] });
    for (const p of Object.values(PEOPLE)) {
      if (p.roles) await h.api('POST', '/users', { username: p.username, name: p.username, companyUbn: p.companyUbn, roles: p.roles, password: PASSWORD });
    }
    // The trip the report started, once the engine has applied it (bounded wait, no timing asserted).
    let tripId: string | null = null;
    for (let i = 0; i < 50 && !tripId; i++) {
      const trips = await h.api<any>('GET', '/trips');
      tripId = (Array.isArray(trips) ? trips : (trips.items ?? []))[0]?.tripId ?? null;
      if (!tripId) await new Promise((r) => setTimeout(r, 100));
    }
    const facilities = await h.api<any[]>('GET', '/facilities');
    const routes = await h.api<any[]>('GET', '/routes');
    data = {
      values: [...facilities.flatMap((f) => [f.name, f.nameEn]), ...routes.flatMap((r) => [r.name, r.nameEn])]
        .filter((v): v is string => typeof v === 'string')
        .flatMap((v) => [v, v.replace(/\s*\(sample\)$/, '')]),
      tripId,
      plate: t.plate,
      containerNo: t.containers[0],
      facility: facilities[0].code,
    };
  });

  after(async () => {
    for (const { ctx } of contexts.values()) await ctx.close().catch(() => undefined);
    await h?.close();
  });

  /** The page of a role, logged in (the console through its form, the apps by the shared cookie). */
  async function pageOf(role: Role, app: 'console' | 'field' | 'portal'): Promise<Page> {
    const have = contexts.get(role);
    if (have) return have.page;
    const ctx = await h.browser.newContext({ viewport: SIZES[0], locale: 'zh-TW', timezoneId: 'Asia/Taipei' });
    const page = await ctx.newPage();
    contexts.set(role, { ctx, page });
    if (role === 'anonymous') return page;
    if (role === 'officer') {
      await login({ page, problems: null as never, shot: null as never }, h);
      return page;
    }
    const who = PEOPLE[role]!;
    if (app === 'console') {
      await page.goto(h.base + '/');
      await page.fill('input[name=username]', who.username);
      await page.fill('input[name=password]', PASSWORD);
      await page.click('button[type=submit]');
      await page.waitForSelector('.topbar, [data-testid=wrong-app]');
    } else {
      const r = await ctx.request.post(`${h.base}/api/v1/auth/login`, { data: { username: who.username, password: PASSWORD } });
      assert.equal(r.status(), 200, await r.text());
    }
    return page;
  }

  async function settle(page: Page, ready?: string): Promise<void> {
    if (ready) await page.waitForSelector(ready, { timeout: 15_000 });
    await page.waitForFunction(() => !document.querySelector('.splash') && !/載入中/.test(document.body.innerText), undefined, { timeout: 15_000 });
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
  }

  async function walk(app: 'console' | 'field' | 'portal', routes: Route[]): Promise<void> {
    for (const route of routes) {
      const page = await pageOf(route.role, app);
      for (const size of SIZES) {
        await page.setViewportSize({ width: size.width, height: size.height });
        if (size === SIZES[0]) {
          await page.goto(h.base + route.url(data));
          // The field app reads its tab from the address when it starts.
          if (app === 'field') await page.reload();
        }
        if (route.name === 'driver-task' && size === SIZES[0] && !(await page.$('[data-testid=driver-task]'))) {
          await page.waitForSelector('[data-testid=driver-login]');
          await page.fill('input[name=nationalId]', DRIVER_ID);
          await page.fill('input[name=plate]', 'KNA6003');
          await page.click('[data-testid=driver-login] button.primary');
        }
        await settle(page, route.ready);
        for (const f of await findUntranslated(page, data.values)) found.push({ ...f, page: `${app}-${route.name}@${size.name}` });
        await page.screenshot({ path: join(SHOTS, `${app}-${route.name}-${size.name}.png`) });
      }
    }
  }

  it('the console', async () => {
    await walk('console', CONSOLE_ROUTES);
  });

  it('the field app', async () => {
    await walk('field', FIELD_ROUTES);
  });

  it('the portal', async () => {
    await walk('portal', PORTAL_ROUTES);
  });

  it('shows no English outside data values on any page', (tc) => {
    const unique = new Map<string, string[]>();
    for (const f of found) {
      const k = `${f.text}  (${f.where})`;
      unique.set(k, [...(unique.get(k) ?? []), f.page]);
    }
    const report = [...unique].map(([k, pages]) => `${k} on ${[...new Set(pages.map((p) => p.split('@')[0]))].join(', ')}`);
    const known = report.filter((r) => KNOWN_UNTRANSLATED.some((k) => r.startsWith(k)));
    for (const k of known) tc.diagnostic(`known, not yet translated: ${k}`);
    for (const k of KNOWN_UNTRANSLATED.filter((k) => !report.some((r) => r.startsWith(k)))) tc.diagnostic(`translated now, remove from KNOWN_UNTRANSLATED: ${k}`);
    const fresh = report.filter((r) => !known.includes(r));
    assert.deepEqual(fresh, [], `untranslated text:\n${fresh.join('\n')}`);
  });
});
