import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TransportNote } from '../../src/core/types.ts';
import { decide, keepsConfirmation, type CurrentNote, type Sender } from '../../src/transport-notes/lifecycle.ts';

const body: TransportNote = {
  cnNo: 'CN00000001', function: '9', senderUbn: '04595252', origin: 'CD198', destination: 'BK001',
  containers: [{ no: 'CSQU3054383', sealType: 'truck_eseal', sealNos: ['S1', 'S2'] }],
  plate: 'KNA6001', driverId: 'A123456789', transportCategory: 1, requiresConfirmation: true,
};
const current = (over: Partial<CurrentNote> = {}): CurrentNote => ({
  cnNo: 'CN00000001', version: 1, status: 'live', senderUbn: '04595252', origin: 'CD198', destination: 'BK001', confirmedAt: null, body, ...over,
});
const sender: Sender = { companyUbn: '04595252', customs: false, canSee: true };
const customs: Sender = { companyUbn: '69113401', customs: true, canSee: true };
const stranger: Sender = { companyUbn: '12345675', customs: false, canSee: false };

describe('transport-note lifecycle', () => {
  it('creates an original once; a cancelled number may be issued again by its sender', () => {
    assert.deepEqual(decide('9', 'CN1', undefined, sender), { ok: true, action: 'create', version: 1 });
    assert.equal((decide('9', 'CN1', current(), sender) as any).refusal, 'conflict');
    assert.deepEqual(decide('9', 'CN1', current({ status: 'cancelled', version: 3 }), sender), { ok: true, action: 'reissue', version: 4 });
    assert.equal((decide('9', 'CN1', current({ status: 'cancelled' }), stranger) as any).refusal, 'conflict');
  });

  it('replaces and cancels only what exists and is live, by its sender or customs', () => {
    assert.deepEqual(decide('5', 'CN1', current(), sender), { ok: true, action: 'replace', version: 2 });
    assert.deepEqual(decide('1', 'CN1', current(), sender), { ok: true, action: 'cancel', version: 2 });
    assert.equal((decide('5', 'CN1', undefined, sender) as any).refusal, 'not_found');
    assert.equal((decide('5', 'CN1', current({ status: 'cancelled' }), sender) as any).refusal, 'conflict');
    assert.equal((decide('1', 'CN1', current(), stranger) as any).refusal, 'not_found');
    assert.equal((decide('1', 'CN1', current(), { ...stranger, canSee: true }) as any).refusal, 'forbidden');
    assert.deepEqual(decide('1', 'CN1', current(), customs), { ok: true, action: 'cancel', version: 2 });
  });

  it('after confirmation, only customs may replace or cancel', () => {
    const confirmed = current({ confirmedAt: new Date('2025-03-05T06:00:00Z') });
    const r = decide('5', 'CN1', confirmed, sender);
    assert.equal((r as any).refusal, 'conflict');
    assert.match((r as any).detail, /confirmed at 2025-03-05T06:00:00.000Z; only customs/);
    assert.equal((r as any).code, 'cn.sealing_confirmed');
    assert.deepEqual((r as any).params, { cnNo: 'CN1', at: '2025-03-05T06:00:00.000Z', action: 'replace' });
    assert.equal((decide('1', 'CN1', confirmed, sender) as any).refusal, 'conflict');
    assert.equal(decide('5', 'CN1', confirmed, customs).ok, true);
  });

  it('keeps a confirmation only while the containers and seals stay the same', () => {
    assert.equal(keepsConfirmation(body, { ...body, plate: 'KLA6002' }), true);
    assert.equal(keepsConfirmation(body, { ...body, containers: [{ ...body.containers[0], sealNos: ['S2', 'S1'] }] }), true);
    assert.equal(keepsConfirmation(body, { ...body, containers: [{ ...body.containers[0], sealNos: ['S3'] }] }), false);
  });
});
