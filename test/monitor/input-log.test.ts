// The input log: a batch of thousands of inputs goes in as one insert of array parameters; the seqs
// come back in the inputs' order, and every input reads back exactly as it was written, whatever
// its text holds (quotes, backslashes, braces and commas are what array literals escape).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineInput } from '../../src/core/types.ts';
import { appendInputs, readInputs } from '../../src/monitor/input-log.ts';
import { testDb, type TestDb } from '../helpers/db.ts';

describe('input log: batched appends', () => {
  let tdb: TestDb;
  before(async () => {
    tdb = await testDb();
  });
  after(() => tdb.close());

  it('returns seqs in input order for a batch of 5,000 and reads every input back unchanged', async () => {
    const t0 = Date.parse('2026-05-01T00:00:00Z');
    const awkward = ['plain', 'quote " inside', 'back\\slash', '{brace},comma', 'NULL', '', '中文 封條', "it's"];
    const entries = Array.from({ length: 5000 }, (_, i) => ({
      key: i % 7 === 0 ? null : `KNA${6000 + (i % 50)}`,
      input: {
        at: new Date(t0 + i).toISOString(),
        type: 'telemetry',
        data: { deviceId: `OBU${i}`, ts: new Date(t0 + i).toISOString(), lat: 22.6 + i / 1e6, lon: 120.3, note: awkward[i % awkward.length] },
      } as unknown as EngineInput,
    }));
    const seqs = await appendInputs(tdb.db, entries);
    assert.equal(seqs.length, entries.length);
    for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i] > seqs[i - 1], `seq ${i} follows seq ${i - 1}`);

    const back = await readInputs(tdb.db, seqs[0] - 1, entries.length);
    assert.equal(back.length, entries.length);
    back.forEach((logged, i) => {
      assert.equal(logged.seq, seqs[i]);
      assert.equal(logged.key, entries[i].key);
      assert.deepEqual(logged.input, entries[i].input, `input ${i} reads back unchanged`);
    });
  });
});
