import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';
import { createTicket, handOverToDesk, queueAt } from '../../src/desk/tickets.ts';
import { note, seedRegistry, YARD_A, YARD_B } from '../transport-notes/fixtures.ts';

const tpe = (s: string) => Date.parse(`${s}+08:00`);

describe('service desk tickets', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
    await seedRegistry(t.tdb.db);
  });
  after(() => t.close());

  it('routes a new ticket to the desk from 08:00 to 20:00 Taipei, else the monitoring centre', () => {
    assert.equal(queueAt(tpe('2026-03-03T07:59:59')), 'monitoring');
    assert.equal(queueAt(tpe('2026-03-03T08:00:00')), 'desk');
    assert.equal(queueAt(tpe('2026-03-03T19:59:59')), 'desk');
    assert.equal(queueAt(tpe('2026-03-03T20:00:00')), 'monitoring');
  });

  it('keeps a ticket with its links, SLA, assignee and history; the reporter’s company sees it, others not', async () => {
    const yard = await t.userFor(YARD_A, ['yard_operator'], { username: 'yard.a' });
    const other = await t.userFor(YARD_B, ['yard_operator']);
    const bad = await t.request('POST', '/api/v1/tickets', yard, { category: 'cn_correction', subject: 'Wrong container', body: 'x', cnNo: 'NOPE' });
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.json().errors[0].path, '/cnNo');
    const r = await t.request('POST', '/api/v1/tickets', yard, { category: 'find_truck', subject: 'Need a bonded truck', body: 'Two containers at CD198', priority: 'urgent', companyUbn: YARD_A });
    assert.equal(r.statusCode, 201, r.body);
    const tk = r.json();
    assert.equal(Date.parse(tk.slaDueAt) - Date.parse(tk.createdAt), 30 * 60_000, 'find_truck: 60 min, urgent: half');
    assert.equal(tk.queue, queueAt(Date.parse(tk.createdAt)));
    assert.equal((await t.request('GET', `/api/v1/tickets/${tk.id}`, other)).statusCode, 404);
    assert.deepEqual((await t.request('GET', '/api/v1/tickets', other)).json(), []);
    assert.equal((await t.request('PATCH', `/api/v1/tickets/${tk.id}`, yard, { status: 'closed' })).statusCode, 403);
    assert.equal((await t.request('PATCH', `/api/v1/tickets/${tk.id}`, yard, { comment: 'Still waiting' })).statusCode, 200);
    const agent = await t.userFor('00000000', ['customs_officer'], { username: 'desk.agent' });
    const assigned = await t.request('PATCH', `/api/v1/tickets/${tk.id}`, agent, { assignee: 'desk.agent' });
    assert.equal(assigned.json().status, 'in_progress');
    await t.request('PATCH', `/api/v1/tickets/${tk.id}`, agent, { status: 'resolved', comment: 'KNA6001 of fleet 04595252 is free' });
    const got = (await t.request('GET', `/api/v1/tickets/${tk.id}`, yard)).json();
    assert.equal(got.status, 'resolved');
    assert.ok(got.resolvedAt);
    assert.deepEqual(got.history.map((h: any) => h.kind), ['created', 'comment', 'assigned', 'status', 'comment']);
  });

  it('hands the night’s untouched tickets to the desk when it opens', async () => {
    const p = { kind: 'user' as const, id: 'u1', name: 'x', companyUbn: YARD_A, roles: ['yard_operator' as const], storageCodes: [] };
    const actor = { kind: 'user' as const, id: 'u1', companyUbn: YARD_A, ip: null };
    const night = await createTicket(t.ctx, p, actor, { category: 'connection', subject: 'OBU offline', body: 'since 22:00' }, tpe('2026-03-03T22:00:00'));
    assert.equal(night.queue, 'monitoring');
    assert.equal(await handOverToDesk(t.tdb.db, tpe('2026-03-04T07:00:00')), 0);
    assert.ok((await handOverToDesk(t.tdb.db, tpe('2026-03-04T08:01:00'))) >= 1);
    const [row] = await t.tdb.db.query(`select queue from tickets where id = $1`, [night.id]);
    assert.equal(row.queue, 'desk');
  });
});

describe('truck e-seal rollout in CN validation', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
    await seedRegistry(t.tdb.db);
  });
  after(() => t.close());

  it('refuses a CN of a rolled-out office, release code and category without truck e-seals, naming the field', async () => {
    const put = await t.request('PUT', '/api/v1/settings/truck-eseal-rollout', t.adminKey, {
      stages: [{ office: 'C', releaseCodes: ['1', 'B'], transportCategories: [], from: '2026-01-01T00:00:00+08:00' }],
    });
    assert.equal(put.statusCode, 200, put.body);
    const officer = await t.keyFor('00000000', ['customs_officer']);
    assert.equal((await t.request('PUT', '/api/v1/settings/truck-eseal-rollout', officer, { stages: [] })).statusCode, 403);
    const passive = note({ containers: [{ no: 'CSQU3054383', sealType: 'eseal', sealNos: ['S-R1'] }] });
    const refused = await t.request('POST', '/api/v1/transport-notes', t.adminKey, passive);
    assert.equal(refused.statusCode, 422, refused.body);
    assert.equal(refused.json().errors[0].path, '/body/containers/0/sealType');
    const otherCode = await t.request('POST', '/api/v1/transport-notes', t.adminKey, { ...passive, cnNo: 'CN90000001', releaseCode: '4' });
    assert.equal(otherCode.statusCode, 201, otherCode.body);
    const eseal = await t.request('POST', '/api/v1/transport-notes', t.adminKey, note());
    assert.equal(eseal.statusCode, 201, eseal.body);
    const audit = await t.tdb.db.query(`select before, after from audit_log where resource = 'settings' and resource_id = 'truck_eseal_rollout'`);
    assert.equal(audit.length, 1);
  });
});
