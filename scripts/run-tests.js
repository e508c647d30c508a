// Runs every test/**/*.test.ts with node:test (Node 20 has no glob for --test).
// Extra arguments filter files by substring: `npm run test:unit -- jt808`.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return find(p);
    return p.endsWith('.test.ts') ? [p] : [];
  });
}
const filters = process.argv.slice(2);
const files = find('test').filter((f) => filters.length === 0 || filters.some((s) => f.includes(s))).sort();
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
// A test that fails half-way may leave a socket open; --test-force-exit ends its file anyway, and
// --test-timeout turns a test that never finishes into a failure rather than a stuck run.
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-force-exit', '--test-timeout=600000', ...files],
  { stdio: 'inherit' },
);
process.exit(r.status ?? 1);
