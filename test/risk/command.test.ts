import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { runRiskCommand } from '../../src/risk/command.ts';

const DATA = join(import.meta.dirname, '..', '..', 'data', 'customs-declarations');
const lines = (file: string, n: number) => readFileSync(join(DATA, file), 'utf8').split('\n').slice(0, n + 1).join('\n') + '\n';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) } };
}

describe('sealwatch risk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'risk-cli-'));
  const train = join(dir, 'train.csv');
  const valid = join(dir, 'valid.csv');
  const model = join(dir, 'model.json');
  writeFileSync(train, lines('train.csv', 800));
  // Declarations to score carry no labels.
  const unlabelled = lines('valid.csv', 50).split('\n').map((l) => l.split(',').slice(0, 20).join(',')).join('\n');
  writeFileSync(valid, unlabelled);

  it('trains a model to a file and scores declarations with reasons as CSV', async () => {
    const t = io();
    assert.equal(await runRiskCommand(['train', '--out', model, train], t.io), 0);
    assert.match(t.err.join(''), /learned from 800 declarations/);
    const s = io();
    assert.equal(await runRiskCommand(['score', '--model', model, valid], s.io), 0);
    const text = s.out.join('');
    assert.equal(text.split('\n')[0], 'declarationId,score,reasons');
    const rows = parse(text, { columns: true }) as { declarationId: string; score: string; reasons: string }[];
    assert.equal(rows.length, 50);
    assert.equal(rows[0].declarationId, unlabelled.split('\n')[1].split(',')[0]);
    for (const r of rows) {
      const score = Number(r.score);
      assert.ok(score >= 0 && score <= 1);
      const reasons = r.reasons.split('; ');
      assert.ok(reasons.length >= 1 && reasons.length <= 3, r.reasons);
    }
    assert.ok(rows.some((r) => /past fraud rate \d/.test(r.reasons)), 'rates are named in words');
    const zh = io();
    assert.equal(await runRiskCommand(['score', '--model', model, '--lang', 'zh-TW', '--reasons', '1', valid], zh.io), 0);
    const zhRows = parse(zh.out.join(''), { columns: true }) as { reasons: string }[];
    assert.ok(zhRows.every((r) => !r.reasons.includes(';')));
    assert.ok(zhRows.some((r) => /違規率|單價|稅率|淨重|申報|無過往/.test(r.reasons)), zhRows[0].reasons);
  });

  it('refuses bad usage and bad files with a message', async () => {
    const a = io();
    assert.equal(await runRiskCommand(['train', train], a.io), 2);
    assert.match(a.err.join(''), /usage/);
    const b = io();
    assert.equal(await runRiskCommand(['score', '--model', model, '--lang', 'fr', valid], b.io), 2);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'Declaration ID,Date\n1,2020-01-01\n');
    await assert.rejects(runRiskCommand(['train', '--out', join(dir, 'x.json'), bad], io().io), /bad\.csv: line 2: column "HS6 Code" is missing/);
  });
});
