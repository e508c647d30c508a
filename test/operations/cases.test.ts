import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEvidenceCommand } from '../../src/cases/verify-command.ts';
import { strFromU8, unzipSync, zipSync } from 'fflate';
import { createHash, verify } from 'node:crypto';
import { testApp, type TestApp } from '../helpers/app.ts';
import { dueReminders, sanctionDeadline } from '../../src/cases/service.ts';
import { FLEET, seedOperations } from './fixtures.ts';

const POLICE = '12345693';
const PROSECUTOR = '12345686';

describe('violation cases, judicial referral and the evidence package', () => {
  let t: TestApp;
  let police: string;
  let prosecutor: string;
  let caseId: string;
  let zip: Buffer;
  before(async () => {
    t = await testApp();
    await seedOperations(t.tdb.db);
    for (const ubn of [POLICE, PROSECUTOR]) await t.tdb.db.query(`insert into companies (ubn, name, roles) values ($1, $2, '{judicial}')`, [ubn, `Judicial ${ubn}`]);
    police = await t.userFor(POLICE, ['judicial']);
    prosecutor = await t.userFor(PROSECUTOR, ['judicial']);
    await t.tdb.db.query(`insert into trip_events (trip_id, seq, at, state) values ('T1', 1, now(), 'closed')`);
    await t.tdb.db.query(`insert into engine_inputs (at, type, key, data) values ($1, 'gateEvent', 'KNA6001', $2)`, [
      '2026-01-10T01:30:00Z', JSON.stringify({ facility: 'BK004', lane: 'L1', direction: 'out', plate: 'KNA6001', containerNos: [], source: 'ocr' }),
    ]);
    await t.tdb.db.query(`update positions set trip_id = 'T1' where ts < '2026-02-01'`);
  });
  after(() => t.close());

  it('customs opens a case from alerts and refers it to the police', async () => {
    const bad = await t.request('POST', '/api/v1/cases', t.adminKey, { title: 'Seal opened en route', alertIds: ['A1', 'NOPE'] });
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.json().errors[0].path, '/alertIds/1');
    const r = await t.request('POST', '/api/v1/cases', t.adminKey, { title: 'Seal opened en route', alertIds: ['A1', 'A2'] });
    assert.equal(r.statusCode, 201, r.body);
    caseId = r.json().id;
    assert.deepEqual(r.json().alertIds, ['A1', 'A2']);
    assert.equal((await t.request('POST', `/api/v1/cases/${caseId}/notes`, t.adminKey, { text: 'Driver questioned at BK004' })).statusCode, 200);
    const referred = await t.request('POST', `/api/v1/cases/${caseId}/referrals`, t.adminKey, { judicialUbn: POLICE });
    assert.equal(referred.statusCode, 200, referred.body);
    assert.equal(referred.json().status, 'referred');
    assert.deepEqual(referred.json().referredTo, [POLICE]);
    const notJudicial = await t.request('POST', `/api/v1/cases/${caseId}/referrals`, t.adminKey, { judicialUbn: FLEET });
    assert.equal(notJudicial.statusCode, 422);
  });

  it('the judicial company reads only the cases referred to it, and never writes', async () => {
    const list = (await t.request('GET', '/api/v1/cases', police)).json();
    assert.deepEqual(list.map((c: any) => c.id), [caseId]);
    const detail = await t.request('GET', `/api/v1/cases/${caseId}`, police);
    assert.equal(detail.statusCode, 200);
    assert.equal(detail.json().notes[0].text, 'Driver questioned at BK004');
    // The case's alert and trip opened with it.
    assert.equal((await t.request('GET', '/api/v1/alerts/A1', police)).statusCode, 200);
    assert.equal((await t.request('GET', '/api/v1/trips/T1', police)).statusCode, 200);
    assert.equal((await t.request('GET', '/api/v1/alerts/A3', police)).statusCode, 404, 'an alert of no referred case');
    assert.equal((await t.request('POST', `/api/v1/cases/${caseId}/notes`, police, { text: 'x' })).statusCode, 403);
    assert.deepEqual((await t.request('GET', '/api/v1/cases', prosecutor)).json(), []);
    assert.equal((await t.request('GET', `/api/v1/cases/${caseId}`, prosecutor)).statusCode, 404);
    assert.equal((await t.request('GET', `/api/v1/cases/${caseId}/evidence`, prosecutor)).statusCode, 404);
    const fleet = await t.keyFor(FLEET, ['fleet_operator']);
    assert.equal((await t.request('GET', '/api/v1/cases', fleet)).statusCode, 403);
  });

  it('downloads an evidence package whose manifest hashes every file, signed with the platform key', async () => {
    const r = await t.request('GET', `/api/v1/cases/${caseId}/evidence`, police);
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.headers['content-type'], 'application/zip');
    zip = r.rawPayload;
    const files = unzipSync(new Uint8Array(zip));
    const manifest = JSON.parse(strFromU8(files['manifest.json']));
    assert.equal(manifest.caseId, caseId);
    const paths = manifest.files.map((f: any) => f.path);
    for (const p of ['case.json', 'alerts.json', 'alert-events.json', 'audit.json', 'transport-notes.json', 'trips/T1/track.geojson', 'trips/T1/events.json', 'trips/T1/gate-events.json', 'trips/T1/seal-events.json']) {
      assert.ok(paths.includes(p), `${p} in the package`);
    }
    for (const f of manifest.files) {
      assert.equal(createHash('sha256').update(files[f.path]).digest('hex'), f.sha256, f.path);
      assert.equal(files[f.path].length, f.bytes);
    }
    assert.equal(JSON.parse(strFromU8(files['trips/T1/track.geojson'])).geometry.coordinates.length, 3);
    assert.equal(JSON.parse(strFromU8(files['trips/T1/gate-events.json'])).length, 1);
    const sig = JSON.parse(strFromU8(files['manifest.sig']));
    const jwk = (await t.request('GET', '/api/v1/keys/unseal')).json();
    assert.equal(sig.kid, jwk.kid);
    assert.ok(verify(null, files['manifest.json'], createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(sig.signature, 'base64url')), 'Ed25519 signature over manifest.json');
    const audit = await t.tdb.db.query(`select actor_id from audit_log where action = 'export_evidence' and resource_id = $1`, [caseId]);
    assert.equal(audit.length, 1);
  });

  it('verifies a package and finds a changed, added or removed file', async () => {
    const post = (body: Buffer) => t.app.inject({ method: 'POST', url: '/api/v1/evidence/verify', headers: { authorization: `Bearer ${t.adminKey}`, 'content-type': 'application/zip' }, payload: body });
    const ok = (await post(zip)).json();
    assert.deepEqual({ ok: ok.ok, signature: ok.signature, problems: ok.problems, caseId: ok.caseId }, { ok: true, signature: 'valid', problems: [], caseId });
    const files = unzipSync(new Uint8Array(zip));
    const changed = { ...files, 'alerts.json': new TextEncoder().encode('[]\n'), 'extra.txt': new TextEncoder().encode('x') };
    delete (changed as Record<string, Uint8Array>)['audit.json'];
    const bad = (await post(Buffer.from(zipSync(changed)))).json();
    assert.equal(bad.ok, false);
    assert.equal(bad.signature, 'valid', 'the manifest itself is intact');
    assert.deepEqual(bad.problems.sort(), ['alerts.json: changed (SHA-256 differs)', 'audit.json: missing', 'extra.txt: not in the manifest']);
    const forgedManifest = { ...files, 'manifest.json': new TextEncoder().encode(strFromU8(files['manifest.json']).replace(caseId, 'case_other')) };
    const forged = (await post(Buffer.from(zipSync(forgedManifest)))).json();
    assert.equal(forged.signature, 'invalid');
    assert.equal(forged.ok, false);
    const json = await t.app.inject({ method: 'POST', url: '/api/v1/evidence/verify', headers: { authorization: `Bearer ${t.adminKey}`, 'content-type': 'application/json' }, payload: '-1e+308' });
    assert.equal(json.statusCode, 415, 'a body that is no ZIP is refused as such');
    assert.match(json.headers['content-type'] as string, /application\/problem\+json/);
  });

  it('verifies a package offline with the command line, against the published keys', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-evidence-'));
    writeFileSync(join(dir, 'case.zip'), zip);
    writeFileSync(join(dir, 'keys.json'), (await t.request('GET', '/api/v1/keys/unseal/all')).body);
    const printed: string[] = [];
    const log = console.log;
    console.log = (s: string) => void printed.push(s);
    try {
      assert.equal(await runEvidenceCommand(['verify', join(dir, 'case.zip'), '--key', join(dir, 'keys.json')]), 0);
      writeFileSync(join(dir, 'other.json'), JSON.stringify({ keys: [{ ...generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }), kid: JSON.parse(printed[0]).kid }] }));
      assert.equal(await runEvidenceCommand(['verify', join(dir, 'case.zip'), '--key', join(dir, 'other.json')]), 1, 'another key with the same kid');
      assert.equal(JSON.parse(printed[1]).signature, 'invalid');
    } finally {
      console.log = log;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sets the sanction deadline 3 years after the criminal outcome and reminds before it', async () => {
    assert.equal(sanctionDeadline('2024-02-29'), '2027-03-01');
    const r = await t.request('POST', `/api/v1/cases/${caseId}/outcome`, t.adminKey, { outcome: '緩起訴', decidedOn: '2024-03-01' });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().sanctionDeadline, '2027-03-01');
    assert.deepEqual(await dueReminders(t.tdb.db, Date.parse('2026-10-01T00:00:00Z')), [], 'over 90 days before');
    const due = await dueReminders(t.tdb.db, Date.parse('2027-01-15T00:00:00Z'));
    assert.deepEqual(due.map((d) => [d.id, d.sanctionDeadline, d.daysLeft]), [[caseId, '2027-03-01', 45]]);
    assert.deepEqual(await dueReminders(t.tdb.db, Date.parse('2027-01-16T00:00:00Z')), [], 'once a week');
    assert.equal((await dueReminders(t.tdb.db, Date.parse('2027-01-23T00:00:00Z'))).length, 1);
  });
});
