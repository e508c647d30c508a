// Lanes, yard events and container movements end to end on a running server: a gate passage is
// answered with the engine's decision as it is stored, the origin's lane confirms the sealing, an
// officer releases a hold (audited), and the container's history and the port traffic show it all.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { basic, eventually, registerTrip, registerWorld, startHarness, transportNote, type Harness } from '../monitor/harness.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runClearancesCommand } from '../../src/movements/import-command.ts';
import { DESTINATION, FLEET_UBN, ORIGIN, SENDER_UBN, YARD_UBN, fix, tripFixture, type TripFixture } from '../monitor/scenario.ts';

const DECLARED = 'MSCU1234566';

describe('lanes and container movements API', () => {
  let h: Harness;
  let t: TripFixture;
  let secrets: Record<string, string>;
  let terminalKey: string;
  let otherYardKey: string;
  let held: string;

  before(async () => {
    h = await startHarness();
    await registerWorld(h);
    t = tripFixture(1);
    secrets = await registerTrip(h, t, { cn: false });
    const note = await h.request('POST', '/transport-notes', { ...transportNote(t), requiresConfirmation: true });
    assert.equal(note.status, 201, JSON.stringify(note.body));
    const key = async (companyUbn: string, roles: string[]) => (await h.request('POST', '/api-keys', { name: 'lane', companyUbn, roles })).body.key as string;
    terminalKey = await key(SENDER_UBN, ['yard_operator']);
    otherYardKey = await key(YARD_UBN, ['yard_operator']);
    const c = await h.request('POST', '/clearances', {
      records: [
        { declarationNo: 'AA13100001', kind: 'import', containerNos: t.containers, status: 'released', releaseCode: '1', statusAt: new Date().toISOString(), importerUbn: SENDER_UBN },
        { declarationNo: 'AA13100002', kind: 'import', containerNos: [DECLARED], status: 'declared', statusAt: new Date().toISOString() },
      ],
    });
    assert.equal(c.status, 207, JSON.stringify(c.body));
    // Sealed at the origin.
    const r = await h.request('POST', '/telemetry', fix(t, 0, Date.now() - 1000), basic(t.obu, secrets[t.obu]));
    assert.equal(r.status, 202);
    await eventually(async () => (await h.request('GET', `/trips/TR-${t.cnNo}`)).body?.state === 'sealed', 5000, 'sealed');
  });
  after(() => h.close());

  it('takes yard events from the terminal operating system, naming a bad container number', async () => {
    const ok = await h.request('POST', '/yard-events', { facility: ORIGIN, containerNo: DECLARED, event: 'discharged', equipmentId: 'QC-01' }, terminalKey);
    assert.equal(ok.status, 202, JSON.stringify(ok.body));
    const bad = await h.request('POST', '/yard-events', { facility: ORIGIN, containerNo: 'MSCU1234567', event: 'moved' }, terminalKey);
    assert.equal(bad.status, 422);
    assert.equal(bad.body.errors[0].path, '/body/containerNo');
    assert.match(bad.body.errors[0].message, /ISO 6346.*check digit/);
    assert.equal((await h.request('POST', '/yard-events', { facility: ORIGIN, containerNo: DECLARED, event: 'moved' }, otherYardKey)).status, 403);
    const batch = await h.request('POST', '/yard-events', {
      events: [{ facility: ORIGIN, containerNo: DECLARED, event: 'moved', position: 'A1-01-02-1' }, { facility: ORIGIN, containerNo: DECLARED, event: 'sunk' }],
    }, terminalKey);
    assert.equal(batch.status, 207);
    assert.deepEqual(batch.body.results.map((x: any) => x.status), [202, 422]);
    assert.equal(batch.body.results[1].errors[0].path, '/body/events/1/event');
  });

  it('passes the CN truck whose lane read matches, and the lane confirms its sealing', async () => {
    const r = await h.request('POST', '/gate-events', {
      facility: ORIGIN, lane: 'OUT-1', direction: 'out', plate: t.plate, containerNos: t.containers, sealNos: t.seals, source: 'ocr',
      capturedAt: new Date().toISOString(), confidence: { plate: 0.99, containers: [0.98, 0.97] },
    }, terminalKey);
    assert.equal(r.status, 202, JSON.stringify(r.body));
    assert.equal(r.body.decision, 'pass');
    assert.deepEqual(r.body.reasons, []);
    assert.equal(r.body.tripId, `TR-${t.cnNo}`);
    assert.deepEqual(r.body.laneConfirmed, [t.cnNo]);
    assert.deepEqual(r.body.partyRisk, { level: 'none', parties: [] }, 'an operator hears of no party not under watch');
    await eventually(async () => (await h.request('GET', `/trips/TR-${t.cnNo}`)).body?.state === 'confirmed', 5000, 'confirmed by the lane');
    const note = await h.request('GET', `/transport-notes/${t.cnNo}`);
    assert.ok(note.body.confirmedAt ?? note.body.confirmation, JSON.stringify(note.body).slice(0, 300));
  });

  it('holds a truck taking out a container whose clearance is only declared, with the alert as the reason', async () => {
    const r = await h.request('POST', '/gate-events', {
      facility: ORIGIN, lane: 'OUT-2', direction: 'out', plate: 'KLA7002', containerNos: [DECLARED], source: 'ocr', confidence: { plate: 0.9, containers: [0.9] },
    }, terminalKey);
    assert.equal(r.status, 202, JSON.stringify(r.body));
    assert.equal(r.body.decision, 'hold');
    assert.deepEqual(r.body.reasons.map((x: any) => [x.code, x.containerNo]), [['gate_out_unreleased', DECLARED]]);
    held = r.body.passageId;
    const plain = await h.request('POST', '/gate-events', { facility: ORIGIN, lane: 'IN-1', direction: 'in', plate: 'KLA7003', containerNos: [], source: 'ocr' }, terminalKey);
    assert.equal(plain.body.decision, 'pass', 'an ordinary truck with no CN and no container passes');
  });

  it('shows the lane, its holds, and lets an officer release a hold once, with a reason, audited', async () => {
    const lanes = await h.request('GET', `/lanes?facility=${ORIGIN}`);
    assert.equal(lanes.status, 200);
    assert.deepEqual(lanes.body.holds.map((p: any) => p.passageId), [held]);
    const out2 = lanes.body.lanes.find((l: any) => l.lane === 'OUT-2');
    assert.equal(out2.waiting, 1);
    assert.equal(out2.passages[0].decision, 'hold');
    assert.equal((await h.request('GET', '/lanes', undefined, terminalKey)).status, 403);
    assert.equal((await h.request('POST', `/gate-passages/${held}/release`, {})).status, 422);
    const released = await h.request('POST', `/gate-passages/${held}/release`, { reason: 'declaration released by phone, paper to follow' });
    assert.equal(released.status, 200, JSON.stringify(released.body));
    assert.equal(released.body.officerDecision, 'released');
    assert.equal((await h.request('POST', `/gate-passages/${held}/refuse`, { reason: 'changed my mind' })).status, 409);
    const audit = await h.request('GET', '/audit?resource=gate_passage');
    assert.equal(audit.body[0].action, 'release');
    assert.deepEqual((await h.request('GET', `/lanes?facility=${ORIGIN}`)).body.holds, []);
  });

  it("gives the container's whole history and the exception list", async () => {
    const hist = await h.request('GET', `/containers/${DECLARED}/history`);
    assert.equal(hist.status, 200, JSON.stringify(hist.body));
    assert.deepEqual(hist.body.timeline.map((e: any) => e.kind), ['clearance_declared', 'discharged', 'moved', 'gate_out']);
    assert.equal(hist.body.status, 'gate_out');
    assert.deepEqual(hist.body.alerts.map((a: any) => a.alertType), ['gate_out_unreleased']);
    assert.equal(hist.body.places[0].code, ORIGIN);
    const trip = await h.request('GET', `/containers/${t.containers[0]}/history`);
    assert.ok(trip.body.timeline.some((e: any) => e.kind === 'gate_out' && e.detail.decision === 'pass'));
    assert.equal(trip.body.trip.tripId, `TR-${t.cnNo}`);
    const ex = await h.request('GET', '/movements/exceptions');
    assert.deepEqual(ex.body.map((a: any) => [a.alertType, a.containerNo]), [['gate_out_unreleased', DECLARED]]);
    assert.equal((await h.request('GET', '/movements/exceptions', undefined, terminalKey)).status, 403);
  });

  it('imports the clearance CSV from the command line, one result a line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-clearances-'));
    const file = join(dir, 'export.csv');
    writeFileSync(file, `declarationNo,kind,containerNos,status,statusAt\nAA13100020,import,${t.containers[0]},released,${new Date().toISOString()}\nAA13100021,import,MSCU1234567,declared,${new Date().toISOString()}\n`);
    const out: string[] = [];
    const code = await runClearancesCommand(['import', file, '--url', h.base, '--key', h.adminKey], { out: (l) => out.push(l), err: (l) => out.push(l) });
    assert.equal(code, 1, 'one line refused');
    assert.deepEqual(out.map((l) => [JSON.parse(l).line, JSON.parse(l).ok]), [[2, true], [3, false]]);
    assert.equal(await runClearancesCommand(['import'], { out: () => undefined, err: () => undefined }), 2);
  });

  it('counts passages per hour and holds per facility and lane', async () => {
    const r = await h.request('GET', '/traffic?hours=2', undefined, otherYardKey);
    assert.equal(r.status, 200);
    const f = r.body.facilities.find((x: any) => x.facility === ORIGIN);
    assert.deepEqual([f.passages, f.holds], [3, 1]);
    assert.equal(r.body.lanes.find((l: any) => l.lane === 'OUT-2').hours[0].holds, 1);
    assert.equal(r.body.facilities.some((x: any) => x.facility === DESTINATION), false);
  });
  it('stores passages arriving together, each with its own audit entry and decision', async () => {
    const n = 24;
    const answers = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        h.request('POST', '/gate-events', {
          facility: ORIGIN, lane: 'BATCH', direction: 'in', plate: `KLB${7100 + i}`, containerNos: i % 4 === 0 ? [DECLARED] : [], source: 'manual',
        }, terminalKey),
      ),
    );
    assert.deepEqual(answers.map((a) => a.status), Array(n).fill(202));
    const db = h.server.ctx.db;
    const ids = answers.map((a) => a.body.passageId as string);
    const rows = await db.query('select id, plate from gate_passages where id = any($1)', [ids]);
    assert.equal(rows.length, n);
    const audits = await db.query(`select after->>'passageId' as id, actor_id from audit_log where resource = 'gate_event' and after->>'passageId' = any($1)`, [ids]);
    assert.deepEqual(audits.map((a) => a.id).sort(), [...ids].sort());
    const lane = await h.request('GET', `/gate-passages/${ids[1]}`);
    assert.equal(lane.status, 200, JSON.stringify(lane.body));
    assert.equal(lane.body.decision, answers[1].body.decision);
  });

  it("answers with the parties' risk: customs hears every party and why, the operator's lane only who is under watch", async () => {
    const watch = await h.request('POST', '/risk/watchlist', { kind: 'vehicle', partyId: 'KLA7009', level: 'high', reason: 'tip-off: false bottom' });
    assert.equal(watch.status, 201, JSON.stringify(watch.body));
    const passage = { facility: ORIGIN, lane: 'IN-9', direction: 'in', plate: 'KLA-7009', containerNos: [], source: 'manual' };
    const lane = await h.request('POST', '/gate-events', passage, terminalKey);
    assert.equal(lane.status, 202, JSON.stringify(lane.body));
    assert.equal(lane.body.decision, 'pass', 'the risk informs; the decision stays the engine\'s');
    assert.deepEqual(lane.body.partyRisk, { level: 'high', parties: [{ kind: 'vehicle', id: 'KLA7009', level: 'high' }] });
    const officer = await h.request('POST', '/gate-events', passage);
    assert.equal(officer.body.partyRisk.level, 'high');
    const vehicle = officer.body.partyRisk.parties.find((x: any) => x.kind === 'vehicle');
    assert.equal(vehicle.id, 'KLA7009');
    assert.equal(vehicle.factors[0].code, 'watchlist');
    // The CN truck: its driver and fleet are parties too, each at its own level.
    const cn = await h.request('POST', '/gate-events', { facility: ORIGIN, lane: 'IN-9', direction: 'in', plate: t.plate, containerNos: [], source: 'manual' });
    assert.deepEqual(cn.body.partyRisk.parties.map((x: any) => [x.kind, x.id]), [['driver', 'A123456789'], ['vehicle', t.plate], ['company', FLEET_UBN]]);
    assert.ok(cn.body.partyRisk.parties.every((x: any) => Array.isArray(x.factors)));
  });
});
