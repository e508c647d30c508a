// Gate events and manual unseals: the audit entry and the engine input commit together or not at
// all, on the real monitor. The input log is made unwritable for a moment (its table renamed).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DESTINATION, tripFixture } from '../monitor/scenario.ts';
import { registerTrip, registerWorld, startHarness, type Harness } from '../monitor/harness.ts';

describe('writes that feed the engine, with an unwritable input log', () => {
  let h: Harness;
  const t = tripFixture(1, 'AW');
  before(async () => {
    h = await startHarness();
    await registerWorld(h);
    await registerTrip(h, t);
  });
  after(() => h.close());

  const db = () => h.server.db;
  const audits = async (resource: string) => Number((await db().query(`select count(*) as n from audit_log where resource = $1`, [resource]))[0].n);
  const stored = async (type: string) => Number((await db().query(`select count(*) as n from engine_inputs where type = $1`, [type]))[0].n);
  async function withInputLogAway<T>(fn: () => Promise<T>): Promise<T> {
    await db().exec('alter table engine_inputs rename to engine_inputs_away');
    try {
      return await fn();
    } finally {
      await db().exec('alter table engine_inputs_away rename to engine_inputs');
    }
  }

  it('a gate event is refused whole, then stored whole', async () => {
    const ev = { facility: DESTINATION, lane: 'L9', direction: 'in', plate: t.plate, containerNos: t.containers, source: 'ocr' };
    const failed = await withInputLogAway(() => h.request('POST', '/gate-events', ev));
    assert.equal(failed.status, 500);
    assert.equal(await audits('gate_event'), 0, 'no audit entry for a gate event the engine never got');
    const ok = await h.request('POST', '/gate-events', ev);
    assert.equal(ok.status, 202, JSON.stringify(ok.body));
    assert.equal(await audits('gate_event'), 1);
    assert.equal(await stored('gateEvent'), 1);
  });

  it('a manual unseal is refused whole, then stored whole', async () => {
    const sealId = t.seals[0];
    const body = { reason: 'inspection at the yard' };
    const failed = await withInputLogAway(() => h.request('POST', `/seals/${sealId}/unseal`, body));
    assert.equal(failed.status, 500);
    assert.equal(await audits('seal'), 0);
    const ok = await h.request('POST', `/seals/${sealId}/unseal`, body);
    assert.equal(ok.status, 202, JSON.stringify(ok.body));
    assert.equal(await audits('seal'), 1);
    assert.equal(await stored('unseal'), 1);
  });
});
