// Writes that feed the monitoring engine commit with their engine input or not at all: when the
// input log cannot take the input, an offline-unseal record (and a driver's seal pairing) leaves no
// row and no audit entry behind, and the token stays unspent; once the log takes inputs again, the
// same request stores the row, the audit entry and the engine input together.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineInputSink } from '../../src/platform.ts';
import { tripFixture, type TripFixture } from '../monitor/scenario.ts';
import {
  basic, DRIVER_ID, eventually, registerFieldTrip, registerFieldWorld, startFieldHarness, type FieldHarness, type FieldWorld,
} from '../field/harness.ts';

/** The platform's input sink, made to fail on demand after the write has run (the log refuses the inputs). */
function failableSink(real: EngineInputSink): EngineInputSink & { failing: boolean } {
  const sink = {
    failing: false,
    submit: async (inputs: Parameters<EngineInputSink['submit']>[0]) => {
      if (sink.failing) throw new Error('the input log is not writable');
      return real.submit(inputs);
    },
    transact: <T>(write: Parameters<EngineInputSink['transact']>[0]) =>
      real.transact(async (tx) => {
        const out = await write(tx);
        if (sink.failing) throw new Error('the input log is not writable');
        return out;
      }) as Promise<T>,
  };
  return sink as EngineInputSink & { failing: boolean };
}

describe('field writes that feed the engine are atomic with their engine input', () => {
  let h: FieldHarness;
  let w: Omit<FieldWorld, 'secrets'>;
  let t: TripFixture;
  let sink: ReturnType<typeof failableSink>;

  const auditCount = async (action: string, resourceId: string) =>
    Number((await h.db.query('select count(*)::int as n from audit_log where action = $1 and resource_id = $2', [action, resourceId]))[0].n);
  const unsealInputs = async (sealId: string) =>
    Number((await h.db.query(`select count(*)::int as n from engine_inputs where type = 'unseal' and data->>'sealId' = $1`, [sealId]))[0].n);

  before(async () => {
    h = await startFieldHarness();
    w = await registerFieldWorld(h);
    t = tripFixture(2, 'A');
    const secrets = await registerFieldTrip(h, t, { requiresConfirmation: false });
    const lockedAtOrigin = {
      deviceId: t.obu, ts: new Date().toISOString(), lat: 22.6, lon: 120.3, speedKmh: 0, hdop: 1,
      seals: t.seals.map((id) => ({ id, state: 'locked', link: 'ok', battery: 90 })),
    };
    assert.equal((await h.request('POST', '/telemetry', lockedAtOrigin, basic(t.obu, secrets[t.obu]))).status, 202);
    await eventually(async () => {
      const r = await h.request('GET', `/trips?plate=${t.plate}`);
      return (r.body.items ?? r.body).find((x: any) => x.state === 'sealed');
    }, 10_000, 'trip sealed');
    sink = failableSink(h.ctx.inputs);
    h.ctx.inputs = sink;
  });
  after(async () => {
    await h?.close();
  });

  it('an offline-unseal record the input log refuses leaves no record, no audit entry and an unspent token', async () => {
    const applied = await h.request('POST', '/offline-unseal/applications', { reason: 'no signal at the bay' }, w.tokens.destRp);
    assert.equal(applied.status, 201, JSON.stringify(applied.body));
    assert.equal((await h.request('POST', `/offline-unseal/applications/${applied.body.id}/approve`, {}, w.tokens.customs)).status, 200);
    const issued = await h.request('POST', `/seals/${t.seals[0]}/offline-unseal-tokens`, undefined, w.tokens.destRp);
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    const record = { token: issued.body.token, sealId: t.seals[0], unsealedAt: new Date().toISOString(), by: 'rp.dest' };
    const inputsBefore = await unsealInputs(t.seals[0]);

    sink.failing = true;
    const refused = await h.request('POST', '/offline-unseal/records', record, w.tokens.destRp);
    assert.equal(refused.status, 500, JSON.stringify(refused.body));
    assert.equal((await h.db.query('select id from offline_unseal_records where jti = $1', [issued.body.jti])).length, 0, 'no record row');
    const [token] = await h.db.query('select used_at, record_id from offline_unseal_tokens where jti = $1', [issued.body.jti]);
    assert.equal(token.used_at, null, 'the token is not spent');
    assert.equal(token.record_id, null);
    assert.equal(await auditCount('offline_unseal', t.seals[0]), 0, 'no audit entry');
    assert.equal(await unsealInputs(t.seals[0]), inputsBefore, 'no engine input');

    sink.failing = false;
    const accepted = await h.request('POST', '/offline-unseal/records', record, w.tokens.destRp);
    assert.equal(accepted.status, 201, JSON.stringify(accepted.body));
    assert.equal(accepted.body.warnings, undefined);
    const rows = await h.db.query('select id from offline_unseal_records where jti = $1', [issued.body.jti]);
    assert.deepEqual(rows.map((r) => r.id), [accepted.body.recordId]);
    assert.equal(await auditCount('offline_unseal', t.seals[0]), 1);
    assert.equal(await unsealInputs(t.seals[0]), inputsBefore + 1, 'the engine input is stored with the record');
  });

  it('a seal pairing the input log refuses leaves the device unpaired and no audit entry', async () => {
    const login = await h.request('POST', '/field/driver/session', { nationalId: DRIVER_ID, plate: t.plate }, w.tokens.driver);
    assert.equal(login.status, 201, JSON.stringify(login.body));
    const sealId = t.seals[1];
    const obuOf = async () => (await h.db.query('select obu_id from devices where id = $1', [sealId]))[0].obu_id;
    assert.equal(await obuOf(), null);

    sink.failing = true;
    const refused = await h.request('POST', '/field/driver/seals/pair', { sealId, obuId: t.obu }, w.tokens.driver);
    assert.equal(refused.status, 500, JSON.stringify(refused.body));
    assert.equal(await obuOf(), null, 'the device row is unchanged');
    assert.equal(await auditCount('pair', sealId), 0, 'no audit entry');

    sink.failing = false;
    const paired = await h.request('POST', '/field/driver/seals/pair', { sealId, obuId: t.obu }, w.tokens.driver);
    assert.equal(paired.status, 200, JSON.stringify(paired.body));
    assert.equal(await obuOf(), t.obu);
    assert.equal(await auditCount('pair', sealId), 1);
    const [input] = await h.db.query(`select data from engine_inputs where type = 'device' and data->>'id' = $1 order by seq desc limit 1`, [sealId]);
    assert.equal(input?.data.obuId, t.obu, 'the engine input is stored with the pairing');
  });
});
