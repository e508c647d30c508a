// Offline unseal end to end on a running platform: the permission (apply, approve, reject, revoke),
// a token for one seal, the simulated seal unlocking with no network and reporting over MQTT, the
// record uploaded afterwards (verified, spent once, reconciled with the seal's own report), every
// refusal; and a manual unseal whose unlock command reaches the seal and is acknowledged.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import mqtt, { type MqttClient } from 'mqtt';
import { calculateJwkThumbprint, decodeJwt } from 'jose';
import { fieldServices } from '../../src/field/services.ts';
import { issueToken } from '../../src/offline-unseal/token.ts';
import { SimulatedSeal } from '../../src/seal-firmware/seal.ts';
import { tripFixture, type TripFixture } from '../monitor/scenario.ts';
import {
  basic, eventually, registerFieldTrip, registerFieldWorld, startFieldHarness, PASSWORD, type FieldHarness, type FieldWorld,
} from '../field/harness.ts';

describe('offline unseal: permission, token, seal, record, reconciliation', () => {
  let h: FieldHarness;
  let w: Omit<FieldWorld, 'secrets'>;
  let t: TripFixture;
  let secrets: Record<string, string>;
  let tripId: string;
  let farRp: string;
  const seals: Record<string, SimulatedSeal> = {};
  const clients: MqttClient[] = [];
  let applicationId: string;
  let token: string;

  async function connectSeal(id: string, secret: string, tripOf: string): Promise<SimulatedSeal> {
    const { publicJwk } = await h.request('GET', '/keys/unseal', undefined, null).then((r) => ({ publicJwk: r.body }));
    const seal = new SimulatedSeal({ id, publicJwk });
    seal.bindTask(tripOf);
    seal.insert();
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${h.mqttPort}`, { username: id, password: secret, clientId: `seal-${id}`, reconnectPeriod: 0 });
    clients.push(client);
    await seal.attachMqtt(client);
    await seal.publishReport();
    seals[id] = seal;
    return seal;
  }

  const alertsOf = async (sealId: string) =>
    (await h.request('GET', `/alerts?type=seal_tamper&tripId=${encodeURIComponent(tripId)}`)).body.filter((a: any) => (a.detail.sealIds ?? [a.detail.sealId]).includes(sealId));

  before(async () => {
    h = await startFieldHarness();
    w = await registerFieldWorld(h);
    t = tripFixture(2, 'O');
    secrets = await registerFieldTrip(h, t, { requiresConfirmation: false });
    // The OBU sees both seals locked at the origin: the trip is sealed.
    const lockedAtOrigin = {
      deviceId: t.obu, ts: new Date().toISOString(), lat: 22.6, lon: 120.3, speedKmh: 0, hdop: 1,
      seals: t.seals.map((id) => ({ id, state: 'locked', link: 'ok', battery: 90 })),
    };
    assert.equal((await h.request('POST', '/telemetry', lockedAtOrigin, basic(t.obu, secrets[t.obu]))).status, 202);
    const trip = await eventually(async () => {
      const r = await h.request('GET', `/trips?plate=${t.plate}`);
      return (r.body.items ?? r.body).find((x: any) => x.state === 'sealed');
    }, 10_000, 'trip sealed');
    tripId = trip.tripId;
    for (const s of t.seals) await connectSeal(s, secrets[s], tripId);
    // A yard with no part in this trip, and its responsible person.
    await h.request('POST', '/companies', { ubn: '10000004', name: 'Unrelated Yard', roles: ['yard'] });
    await h.request('POST', '/users', { username: 'rp.far', name: 'rp.far', companyUbn: '10000004', roles: ['responsible_person'], password: PASSWORD });
    farRp = (await h.request('POST', '/auth/login', { username: 'rp.far', password: PASSWORD }, null)).body.token;
  });
  after(async () => {
    for (const c of clients) await c.endAsync(true);
    await h.close();
  });

  it('publishes the platform’s Ed25519 public key as a JWK, without credentials', async () => {
    const r = await h.request('GET', '/keys/unseal', undefined, null);
    assert.equal(r.status, 200);
    assert.equal(r.body.kty, 'OKP');
    assert.equal(r.body.crv, 'Ed25519');
    assert.equal(r.body.alg, 'EdDSA');
    assert.equal(r.body.kid, await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: r.body.x }));
    assert.equal(r.body.d, undefined, 'never the private part');
    const again = await h.request('GET', '/keys/unseal', undefined, null);
    assert.equal(again.body.kid, r.body.kid, 'one key, kept');
    const doc = await (await fetch(`${h.base}/api/openapi.json`)).json();
    for (const path of ['/api/v1/keys/unseal', '/api/v1/seals/{sealId}/offline-unseal-tokens', '/api/v1/offline-unseal/records', '/api/v1/field/confirmations']) {
      assert.ok(doc.paths[path], `${path} in the OpenAPI document`);
    }
  });

  it('applies for the permission; customs approves; refuses duplicates, wrong roles and second decisions', async () => {
    const none = await h.request('POST', `/seals/${t.seals[0]}/offline-unseal-tokens`, undefined, w.tokens.destRp);
    assert.equal(none.status, 403, 'no permission yet');
    assert.match(none.body.detail, /apply/);
    assert.equal((await h.request('POST', '/offline-unseal/applications', { reason: 'x' }, w.tokens.driver)).status, 403);
    const a = await h.request('POST', '/offline-unseal/applications', { reason: 'No mobile signal at the unloading bay' }, w.tokens.destRp);
    assert.equal(a.status, 201, JSON.stringify(a.body));
    assert.equal(a.body.status, 'pending');
    assert.deepEqual(a.body.storageCodes, ['D9001']);
    applicationId = a.body.id;
    assert.equal((await h.request('POST', '/offline-unseal/applications', {}, w.tokens.destRp)).status, 409);
    assert.equal((await h.request('GET', `/offline-unseal/applications/${applicationId}`, undefined, w.tokens.otherRp)).status, 404);
    const mine = await h.request('GET', '/offline-unseal/applications', undefined, w.tokens.destRp);
    assert.deepEqual(mine.body.map((x: any) => x.id), [applicationId]);
    assert.equal((await h.request('POST', `/offline-unseal/applications/${applicationId}/approve`, {}, w.tokens.yardOperator)).status, 403);
    assert.equal((await h.request('POST', `/offline-unseal/applications/${applicationId}/approve`, {}, w.tokens.destRp)).status, 403);
    const bad = await h.request('POST', `/offline-unseal/applications/${applicationId}/approve`, { validUntil: '2001-01-01T00:00:00Z' }, w.tokens.customs);
    assert.equal(bad.status, 422);
    assert.equal(bad.body.errors[0].path, '/body/validUntil');
    const ok = await h.request('POST', `/offline-unseal/applications/${applicationId}/approve`, { note: 'Approved for the Daliao yard' }, w.tokens.customs);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.status, 'approved');
    assert.match(ok.body.decidedBy, /^user:/);
    assert.equal((await h.request('POST', `/offline-unseal/applications/${applicationId}/approve`, {}, w.tokens.customs)).status, 409);
    assert.equal((await h.request('POST', `/offline-unseal/applications/${applicationId}/reject`, {}, w.tokens.customs)).status, 409);
    assert.deepEqual((await h.request('GET', '/offline-unseal/permission', undefined, w.tokens.destRp)).body.allowed, true);
    const pending = await h.request('GET', '/offline-unseal/applications?status=pending', undefined, w.tokens.customs);
    assert.deepEqual(pending.body, []);
    // Another person's application, rejected: no permission.
    const b = await h.request('POST', '/offline-unseal/applications', {}, w.tokens.otherRp);
    assert.equal((await h.request('POST', `/offline-unseal/applications/${b.body.id}/reject`, { note: 'not needed' }, w.tokens.customs)).body.status, 'rejected');
    assert.equal((await h.request('POST', `/seals/${t.seals[0]}/offline-unseal-tokens`, undefined, w.tokens.otherRp)).status, 403);
    const audit = await h.request('GET', '/audit?resource=offline_unseal_application');
    assert.deepEqual(new Set(audit.body.map((e: any) => e.action)), new Set(['apply', 'approve', 'reject']));
  });

  it('issues a token only to an approved person related to the seal’s live trip', async () => {
    // Approved but from an unrelated yard: the seal is not theirs to see.
    const far = await h.request('POST', '/offline-unseal/applications', {}, farRp);
    await h.request('POST', `/offline-unseal/applications/${far.body.id}/approve`, {}, w.tokens.customs);
    assert.equal((await h.request('POST', `/seals/${t.seals[0]}/offline-unseal-tokens`, undefined, farRp)).status, 404);
    assert.equal((await h.request('POST', '/seals/NO-SUCH-SEAL/offline-unseal-tokens', undefined, w.tokens.destRp)).status, 404);
    assert.equal((await h.request('POST', `/seals/${t.seals[0]}/offline-unseal-tokens`, undefined, w.tokens.driver)).status, 403);
    assert.equal((await h.request('POST', `/seals/${t.seals[0]}/offline-unseal-tokens`, undefined, null)).status, 401);

    const r = await h.request('POST', `/seals/${t.seals[0]}/offline-unseal-tokens`, undefined, w.tokens.destRp);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    token = r.body.token;
    const claims = decodeJwt(token);
    assert.equal(claims.sub, t.seals[0]);
    assert.equal(claims.trip, tripId);
    assert.equal((claims.exp as number) - (claims.iat as number), 900, '15 minutes');
    assert.equal(r.body.expiresAt, new Date((claims.exp as number) * 1000).toISOString());
    assert.equal(r.body.jti, claims.jti);
    assert.equal(r.body.cnNo, t.cnNo);
    const audit = await h.request('GET', `/audit?resource=seal`);
    const issued = audit.body.find((e: any) => e.action === 'issue_offline_unseal_token');
    assert.equal(issued.after.jti, claims.jti);
    assert.ok(!JSON.stringify(issued).includes(token), 'the token is not in the audit trail');
    // Customs may unseal offline without an application.
    assert.equal((await h.request('POST', `/seals/${t.seals[1]}/offline-unseal-tokens`, undefined, w.tokens.customs)).status, 201);
  });

  it('the seal unlocks offline; its report alone is a tamper; the record, uploaded later, explains it and spends the token', async () => {
    const seal = seals[t.seals[0]];
    // At the truck, no network: the phone hands the token to the seal.
    const unsealedAt = Date.now();
    const r = await seal.offlineUnseal(token, unsealedAt);
    assert.ok(r.ok, JSON.stringify(r));
    const replay = await seal.offlineUnseal(token, unsealedAt + 1000);
    assert.equal(replay.ok ? 'unlocked' : replay.reason, 'replayed', 'the seal spends a token once');
    assert.equal(seal.state, 'unlocked');
    // The seal's own uplink reports the opening before the phone is back online.
    await seal.publishReport(unsealedAt + 3000);
    const [alert] = await eventually(async () => {
      const a = await alertsOf(t.seals[0]);
      return a.length ? a : null;
    }, 10_000, 'seal_tamper for the unlocked seal');
    assert.equal(alert.status, 'open');
    assert.equal(alert.detail.sealState, 'unlocked');

    // Back online: the record.
    const up = await h.request('POST', '/offline-unseal/records', {
      token, sealId: t.seals[0], unsealedAt: new Date(unsealedAt).toISOString(), by: 'rp.dest',
    }, w.tokens.destRp);
    assert.equal(up.status, 201, JSON.stringify(up.body));
    assert.equal(up.body.tripId, tripId);
    assert.deepEqual(up.body.reconciledAlerts, [alert.alertId]);
    const after = await h.request('GET', `/alerts/${alert.alertId}`);
    assert.equal(after.body.status, 'resolved');
    assert.equal(after.body.resolution, 'explained');
    assert.ok(after.body.history.some((e: any) => e.kind === 'resolved' && e.data.offlineUnsealRecord === up.body.recordId));
    const audit = await h.request('GET', '/audit?resource=seal');
    assert.ok(audit.body.some((e: any) => e.action === 'offline_unseal' && e.after.recordId === up.body.recordId));
    const records = await h.request('GET', `/seals/${t.seals[0]}/offline-unseal-records`, undefined, w.tokens.destRp);
    assert.deepEqual(records.body.map((x: any) => x.recordId), [up.body.recordId]);

    // The same token again: a replay.
    const again = await h.request('POST', '/offline-unseal/records', {
      token, sealId: t.seals[0], unsealedAt: new Date(unsealedAt).toISOString(), by: 'rp.dest',
    }, w.tokens.destRp);
    assert.equal(again.status, 409);
  });

  it('refuses forged, expired, wrong-seal and other people’s records', async () => {
    const sealA = t.seals[0];
    const fresh = (await h.request('POST', `/seals/${sealA}/offline-unseal-tokens`, undefined, w.tokens.destRp)).body;
    const at = new Date().toISOString();
    const post = (body: object, who = w.tokens.destRp) => h.request('POST', '/offline-unseal/records', { sealId: sealA, unsealedAt: at, by: 'rp.dest', ...body }, who);

    const [hd, pl] = fresh.token.split('.');
    const forged = await post({ token: `${hd}.${pl}.${Buffer.alloc(64, 7).toString('base64url')}` });
    assert.equal(forged.status, 422);
    assert.equal(forged.body.errors[0].path, '/body/token');
    assert.match(forged.body.errors[0].message, /signature/);
    const garbage = await post({ token: 'abc.def' });
    assert.equal(garbage.status, 422);

    const wrongSeal = await post({ token: fresh.token, sealId: t.seals[1] });
    assert.equal(wrongSeal.status, 422);
    assert.equal(wrongSeal.body.errors[0].path, '/body/sealId');

    const notMine = await post({ token: fresh.token }, w.tokens.originRp);
    assert.equal(notMine.status, 403);
    const wrongBy = await post({ token: fresh.token, by: 'rp.origin' });
    assert.equal(wrongBy.status, 422);
    assert.equal(wrongBy.body.errors[0].path, '/body/by');
    const future = await post({ token: fresh.token, unsealedAt: new Date(Date.now() + 3600_000).toISOString() });
    assert.equal(future.status, 422);
    assert.equal(future.body.errors[0].path, '/body/unsealedAt');

    // A token used after it expired: signed by the platform an hour ago, valid for 15 minutes.
    const key = await fieldServices(h.ctx).keys.signingKey();
    const issuedMs = Date.now() - 3600_000;
    const old = await issueToken(key, sealA, tripId, issuedMs, 900);
    await h.db.query(
      `insert into offline_unseal_tokens (jti, kid, seal_id, trip_id, user_id, company_ubn, issued_at, expires_at) values ($1,$2,$3,$4,$5,$6,$7,$8)`,
      [old.claims.jti, key.kid, sealA, tripId, w.userIds['rp.dest'], '22099131', new Date(issuedMs), new Date(issuedMs + 900_000)],
    );
    const expired = await post({ token: old.token, unsealedAt: new Date(issuedMs + 20 * 60_000).toISOString() });
    assert.equal(expired.status, 422);
    assert.equal(expired.body.errors[0].path, '/body/unsealedAt');
    assert.match(expired.body.errors[0].message, /expired/);
    // And the seal refuses it too.
    const seal = new SimulatedSeal({ id: sealA, publicJwk: key.publicJwk });
    seal.bindTask(tripId);
    seal.insert();
    const refused = await seal.offlineUnseal(old.token, Date.now());
    assert.equal(refused.ok ? 'unlocked' : refused.reason, 'expired');

    // Nothing above spent the fresh token.
    const ok = await post({ token: fresh.token });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
  });

  it('a seal that opens with no valid record stays a seal_tamper', async () => {
    const seal = seals[t.seals[1]];
    seal.tamper();
    seal.state = 'unlocked';
    await seal.publishReport();
    const [alert] = await eventually(async () => {
      const a = await alertsOf(t.seals[1]);
      return a.length ? a : null;
    }, 10_000, 'seal_tamper for seal B');
    await new Promise((r) => setTimeout(r, 300));
    const still = await h.request('GET', `/alerts/${alert.alertId}`);
    assert.equal(still.body.status, 'open');
    assert.equal(still.body.severity, 'critical');
  });

  it('manual unseal from the app: the unlock command reaches the seal, which acknowledges it by reporting unlocked', async () => {
    const t2 = tripFixture(3, 'O');
    const s2 = await registerFieldTrip(h, t2, { requiresConfirmation: false });
    const report = { deviceId: t2.obu, ts: new Date().toISOString(), lat: 22.6, lon: 120.3, speedKmh: 0, hdop: 1, seals: t2.seals.map((id) => ({ id, state: 'locked', link: 'ok' })) };
    await h.request('POST', '/telemetry', report, basic(t2.obu, s2[t2.obu]));
    const trip2 = await eventually(async () => {
      const r = await h.request('GET', `/trips?plate=${t2.plate}`);
      return (r.body.items ?? r.body).find((x: any) => x.state === 'sealed');
    }, 10_000, 'second trip sealed');
    const seal = await connectSeal(t2.seals[0], s2[t2.seals[0]], trip2.tripId);

    assert.equal((await h.request('POST', `/seals/${t2.seals[0]}/unseal`, { reason: 'Inspection at the yard' }, w.tokens.driver)).status, 403);
    const r = await h.request('POST', `/seals/${t2.seals[0]}/unseal`, { reason: 'Geofence did not unlock it' }, w.tokens.customs);
    assert.equal(r.status, 202, JSON.stringify(r.body));
    const sent = await eventually(async () => {
      const s = await h.request('GET', `/field/seals/${t2.seals[0]}`, undefined, w.tokens.customs);
      return s.body.unlock && s.body.unlock.status !== 'pending' ? s.body : null;
    }, 10_000, 'command sent');
    assert.equal(sent.unlock.channel, 'mqtt');
    await eventually(() => seal.state === 'unlocked', 5000, 'the seal unlocked on the command');
    await seal.publishReport();
    const acked = await eventually(async () => {
      const s = await h.request('GET', `/field/seals/${t2.seals[0]}`, undefined, w.tokens.customs);
      return s.body.unlock.status === 'acknowledged' ? s.body : null;
    }, 10_000, 'command acknowledged');
    assert.equal(acked.state, 'unlocked');
    assert.ok(acked.unlock.acknowledgedAt);
    assert.deepEqual(await alertsOf(t2.seals[0]).then(() => []), []);
    const tamper = (await h.request('GET', `/alerts?type=seal_tamper&tripId=${encodeURIComponent(trip2.tripId)}`)).body;
    assert.deepEqual(tamper, [], 'an authorised unseal is not tampering');
    const list = await h.request('GET', `/field/seals?q=${t2.plate}`, undefined, w.tokens.originRp);
    assert.deepEqual(list.body.map((s: any) => s.sealId).sort(), [...t2.seals].sort());
    assert.equal((await h.request('GET', `/field/seals/${t2.seals[0]}`, undefined, farRp)).status, 404);
  });
});
