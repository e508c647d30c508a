// `sealwatch bench NAME`: runs bench/NAME.ts in its own process (each benchmark prints one JSON object).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));

export async function runBenchCommand(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const available = readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.ts') && f !== 'command.ts')
    .map((f) => f.replace(/\.ts$/, ''));
  if (!name || !available.includes(name) || !existsSync(join(BENCH_DIR, `${name}.ts`))) {
    console.error(`usage: sealwatch bench ${available.join('|')}`);
    return 2;
  }
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(BENCH_DIR, `${name}.ts`), ...rest], { stdio: 'inherit' });
  return r.status ?? 1;
}
