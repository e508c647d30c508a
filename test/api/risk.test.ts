import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemActor } from '../../src/audit/trail.ts';
import { parseDeclarationsCsv, type Declaration } from '../../src/risk/declarations.ts';
import { importHistory } from '../../src/risk/service.ts';
import { CUSTOMS_UBN } from '../../src/store/bootstrap.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { note, seedRegistry, YARD_A } from '../transport-notes/fixtures.ts';

const V1 = '/api/v1';
const DATA = join(import.meta.dirname, '..', '..', 'data', 'customs-declarations');
const csv = (file: string, n: number) => parseDeclarationsCsv(readFileSync(join(DATA, file), 'utf8').split('\n').slice(0, n + 1).join('\n'));
const unlabelled = (d: Declaration) => {
  const { fraud: _f, criticalFraud: _c, ...rest } = d;
  return rest;
};

describe('risk analysis through the API', () => {
  let t: TestApp;
  let officer: string;
  let yard: string;
  const live = csv('valid.csv', 60);
  before(async () => {
    t = await testApp();
    officer = await t.userFor(CUSTOMS_UBN, ['customs_officer']);
    yard = await t.keyFor(YARD_A, ['yard_operator']);
    // Declarations inspected before: their outcomes are what the first model learns from.
    const imported = await importHistory(t.ctx, systemActor('test'), csv('train.csv', 600));
    assert.equal(imported.imported, 600);
  });
  after(() => t.close());

  it('imports past inspections as history, for a customs admin', async () => {
    const past = csv('train.csv', 602).slice(600);
    assert.equal((await t.request('POST', `${V1}/risk/history`, officer, { declarations: past })).statusCode, 403);
    const r = await t.request('POST', `${V1}/risk/history`, t.adminKey, { declarations: past });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json(), { imported: 2 });
    const again = await t.request('POST', `${V1}/risk/history`, t.adminKey, { declarations: past });
    assert.deepEqual(again.json(), { imported: 0 }, 'stored ones are left as they are');
    const unlabelledOne = await t.request('POST', `${V1}/risk/history`, t.adminKey, { declarations: [unlabelled(past[0])] });
    assert.equal(unlabelledOne.statusCode, 422);
    assert.match(JSON.stringify(unlabelledOne.json().errors), /fraud/);
  });

  it('trains a model from recorded outcomes, with metrics, only for a customs admin', async () => {
    const none = await t.request('POST', `${V1}/risk/declarations`, officer, { declarations: [unlabelled(live[0])] });
    assert.equal(none.statusCode, 409, 'no model in use yet');
    assert.equal((await t.request('POST', `${V1}/risk/models`, officer, {})).statusCode, 403);
    const r = await t.request('POST', `${V1}/risk/models`, t.adminKey, { name: 'first' });
    assert.equal(r.statusCode, 201, r.body);
    const m = r.json();
    assert.equal(m.inUse, true, 'the first model is put in use');
    assert.equal(m.trainedOn.declarations, 602);
    assert.equal(m.metrics.holdout.declarations, 91);
    assert.ok(m.metrics.holdout.precisionTop5 >= 0 && m.metrics.holdout.precisionTop5 <= 1);
    const list = (await t.request('GET', `${V1}/risk/models`, officer)).json();
    assert.equal(list.length, 1);
    assert.equal(list[0].model, undefined, 'the trees are not listed');
  });

  it('scores live declarations with reasons, stores them, and names bad fields', async () => {
    const body = live.map((d, i) => ({ ...unlabelled(d), ...(i === 0 ? { containerNos: ['CSQU3054383'] } : {}) }));
    const r = await t.request('POST', `${V1}/risk/declarations`, officer, { declarations: body });
    assert.equal(r.statusCode, 200, r.body);
    const results = r.json().results;
    assert.equal(results.length, 60);
    for (const x of results) {
      assert.ok(x.score >= 0 && x.score <= 1);
      assert.ok(x.reasons.length >= 1 && x.reasons.length <= 3);
      assert.ok(x.reasons[0].en && x.reasons[0].zhTW);
    }
    assert.deepEqual(results[0].containerNos, ['CSQU3054383']);
    const top = (await t.request('GET', `${V1}/risk/declarations?limit=5`, officer)).json();
    assert.equal(top.length, 5);
    assert.ok(top.every((x: any, i: number) => i === 0 || top[i - 1].score >= x.score), 'riskiest first');
    const one = await t.request('GET', `${V1}/risk/declarations/${live[0].declarationId}`, officer);
    assert.equal(one.json().declaration.importerId, live[0].importerId);

    const bad = await t.request('POST', `${V1}/risk/declarations`, officer, { declarations: [{ ...body[1], hs6: '12' }] });
    assert.equal(bad.statusCode, 422);
    assert.match(JSON.stringify(bad.json().errors), /declarations\/0\/hs6/);
    assert.equal((await t.request('POST', `${V1}/risk/declarations`, yard, { declarations: [body[1]] })).statusCode, 403);
    const audit = (await t.request('GET', `${V1}/audit?resource=risk_declaration`, t.adminKey)).json();
    assert.ok(audit.some((a: any) => a.action === 'score' && a.after.declarations === 60));
  });

  it('shows the distribution, the aspects, the drift report, and selects for inspection with exploration', async () => {
    const dist = (await t.request('GET', `${V1}/risk/distribution?month=2021-01`, officer)).json();
    assert.equal(dist.bins.length, 20);
    assert.equal(dist.bins.reduce((a: number, b: number) => a + b, 0), dist.count);
    assert.ok(dist.count > 0);
    const importers = (await t.request('GET', `${V1}/risk/aspects/importer?month=2021-01&limit=5`, officer)).json();
    assert.ok(importers.length > 0 && importers[0].declarations >= 1);
    const sel = await t.request('POST', `${V1}/risk/selection`, officer, { month: '2021-01', topPercent: 10, explorePercent: 5, seed: 3 });
    assert.equal(sel.statusCode, 200, sel.body);
    const { top, explore } = sel.json();
    assert.equal(top.length, Math.ceil(dist.count * 0.1));
    assert.equal(explore.length, Math.ceil(dist.count * 0.05));
    assert.ok(explore.every((id: string) => !top.includes(id)));
    const chosen = (await t.request('GET', `${V1}/risk/declarations?selected=any&month=2021-01&limit=100`, officer)).json();
    assert.equal(chosen.length, top.length + explore.length);
    // Outcomes of the inspections.
    for (const id of top) {
      const o = await t.request('POST', `${V1}/risk/declarations/${id}/outcome`, officer, { fraud: 1, criticalFraud: 1, note: 'undervalued' });
      assert.equal(o.statusCode, 200, o.body);
    }
    const o = await t.request('POST', `${V1}/risk/declarations/${explore[0]}/outcome`, officer, { fraud: 0 });
    assert.equal(o.json().outcome.fraud, 0);
    const wrong = await t.request('POST', `${V1}/risk/declarations/${explore[0]}/outcome`, officer, { fraud: 0, criticalFraud: 2 });
    assert.equal(wrong.statusCode, 422);
    const drift = (await t.request('GET', `${V1}/risk/drift?month=2021-01`, officer)).json();
    assert.equal(drift.declarations, dist.count);
    assert.equal(drift.outcomes.top.precision, 1);
    assert.equal(drift.outcomes.explore.inspected, 1);
    assert.equal(drift.outcomes.explore.precision, 0);
    assert.equal((await t.request('GET', `${V1}/risk/drift?month=2021-13`, officer)).statusCode, 422);
  });

  it('learns from the outcomes recorded here in the next model, which an admin puts in use', async () => {
    const r = await t.request('POST', `${V1}/risk/models`, t.adminKey, { name: 'second' });
    assert.equal(r.statusCode, 201, r.body);
    const second = r.json();
    assert.ok(second.trainedOn.declarations > 602, 'the new outcomes are learned from');
    assert.equal(second.inUse, false, 'the model in use stays until an admin chooses');
    assert.equal((await t.request('POST', `${V1}/risk/models/${second.id}/use`, officer)).statusCode, 403);
    const use = await t.request('POST', `${V1}/risk/models/${second.id}/use`, t.adminKey);
    assert.equal(use.statusCode, 200, use.body);
    const models = (await t.request('GET', `${V1}/risk/models`, officer)).json();
    assert.deepEqual(models.map((m: any) => m.inUse), [true, false]);
    const rescored = (await t.request('POST', `${V1}/risk/declarations`, officer, { declarations: [unlabelled(live[1])] })).json();
    assert.equal(rescored.results[0].modelId, second.id);
    const audit = (await t.request('GET', `${V1}/audit?resource=risk_model`, t.adminKey)).json();
    assert.deepEqual(audit.map((a: any) => a.action).sort(), ['train', 'train', 'use']);
  });

  it('rates drivers and vehicles from the watchlist and officers’ records, and warns when a note names them', async () => {
    await seedRegistry(t.tdb.db);
    const clean = (await t.request('GET', `${V1}/risk/parties?driverId=A123456789&plate=KNA6001`, officer)).json();
    assert.equal(clean.level, 'none');
    const w = await t.request('POST', `${V1}/risk/watchlist`, officer, { kind: 'driver', partyId: 'A123456789', level: 'high', reason: 'intelligence on cigarette smuggling' });
    assert.equal(w.statusCode, 201, w.body);
    assert.equal((await t.request('POST', `${V1}/risk/watchlist`, officer, { kind: 'driver', partyId: 'A123456789', level: 'low', reason: 'again' })).statusCode, 409);
    for (let i = 0; i < 2; i++) {
      const e = await t.request('POST', `${V1}/risk/party-events`, officer, { kind: 'vehicle', partyId: 'KNA6001', event: 'seizure', note: 'undeclared cigarettes' });
      assert.equal(e.statusCode, 201, e.body);
    }
    const risky = (await t.request('GET', `${V1}/risk/parties?driverId=A123456789&plate=KNA6001`, officer)).json();
    assert.equal(risky.level, 'high');
    const vehicle = risky.parties.find((p: any) => p.kind === 'vehicle');
    assert.equal(vehicle.level, 'high');
    assert.match(vehicle.factors[0].en, /2 seizures recorded by officers/);
    assert.match(vehicle.factors[0].zhTW, /查扣 2 次/);
    assert.match(risky.parties.find((p: any) => p.kind === 'driver').factors[0].en, /watchlist \(high\): intelligence/);

    const accepted = await t.request('POST', `${V1}/transport-notes`, yard, note());
    assert.equal(accepted.statusCode, 201, accepted.body);
    const warnings = accepted.json().warnings;
    assert.deepEqual(warnings.map((x: any) => x.party).sort(), ['driver', 'vehicle']);
    assert.ok(warnings.every((x: any) => x.factors === undefined), 'the yard is not told why');
    assert.match(warnings[0].zhTW, /海關風險關注/);

    const list = (await t.request('GET', `${V1}/risk/watchlist`, officer)).json();
    assert.equal(list.length, 1);
    assert.equal((await t.request('DELETE', `${V1}/risk/watchlist/${list[0].id}`, officer)).statusCode, 204);
    const after = (await t.request('GET', `${V1}/risk/parties?driverId=A123456789`, officer)).json();
    assert.equal(after.level, 'none');
    assert.equal((await t.request('GET', `${V1}/risk/parties?driverId=A123456789`, yard)).statusCode, 403);
    const audit = (await t.request('GET', `${V1}/audit?resource=risk_watchlist`, t.adminKey)).json();
    assert.deepEqual(audit.map((a: any) => a.action).sort(), ['create', 'delete']);
  });
});
