// Browser tests of the Joint Management Center: the real server in-process (PGlite in memory,
// the platform's extensions), data made through the real API, and Debian's Chromium driven by
// playwright-core. Every page is watched: a console error, an uncaught exception or a request
// answered 4xx/5xx fails the test unless the test expected it.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { newSecret } from '../../src/auth/secrets.ts';
import { loadConfig } from '../../src/config.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { CUSTOMS_UBN } from '../../src/store/bootstrap.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = resolve('test-artifacts/web');
export const WEB_BUILT = existsSync(resolve('web/dist/index.html'));

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
];

/** Why the browser tests cannot run here, or null when they can. */
export function cannotRun(): string | null {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install chromium)`;
  if (!WEB_BUILT) return 'web/dist is not built (npm run build:web)';
  return null;
}

export interface Problems {
  list: string[];
  /** The problems seen since the last call, and forget them. */
  take(): string[];
  /** Responses with these statuses on URLs containing this text are expected (a test of an error). */
  allow(status: number, urlPart: string): void;
}

export interface WatchedPage {
  page: Page;
  problems: Problems;
  shot(name: string): Promise<string>;
}

export interface Harness {
  server: RunningServer;
  base: string;
  adminKey: string;
  browser: Browser;
  officer: { username: string; password: string; name: string };
  /** The API as an admin system would call it; throws on an unexpected status. */
  api<T = any>(method: string, path: string, body?: unknown, auth?: string): Promise<T>;
  newPage(opts?: { locale?: string }): Promise<WatchedPage>;
  close(): Promise<void>;
}

/** `env`: settings as the server reads them (e.g. MAP_STYLE_URL), on top of the defaults. */
export async function startHarness(opts: { env?: NodeJS.ProcessEnv } = {}): Promise<Harness> {
  const adminKey = newSecret('swk');
  const config = { ...loadConfig(opts.env ?? {}), checkResponses: true, httpPort: 0, httpHost: '127.0.0.1', mqttPort: 0, jt808Port: 0, adminKey, databaseUrl: undefined };
  const server = await startServer(config, { inMemory: true, logger: false });
  const base = `http://127.0.0.1:${server.httpPort}`;

  const api = async <T>(method: string, path: string, body?: unknown, auth = `Bearer ${adminKey}`): Promise<T> => {
    const res = await fetch(base + '/api/v1' + path, {
      method,
      headers: { authorization: auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };

  const officer = { username: 'officer.chen', password: 'correct horse battery', name: '陳志明' };
  // A supervising officer: watches and handles alerts (customs_officer) and keeps reference data (customs_admin).
  await api('POST', '/users', { username: officer.username, name: officer.name, companyUbn: CUSTOMS_UBN, roles: ['customs_officer', 'customs_admin'], password: officer.password });

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];
  mkdirSync(ARTIFACTS, { recursive: true });

  return {
    server,
    base,
    adminKey,
    browser,
    officer,
    api,
    async newPage(opts = {}) {
      const context = await browser.newContext({ viewport: { width: 1600, height: 900 }, locale: opts.locale ?? 'zh-TW', timezoneId: 'Asia/Taipei' });
      contexts.push(context);
      const page = await context.newPage();
      const allowed: { status: number; urlPart: string }[] = [];
      const list: string[] = [];
      const isAllowed = (status: number, url: string) => allowed.some((a) => a.status === status && url.includes(a.urlPart));
      page.on('console', (m) => {
        if (m.type() !== 'error') return;
        // Chromium also logs each failed load; an expected one is not an error.
        const status = /status of (\d{3})/.exec(m.text());
        if (status && isAllowed(Number(status[1]), m.location().url)) return;
        list.push(`console error: ${m.text()} (${m.location().url})`);
      });
      page.on('pageerror', (e) => list.push(`page error: ${e.message}`));
      page.on('response', (r) => {
        if (r.status() >= 400 && !isAllowed(r.status(), r.url())) {
          list.push(`${r.request().method()} ${r.url()} → ${r.status()}`);
        }
      });
      page.on('requestfailed', (r) => {
        const why = r.failure()?.errorText ?? '';
        // A request the page itself abandoned (navigation, an aborted fetch) is not a failure.
        if (!why.includes('ERR_ABORTED')) list.push(`${r.method()} ${r.url()} failed: ${why}`);
      });
      return {
        page,
        problems: { list, take: () => list.splice(0), allow: (status, urlPart) => allowed.push({ status, urlPart }) },
        async shot(name) {
          const file = join(ARTIFACTS, `${name}.png`);
          await page.screenshot({ path: file });
          return file;
        },
      };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await server.close();
    },
  };
}

/** The sample Taiwan facilities and routes shipped under data/, loaded through the API. */
export async function loadSampleReference(h: Harness): Promise<{ facilities: any[]; routes: any[] }> {
  const facilities = JSON.parse(readFileSync(resolve('data/sample/facilities.json'), 'utf8'));
  const routes = JSON.parse(readFileSync(resolve('data/sample/routes.json'), 'utf8'));
  const existing = new Set((await h.api<any[]>('GET', '/facilities')).map((f) => f.code));
  for (const f of facilities) if (!existing.has(f.code)) await h.api('POST', '/facilities', f);
  const existingRoutes = new Set((await h.api<any[]>('GET', '/routes')).map((r) => r.code));
  for (const r of routes) if (!existingRoutes.has(r.code)) await h.api('POST', '/routes', r);
  return { facilities, routes };
}

export async function login(w: WatchedPage, h: Harness): Promise<void> {
  await w.page.goto(h.base + '/');
  await w.page.fill('input[name=username]', h.officer.username);
  await w.page.fill('input[name=password]', h.officer.password);
  await w.page.click('button[type=submit]');
  await w.page.waitForSelector('.topbar');
}

/** Whether the monitoring engine and /stream run in this server (extensions may not be wired yet). */
export function liveMonitoring(h: Harness): boolean {
  return !!h.server.ctx.services.monitor && !!h.server.ctx.services.stream;
}

/** Opens a console view from the top bar, opening the menu it is grouped under first. */
export async function openNav(page: Page, view: string): Promise<void> {
  const link = page.locator(`[data-testid=nav-${view}]`);
  if (!(await link.isVisible())) {
    const group = await page.locator(`[data-testid^=nav-group-]`).evaluateAll(
      (buttons, v) => buttons.find((b) => (b as HTMLElement).dataset.testid && b.parentElement?.dataset.views?.split(' ').includes(v))?.getAttribute('data-testid') ?? null,
      view,
    );
    if (!group) throw new Error(`no tab or menu for ${view}`);
    await page.click(`[data-testid=${group}]`);
  }
  await link.click();
}

/**
 * Waits until an async page function answers something truthy and returns that answer. Playwright's
 * waitForFunction takes the Promise an async function returns as its truthy answer and stops at
 * once, so a condition that needs an await (a map source, the service worker) is polled here.
 */
export async function waitForAsync<T>(page: Page, fn: () => Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const answer = await page.evaluate(fn);
    if (answer) return answer as NonNullable<T>;
    if (Date.now() > until) throw new Error(`page condition not met within ${timeoutMs} ms: ${fn.toString().slice(0, 200)}`);
    await page.waitForTimeout(50);
  }
}
