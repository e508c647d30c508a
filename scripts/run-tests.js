// Runs test/**/*.test.ts with node:test (Node 20 has no glob for --test), in two groups:
//   fast   (default): everything but the browser and crash tests, one file per core at a time;
//   heavy: the browser tests (a Chromium each) and the crash tests (a child server killed with
//          SIGKILL), one file at a time, since they time real processes and suffer most from a
//          busy machine.
// `--group all` runs both, fast first; `--group store` runs the tests that reach a database, broker or
// NATS, but not the browser tests (the pass against PostgreSQL, Mosquitto and NATS: the browser tests
// exercise the web apps, whose store and broker the API tests already cover). Extra arguments filter files by substring:
// `npm run test:unit -- jt808`.
import { availableParallelism } from 'node:os';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const BROWSER = [/^test\/web\//, /^test\/web-field\//, /^test\/web-portal\//];
const HEAVY = [/^test\/demo\//, ...BROWSER, /crash-recovery\.test\.ts$/, /^test\/chaos\//];

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return find(p);
    return p.endsWith('.test.ts') ? [p] : [];
  });
}

const args = process.argv.slice(2);
let group = 'fast';
const groupAt = args.indexOf('--group');
if (groupAt >= 0) {
  group = args[groupAt + 1];
  args.splice(groupAt, 2);
}
if (!['fast', 'heavy', 'all', 'store'].includes(group)) {
  console.error(`--group must be fast, heavy, all or store, got "${group}"`);
  process.exit(2);
}
const filters = args;
const all = find('test')
  .map((f) => f.split('\\').join('/'))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
const isBrowser = (f) => BROWSER.some((re) => re.test(f));
const isHeavy = (f) => HEAVY.some((re) => re.test(f));
// The demo's restart test runs on its own PGlite data folder whatever the settings: once is enough.
const ownStore = (f) => /^test\/demo\//.test(f);
// The store pass repeats only the files that reach a database, a broker or NATS (directly or through
// a test harness); pure engine, protocol and geometry tests would only run a second time unchanged.
const USES_SERVICES = /helpers\/db|helpers\/app|testDb|openDb|startServer|Harness|harness\.ts|scenario\.ts|new Monitor\b|TEST_DATABASE_URL|TEST_MQTT_URL|TEST_NATS_URL/;
const usesServices = (f) => USES_SERVICES.test(readFileSync(f, 'utf8'));
const chosen = group === 'store' ? all.filter((f) => !isBrowser(f) && !ownStore(f) && usesServices(f)) : all;

function run(files, concurrency) {
  if (files.length === 0) return 0;
  // A test that fails half-way may leave a socket open; --test-force-exit ends its file anyway, and
  // --test-timeout turns a test that never finishes into a failure rather than a stuck run.
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-force-exit', '--test-timeout=600000', ...files],
    // Every answer a test provokes is checked against the schema its route declares.
    { stdio: 'inherit', env: { ...process.env, CHECK_RESPONSES: process.env.CHECK_RESPONSES ?? '1' } },
  );
  return r.status ?? 1;
}

const cores = Number(process.env.TEST_CONCURRENCY) || availableParallelism();
const statuses = [];
if (group !== 'heavy') statuses.push(run(chosen.filter((f) => !isHeavy(f)), cores));
if (group !== 'fast') statuses.push(run(chosen.filter(isHeavy), 1));
process.exit(statuses.find((s) => s !== 0) ?? 0);
