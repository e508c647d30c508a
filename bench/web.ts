// The Joint Management Center under load: 5,000 live vehicles each reporting once a second are
// pushed through the real server's /stream (published on its stream hub, so the WebSocket
// fan-out is the production one) into the live map in Chromium. Prints JSON: the main thread's
// busy share (CDP TaskDuration over wall time), its CPU share (CDP ThreadTime: CPU time, which a
// busy shared machine inflates less than wall time) and update-to-screen delay (arrival in the page
// to the frame that shows it, and from the server's stamp to that frame). The baseline, measured in
// the same run just before the load, is the same page with the map idle and no vehicle reporting:
// `vsIdle` gives the loaded figures as ratios to it.
//
//   node --import tsx bench/web.ts [--vehicles 5000] [--seconds 20] [--warmup 5] [--profile] [--baseline-dist <dir>]
//   (or: npx sealwatch bench web ...)
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { newSecret } from '../src/auth/secrets.ts';
import { loadConfig } from '../src/config.ts';
import type { PositionOutput } from '../src/core/types.ts';
import { startServer } from '../src/server.ts';
import type { StreamHub } from '../src/stream/hub.ts';
import { CUSTOMS_UBN } from '../src/store/bootstrap.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const VEHICLES = arg('vehicles', 5000);
const SECONDS = arg('seconds', 20);
const WARMUP = arg('warmup', 5);
/** Each second's reports go out in this many slices, as stored batches reach the hub. */
const SLICES = 10;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

type Pos = [number, number];

const quantile = (xs: number[], q: number) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))] * 10) / 10;
};

/** Vehicles spread over the sample routes, each moving along its path a little every second. */
function makeFleet(n: number) {
  const routes: { path: { coordinates: Pos[] } }[] = JSON.parse(readFileSync(resolve('data/sample/routes.json'), 'utf8'));
  return Array.from({ length: n }, (_, i) => {
    const path = routes[i % routes.length].path.coordinates;
    return { plate: `BEN${String(i).padStart(5, '0')}`, path, at: (i * 7919) % path.length, jitter: ((i * 104729) % 1000) / 1e6 };
  });
}

/** Self time per function from a CPU profile, the largest first (for `--profile`). */
function summarize(profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[]; samples?: number[]; timeDeltas?: number[] }) {
  const self = new Map<number, number>();
  (profile.samples ?? []).forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0)));
  const byName = new Map<string, number>();
  for (const n of profile.nodes) {
    const key = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
    byName.set(key, (byName.get(key) ?? 0) + (self.get(n.id) ?? 0) / 1000);
  }
  return [...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([fn, ms]) => ({ fn, ms: Math.round(ms) }));
}

/** One full measurement of the console built in `dist`, on its own server and browser. */
async function measure(dist: string) {
  if (!existsSync(resolve(dist, 'index.html'))) throw new Error(`${dist} is not built: npm run build:web`);
  const adminKey = newSecret('swk');
  const config = loadConfig({});
  // The web app served from `dist` (the server's default is web/dist): a baseline build can be served the same way.
  const web = { ...config.web, root: resolve(dist) } as typeof config.web;
  const server = await startServer({ ...config, web, httpPort: 0, httpHost: '127.0.0.1', mqttPort: 0, jt808Port: 0, adminKey, databaseUrl: undefined }, { inMemory: true, logger: false });
  const hub = server.ctx.services.stream as StreamHub | undefined;
  if (!hub) throw new Error('the server has no stream hub (monitor extension not wired)');
  const base = `http://127.0.0.1:${server.httpPort}`;
  const password = 'correct horse battery';
  const res = await fetch(`${base}/api/v1/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench.officer', name: 'Bench', companyUbn: CUSTOMS_UBN, roles: ['customs_officer'], password }),
  });
  if (!res.ok) throw new Error(`creating the officer: ${res.status} ${await res.text()}`);

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking', '--disable-component-update'],
  });
  const page = await (await browser.newContext({ viewport: { width: 1600, height: 900 }, locale: 'zh-TW', timezoneId: 'Asia/Taipei' })).newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${base}/?perf`);
  await page.fill('input[name=username]', 'bench.officer');
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=live-map][data-ready="1"]');
  await page.waitForSelector('[data-testid=stream-status][data-status=live]');

  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metric = async (name: string) => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m: { name: string }) => m.name === name)?.value ?? 0;
  };
  const taskDuration = () => metric('TaskDuration');
  /** Main-thread busy (wall) and CPU shares over `seconds` of whatever the page is doing. */
  const shares = async (seconds: number) => {
    const [b0, c0, w0] = [await taskDuration(), await metric('ThreadTime'), Date.now()];
    await page.waitForTimeout(seconds * 1000);
    const [b1, c1] = [await taskDuration(), await metric('ThreadTime')];
    const wall = (Date.now() - w0) / 1000;
    return { wall, busy: (b1 - b0) / wall, cpu: (c1 - c0) / wall };
  };
  // What one repaint of the map costs here before any vehicle arrives: software WebGL sets the floor.
  const r0 = await taskDuration();
  await page.evaluate(`(async () => { const m = window.__swMap; for (let i = 0; i < 10; i++) await new Promise((q) => { m.once('render', q); m.triggerRepaint(); }); })()`);
  const emptyMapFrameMs = Math.round(((await taskDuration()) - r0) * 100);

  const idle = await shares(Math.min(WARMUP, 5));

  const fleet = makeFleet(VEHICLES);
  let sent = 0;
  const publishSlice = (slice: number) => {
    const now = new Date().toISOString();
    const events = [];
    for (let i = slice; i < fleet.length; i += SLICES) {
      const v = fleet[i];
      v.at = (v.at + 1) % v.path.length;
      const [lon, lat] = v.path[v.at];
      const position: PositionOutput = { tripId: null, plate: v.plate, deviceId: `OBU-${v.plate}`, ts: now, lat: lat + v.jitter, lon: lon + v.jitter, speedKmh: 50, heading: 0 };
      events.push({ type: 'position' as const, at: now, data: position, audience: [] as string[] });
    }
    hub.publish(events);
    sent += events.length;
  };
  let slice = 0;
  const timer = setInterval(() => publishSlice(slice++ % SLICES), 1000 / SLICES);

  await page.waitForTimeout(WARMUP * 1000);
  // Interactivity: every main-thread task over 50 ms in the window (what delays a click or a key).
  await page.evaluate(() => {
    const w = window as any;
    w.__swLongTasks = [] as number[];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__swLongTasks.push(e.duration);
    }).observe({ type: 'longtask' });
  });
  await page.evaluate(() => (window as any).__swPerf.reset());
  const sentBefore = sent;
  const t0 = await taskDuration();
  const cpu0 = await metric('ThreadTime');
  const wall0 = Date.now();
  const profiling = process.argv.includes('--profile');
  if (profiling) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  await page.waitForTimeout(SECONDS * 1000);
  const t1 = await taskDuration();
  const cpu1 = await metric('ThreadTime');
  const sentDuring = sent - sentBefore;
  const hotspots = profiling ? summarize((await cdp.send('Profiler.stop')).profile) : undefined;
  const wall = (Date.now() - wall0) / 1000;
  const probe = await page.evaluate(() => {
    const p = (window as any).__swPerf;
    return { delays: p.delays as number[], endToEnd: p.endToEnd as number[], frames: p.frames as number };
  });
  // A baseline build may predate the WebGL layer and keep its vehicles in a GeoJSON source.
  const onMap = await page.evaluate(async () => {
    const w = window as any;
    return (w.__swVehicles ? w.__swVehicles.drawn.length : (await w.__swMap.getSource('vehicles').getData()).features.length) as number;
  });
  const longTasks = await page.evaluate(() => (window as any).__swLongTasks as number[]);
  // An officer switching views under the full load: click → the other page on screen.
  const clicks: number[] = [];
  // A page too busy to answer within 10 s counts as such rather than ending the run.
  let clicksTimedOut = 0;
  for (let i = 0; i < 5; i++) {
    for (const [tab, selector] of [['alerts', '.page-alerts'], ['map', '[data-testid=live-map]']]) {
      const c0 = Date.now();
      try {
        await page.click(`[data-testid=nav-${tab}]`, { timeout: 10_000 });
        await page.waitForSelector(selector, { timeout: 10_000 });
        clicks.push(Date.now() - c0);
      } catch {
        clicksTimedOut++;
      }
    }
  }
  clearInterval(timer);

  const busy = (t1 - t0) / wall;
  const cpu = (cpu1 - cpu0) / wall;
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  const out = {
    bench: 'web-live-map',
    vehicles: VEHICLES,
    updatesPerSecond: Math.round(sentDuring / wall),
    seconds: Math.round(wall * 10) / 10,
    vehiclesOnMap: onMap,
    mainThreadBusyShare: r3(busy),
    mainThreadCpuShare: r3(cpu),
    idle: { mainThreadBusyShare: r3(idle.busy), mainThreadCpuShare: r3(idle.cpu), seconds: Math.round(idle.wall * 10) / 10 },
    vsIdle: { busy: idle.busy > 0 ? Math.round((busy / idle.busy) * 10) / 10 : null, cpu: idle.cpu > 0 ? Math.round((cpu / idle.cpu) * 10) / 10 : null },
    mapUpdatesPerSecond: Math.round((probe.frames / wall) * 10) / 10,
    emptyMapFrameMs,
    updateToScreenMs: { p50: quantile(probe.delays, 0.5), p95: quantile(probe.delays, 0.95), max: quantile(probe.delays, 1) },
    serverToScreenMs: { p50: quantile(probe.endToEnd, 0.5), p95: quantile(probe.endToEnd, 0.95), max: quantile(probe.endToEnd, 1) },
    interactivity: {
      longTasksPerSecond: Math.round((longTasks.length / wall) * 10) / 10,
      longTaskMs: { p50: quantile(longTasks, 0.5), max: quantile(longTasks, 1) },
      viewSwitchMs: { p50: quantile(clicks, 0.5), max: quantile(clicks, 1) },
      viewSwitchesOver10s: clicksTimedOut,
    },
    hub: hub.stats,
    ...(hotspots ? { hotspots } : {}),
    pageErrors: errors,
    machine: 'headless Chromium, SwiftShader (software WebGL), 1600×900',
    /** The machine's 1-minute load average at the end: wall-time figures grow with it. */
    loadAverage: Math.round(loadavg()[0] * 10) / 10,
  };
  await browser.close();
  await server.close();
  return out;
}

function argText(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/**
 * `--baseline-dist <dir>`: a build of the console to compare with (e.g. the previous release's
 * web/dist), measured in the same run under the same load; `vsBaseline` gives ratios to it.
 */
async function main() {
  const baselineDist = argText('baseline-dist');
  const baseline = baselineDist ? await measure(baselineDist) : undefined;
  const current = await measure('web/dist');
  const ratio = (a: number | null, b: number | null) => (a !== null && b ? Math.round((a / b) * 100) / 100 : null);
  const out = baseline
    ? {
        ...current,
        baseline,
        vsBaseline: {
          mainThreadBusyShare: ratio(current.mainThreadBusyShare, baseline.mainThreadBusyShare),
          mainThreadCpuShare: ratio(current.mainThreadCpuShare, baseline.mainThreadCpuShare),
          updateToScreenP95: ratio(current.updateToScreenMs.p95, baseline.updateToScreenMs.p95),
        },
      }
    : current;
  console.log(JSON.stringify(out, null, 2));
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
