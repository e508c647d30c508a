import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mayRecordSealReadAt, mayRecordSealReads, maySeeSealRead } from '../../src/access/policy.ts';
import type { Principal, Role } from '../../src/auth/roles.ts';

const who = (roles: Role[], companyUbn = 'Y1', storageCodes: string[] = []): Principal => ({ kind: 'user', id: 'u', name: 'n', companyUbn, roles, storageCodes });
const yard = { operator_ubn: 'Y1', storage_codes: ['K1'] };

test('who records seal reads, and where', () => {
  assert.equal(mayRecordSealReads(who(['driver'])), false);
  assert.equal(mayRecordSealReads(who(['fleet_operator'])), false);
  assert.equal(mayRecordSealReads(who(['responsible_person'])), true);
  assert.equal(mayRecordSealReadAt(who(['customs_officer'], 'C'), null), true, 'customs anywhere, by position too');
  assert.equal(mayRecordSealReadAt(who(['yard_operator']), yard), true);
  assert.equal(mayRecordSealReadAt(who(['yard_operator'], 'Y2'), yard), false);
  assert.equal(mayRecordSealReadAt(who(['yard_operator']), null), false);
  assert.equal(mayRecordSealReadAt(who(['responsible_person'], 'Y1', ['K1']), { operator_ubn: null, storage_codes: ['K1'] }), true);
  assert.equal(mayRecordSealReadAt(who(['responsible_person'], 'Y2', ['K1']), yard), false, 'a code of another company’s facility opens nothing');
});

test('who sees a read', () => {
  assert.equal(maySeeSealRead(who(['customs_officer'], 'C'), { company_ubn: 'Y1' }, false), true);
  assert.equal(maySeeSealRead(who(['trader'], 'Y1'), { company_ubn: 'Y1' }, false), true);
  assert.equal(maySeeSealRead(who(['trader'], 'T9'), { company_ubn: 'Y1' }, true), true);
  assert.equal(maySeeSealRead(who(['trader'], 'T9'), { company_ubn: 'Y1' }, false), false);
});
