// Field operations API: the driver's log-in on a vehicle (app and RFID port pass), task and seal
// pairing; the containers waiting for confirmation; the confirmation with a photo of the door
// (stored, hashed, audited, served back with the note's authorisation) and every refusal.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tripFixture, type TripFixture } from '../monitor/scenario.ts';
import {
  DRIVER2_CARD, DRIVER2_ID, DRIVER_ID, PNG_BYTES, basic, doorPhoto, eventually, registerFieldTrip, registerFieldWorld, startFieldHarness,
  type FieldHarness, type FieldWorld,
} from './harness.ts';

const MAX_BYTES = 64 * 1024;

function photoForm(fields: Record<string, string>, bytes: Buffer | null, name = 'door.png', field = 'photo'): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  if (bytes) f.set(field, new Blob([new Uint8Array(bytes)], { type: 'image/png' }), name);
  return f;
}

describe('field API: driver, pending confirmations, photo confirmation', () => {
  let h: FieldHarness;
  let w: Omit<FieldWorld, 'secrets'>;
  let t: TripFixture;
  let secrets: Record<string, string>;

  before(async () => {
    h = await startFieldHarness({ field: { photoMaxBytes: MAX_BYTES } });
    w = await registerFieldWorld(h);
    t = tripFixture(1, 'F');
    secrets = await registerFieldTrip(h, t);
  });
  after(() => h.close());

  const obuReport = (state: 'locked' | 'inserted', extra: Record<string, unknown> = {}) => ({
    deviceId: t.obu,
    ts: new Date().toISOString(),
    lat: 22.6,
    lon: 120.3,
    speedKmh: 0,
    hdop: 1,
    seals: t.seals.map((id) => ({ id, state, link: 'ok', battery: 90 })),
    ...extra,
  });

  it('logs a driver in on the vehicle with national ID and plate, and shows the task with live seal states', async () => {
    assert.equal((await h.request('POST', '/field/driver/session', { nationalId: DRIVER_ID, plate: t.plate }, null)).status, 401);
    const notDriver = await h.request('POST', '/field/driver/session', { nationalId: DRIVER_ID, plate: t.plate }, w.tokens.originRp);
    assert.equal(notDriver.status, 403);
    const bad = await h.request('POST', '/field/driver/session', { nationalId: 'A123456788', plate: 'K-' }, w.tokens.driver);
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body.errors.map((e: any) => e.path).sort(), ['/body/nationalId', '/body/plate']);
    const someoneElse = await h.request('POST', '/field/driver/session', { nationalId: DRIVER2_ID, plate: t.plate }, w.tokens.driver);
    assert.equal(someoneElse.status, 403, 'the national ID must be the account holder’s');
    const noVehicle = await h.request('POST', '/field/driver/session', { nationalId: DRIVER_ID, plate: 'KNA9999' }, w.tokens.driver);
    assert.equal(noVehicle.status, 422);
    assert.equal(noVehicle.body.errors[0].path, '/body/plate');

    const r = await h.request('POST', '/field/driver/session', { nationalId: DRIVER_ID, plate: t.plate.replace(/^(...)/, '$1-') }, w.tokens.driver);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual({ ...r.body.binding, since: undefined }, { nationalId: DRIVER_ID, plate: t.plate, source: 'app', since: undefined });
    const task = r.body.task;
    assert.deepEqual(task.cnNos, [t.cnNo]);
    assert.equal(task.destination.code, 'BYC909');
    assert.equal(task.destination.name, 'Daliao Container Yard (sample)');
    assert.equal(task.route.code, 'RT-BKT901-BYC909');
    assert.equal(task.route.maxDurationMin, 120);
    assert.deepEqual(task.containers.map((c: any) => c.no), t.containers);
    assert.equal(task.driverMatches, true);
    assert.equal(task.deadline, null, 'no deadline before departure');

    // The seals lock on the door: the OBU reports them; the task shows it.
    assert.equal((await h.request('POST', '/telemetry', obuReport('locked'), basic(t.obu, secrets[t.obu]))).status, 202);
    const live = await eventually(async () => {
      const g = await h.request('GET', '/field/driver/task', undefined, w.tokens.driver);
      return g.body.task.seals.every((s: any) => s.state === 'locked') && g.body;
    }, 10_000, 'seals locked in the task');
    assert.equal(live.task.state, 'sealed');
    assert.deepEqual(live.task.seals.map((s: any) => s.id), t.seals);
    const audit = await h.request('GET', '/audit?resource=vehicle');
    assert.ok(audit.body.some((e: any) => e.action === 'driver_login' && e.resourceId === t.plate));
  });

  it('pairs a seal of the task with the vehicle’s OBU, and refuses others', async () => {
    const wrongSeal = await h.request('POST', '/field/driver/seals/pair', { sealId: 'NOPE', obuId: t.obu }, w.tokens.driver);
    assert.equal(wrongSeal.status, 422);
    assert.equal(wrongSeal.body.errors[0].path, '/body/sealId');
    const wrongObu = await h.request('POST', '/field/driver/seals/pair', { sealId: t.seals[0], obuId: t.seals[1] }, w.tokens.driver);
    assert.equal(wrongObu.status, 422);
    assert.equal(wrongObu.body.errors[0].path, '/body/obuId');
    const r = await h.request('POST', '/field/driver/seals/pair', { sealId: t.seals[0], obuId: t.obu }, w.tokens.driver);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const dev = await h.request('GET', `/devices/${t.seals[0]}`);
    assert.equal(dev.body.obuId, t.obu);
    const task = await h.request('GET', '/field/driver/task', undefined, w.tokens.driver);
    assert.equal(task.body.task.seals[0].pairedObu, t.obu);
    assert.equal((await h.request('POST', '/field/driver/seals/pair', { sealId: t.seals[0], obuId: t.obu }, w.tokens.originRp)).status, 403);
  });

  it('finds the task of a driver who tapped the RFID port pass on the OBU', async () => {
    const before = await h.request('GET', '/field/driver/task', undefined, w.tokens.driver2);
    assert.deepEqual(before.body, { binding: null, task: null });
    const tap = obuReport('locked', { rfidCard: DRIVER2_CARD, ts: new Date(Date.now() + 1000).toISOString() });
    assert.equal((await h.request('POST', '/telemetry', tap, basic(t.obu, secrets[t.obu]))).status, 202);
    const r = await eventually(async () => (await h.request('GET', '/field/driver/task', undefined, w.tokens.driver2)).body.binding && (await h.request('GET', '/field/driver/task', undefined, w.tokens.driver2)).body, 10_000, 'rfid binding');
    assert.equal(r.binding.source, 'rfid');
    assert.equal(r.binding.plate, t.plate);
    assert.equal(r.binding.obuId, t.obu);
    assert.equal(r.task.driverMatches, false, 'the CN names another driver');
  });

  it('keeps a task the driver ended closed against card reads made before the end, until a new tap', async () => {
    const bound = (await h.request('GET', '/field/driver/task', undefined, w.tokens.driver2)).body;
    assert.equal(bound.binding?.source, 'rfid', 'bound by the card (the test before)');
    assert.equal((await h.request('DELETE', '/field/driver/session', undefined, w.tokens.driver2)).status, 204);
    assert.deepEqual((await h.request('GET', '/field/driver/task', undefined, w.tokens.driver2)).body, { binding: null, task: null });
    const stored = async (n: number) =>
      eventually(async () => (await h.db.query(`select count(*)::int as n from engine_inputs where data->>'rfidCard' = $1`, [DRIVER2_CARD]))[0].n >= n, 10_000, 'reads stored');
    const [{ n: had }] = await h.db.query(`select count(*)::int as n from engine_inputs where data->>'rfidCard' = $1`, [DRIVER2_CARD]);
    const at = (ms: number) => new Date(Date.now() + ms).toISOString();
    // A read made before the end that arrives after it, and the card still in the reader in the next report.
    for (const ts of [at(-60_000), at(5_000)]) {
      assert.equal((await h.request('POST', '/telemetry', obuReport('locked', { rfidCard: DRIVER2_CARD, ts }), basic(t.obu, secrets[t.obu]))).status, 202);
    }
    await stored(had + 2);
    assert.deepEqual((await h.request('GET', '/field/driver/task', undefined, w.tokens.driver2)).body, { binding: null, task: null });
    // The card taken out and tapped again: a new log-in.
    assert.equal((await h.request('POST', '/telemetry', obuReport('locked', { ts: at(6_000) }), basic(t.obu, secrets[t.obu]))).status, 202);
    const tapTs = at(7_000);
    assert.equal((await h.request('POST', '/telemetry', obuReport('locked', { rfidCard: DRIVER2_CARD, ts: tapTs }), basic(t.obu, secrets[t.obu]))).status, 202);
    await stored(had + 3);
    const again = (await h.request('GET', '/field/driver/task', undefined, w.tokens.driver2)).body;
    assert.equal(again.binding?.source, 'rfid');
    assert.equal(again.binding?.plate, t.plate);
  });

  it('lists the containers waiting for confirmation at the person’s storage codes only', async () => {
    const mine = await h.request('GET', '/field/pending-confirmations', undefined, w.tokens.originRp);
    assert.equal(mine.status, 200);
    assert.deepEqual(mine.body.map((p: any) => p.containerNo), t.containers);
    assert.equal(mine.body[0].sealsLocked, true);
    assert.equal(mine.body[0].tripState, 'sealed');
    assert.equal(mine.body[0].originName, 'Kaohsiung Port Terminal 1 (sample)');
    assert.deepEqual((await h.request('GET', '/field/pending-confirmations', undefined, w.tokens.otherRp)).body, []);
    assert.deepEqual((await h.request('GET', '/field/pending-confirmations', undefined, w.tokens.destRp)).body, []);
    assert.equal((await h.request('GET', '/field/pending-confirmations', undefined, w.tokens.customs)).body.length, 2);
    assert.equal((await h.request('GET', '/field/pending-confirmations', undefined, w.tokens.driver)).status, 403);
  });

  it('refuses a confirmation that is not an image, too big, without a photo, or by a person not holding the storage code', async () => {
    const notImage = await h.upload('/field/confirmations', photoForm({ cnNo: t.cnNo }, Buffer.from('%PDF-1.7 not a photo'), 'door.png'), w.tokens.originRp);
    assert.equal(notImage.status, 422);
    assert.equal(notImage.body.errors[0].path, '/body/photo');
    const big = Buffer.concat([PNG_BYTES, Buffer.alloc(MAX_BYTES + 10)]);
    const tooBig = await h.upload('/field/confirmations', photoForm({ cnNo: t.cnNo }, big), w.tokens.originRp);
    assert.equal(tooBig.status, 413);
    assert.equal(tooBig.body.errors[0].path, '/body/photo');
    const none = await h.upload('/field/confirmations', photoForm({ cnNo: t.cnNo }, null), w.tokens.originRp);
    assert.equal(none.status, 422);
    assert.equal(none.body.errors[0].path, '/body/photo');
    const wrongField = await h.upload('/field/confirmations', photoForm({ cnNo: t.cnNo, colour: 'red' }, PNG_BYTES), w.tokens.originRp);
    assert.equal(wrongField.status, 422);
    assert.ok(wrongField.body.errors.some((e: any) => e.path === '/body/colour'));
    const json = await h.request('POST', '/field/confirmations', { cnNo: t.cnNo }, w.tokens.originRp);
    assert.equal(json.status, 415);
    const other = await h.upload('/field/confirmations', photoForm({ cnNo: t.cnNo }, PNG_BYTES), w.tokens.otherRp);
    assert.equal(other.status, 403, JSON.stringify(other.body));
    const dest = await h.upload('/field/confirmations', photoForm({ cnNo: t.cnNo }, PNG_BYTES), w.tokens.destRp);
    assert.equal(dest.status, 403, 'the destination’s person does not confirm the sealing');
    assert.equal((await h.upload('/field/confirmations', photoForm({ cnNo: t.cnNo }, PNG_BYTES), w.tokens.driver)).status, 403);
    const [{ n }] = await h.db.query('select count(*)::int as n from photos');
    assert.equal(n, 0, 'no photo is kept from a refused confirmation');
  });

  it('confirms with a photo: stored on disk, SHA-256 on the confirmation and in the audit, served to whoever sees the note', async () => {
    const photo = doorPhoto();
    const sha = createHash('sha256').update(photo).digest('hex');
    const r = await h.upload('/field/confirmations', photoForm({ cnNo: t.cnNo, containerNo: t.containers[0] }, photo), w.tokens.originRp);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.confirmation.photo.sha256, sha);
    assert.equal(r.body.confirmation.containerNo, t.containers[0]);
    assert.equal(r.body.photo.url, `/api/v1/photos/${r.body.photo.id}`);
    assert.equal(r.body.confirmation.photo.ref, r.body.photo.url);
    const id = r.body.photo.id;
    const [row] = await h.db.query('select * from photos where id = $1', [id]);
    assert.equal(row.store, 'fs');
    assert.ok(existsSync(join(h.dataDir, 'photos', row.storage_key)), 'the file is under DATA_DIR/photos');

    const note = await h.request('GET', `/transport-notes/${t.cnNo}`, undefined, w.tokens.customs);
    assert.equal(note.body.confirmation.photo.sha256, sha);
    const audit = await h.request('GET', `/audit?resource=photo`);
    assert.equal(audit.body.find((e: any) => e.resourceId === id).after.sha256, sha);
    const confirmAudit = await h.request('GET', `/audit?resource=transport_note`);
    assert.equal(confirmAudit.body.find((e: any) => e.action === 'confirm').after.photo.sha256, sha);

    for (const who of [w.tokens.originRp, w.tokens.customs, w.tokens.yardOperator, w.tokens.destRp]) {
      const res = await fetch(`${h.base}/api/v1/photos/${id}`, { headers: { authorization: `Bearer ${who}` } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'image/png');
      const got = Buffer.from(await res.arrayBuffer());
      assert.equal(createHash('sha256').update(got).digest('hex'), sha);
    }
    const outsider = await fetch(`${h.base}/api/v1/photos/${id}`, { headers: { authorization: `Bearer ${w.tokens.driver}` } });
    assert.equal(outsider.status, 404);
    assert.equal((await fetch(`${h.base}/api/v1/photos/${id}`)).status, 401);

    // The trip moves on to confirmed; the container is no longer waiting; a second confirmation is a conflict.
    await eventually(async () => (await h.request('GET', '/field/driver/task', undefined, w.tokens.driver)).body.task.state === 'confirmed', 10_000, 'confirmed');
    assert.deepEqual((await h.request('GET', '/field/pending-confirmations', undefined, w.tokens.originRp)).body, []);
    const again = await h.upload('/field/confirmations', photoForm({ cnNo: t.cnNo }, photo), w.tokens.originRp);
    assert.equal(again.status, 409);
    const list = await h.request('GET', `/photos?cnNo=${t.cnNo}`, undefined, w.tokens.originRp);
    assert.deepEqual(list.body.map((p: any) => p.id), [id]);
  });
  it('takes the photo on the contract’s confirmation URL too (multipart), and JSON still works there', async () => {
    const t2 = tripFixture(4, 'F');
    await registerFieldTrip(h, t2);
    const photo = doorPhoto(64, 48);
    const r = await h.upload(`/transport-notes/${t2.cnNo}/confirmation`, photoForm({ containerNo: t2.containers[1], note: '封條完好' }, photo), w.tokens.originRp);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.confirmation.photo.sha256, createHash('sha256').update(photo).digest('hex'));
    assert.equal(r.body.confirmation.note, '封條完好');
    const notImage = await h.upload(`/transport-notes/${t2.cnNo}/confirmation`, photoForm({}, Buffer.from('hello')), w.tokens.originRp);
    assert.equal(notImage.status, 422);
    const t3 = tripFixture(5, 'F');
    await registerFieldTrip(h, t3);
    const json = await h.request('POST', `/transport-notes/${t3.cnNo}/confirmation`, { containerNo: t3.containers[0] }, w.tokens.originRp);
    assert.equal(json.status, 200, JSON.stringify(json.body));
    assert.equal(json.body.confirmation.photo, undefined);
  });
});
