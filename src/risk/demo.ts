// The demo's risk workbench: unless a model is stored already, the bundled 2020 declarations are
// imported as inspection history, a model is trained on them (off the main thread) and put in
// use, and the 2021 Q1 declarations are scored as if they had just arrived.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemActor } from '../audit/trail.ts';
import type { Platform } from '../platform.ts';
import { parseDeclarationsCsv } from './declarations.ts';
import { bundledDeclarations, DATASET_DIR, importHistory, scoreLive, trainAndStore } from './service.ts';

export async function seedRiskDemo(ctx: Platform, log: (msg: string) => void): Promise<void> {
  const [{ n }] = await ctx.db.query(`select count(*)::int as n from risk_models`);
  if (n > 0) return;
  const actor = systemActor('demo');
  const history = await importHistory(ctx, actor, bundledDeclarations('train.csv'));
  log(`demo: ${history.imported} inspected declarations of 2020 imported as history`);
  const model = await trainAndStore(ctx, actor, { name: 'demo: declarations of 2020', use: true });
  log(`demo: risk model ${model.id} trained and in use`);
  const live = parseDeclarationsCsv(readFileSync(join(DATASET_DIR, 'valid.csv'), 'utf8')).map(({ fraud: _f, criticalFraud: _c, ...d }) => d);
  for (let i = 0; i < live.length; i += 500) {
    await scoreLive(ctx, actor, live.slice(i, i + 500));
    await new Promise((r) => setImmediate(r));
  }
  log(`demo: ${live.length} declarations scored`);
}
