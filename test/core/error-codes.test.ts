// Stable error codes: schema rules (Ajv and TypeBox alike), identifier rules, the alert thresholds'
// ranges and order, and the shared translator that puts each in zh-TW or English.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Type } from '@sinclair/typebox';
import { Value, ValueErrorType } from '@sinclair/typebox/value';
import { REFERRAL_KINDS } from '../../src/access/referrals.ts';
import { checkParamRelations } from '../../src/core/alert-params.ts';
import { ajvCode, typeboxCode } from '../../src/core/error-codes.ts';
import type { DomainErrorKind } from '../../src/core/errors.ts';
import { validateContainerNo, validateNationalId, validateUbn } from '../../src/core/ids/index.ts';
import { REFUSAL_TEXT } from '../../src/offline-unseal/token.ts';
import { ApiError } from '../../web/shared/api-client.ts';
import { ERROR_MESSAGES } from '../../web/shared/error-messages.ts';
import { apiErrorText, errorText } from '../../web/shared/errors.ts';
import { wrongCheckDigitIn } from '../../web/src/search/container-no.ts';

const DOMAIN_ERROR_KINDS: DomainErrorKind[] = ['invalid', 'not_found', 'forbidden', 'conflict', 'unavailable', 'too_large', 'unauthenticated', 'rate_limited'];

/** Every TypeScript file of the server. */
function sourceFiles(dir = 'src'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = `${dir}/${d.name}`;
    if (d.isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/**
 * The codes the server gives field errors and refusals: a `code:` member of an object that has a
 * `message` or `params` (a field error, a rule's result), and the code argument of invalidField,
 * FieldErrors.add, forbidden, conflict and the identifier rules' fail. Each is looked for within its statement, so other vocabularies that happen to have
 * a `code` (gate decision reasons, risk factors) are not taken for error codes.
 */
function codesInSource(): Set<string> {
  const codes = new Set<string>();
  const CODE = '[a-z][a-z0-9_]*(?:\\.[a-z0-9_]+)*';
  for (const f of sourceFiles()) {
    const text = readFileSync(f, 'utf8');
    for (const statement of text.split(/;\s*\n/)) {
      if (/\b(?:message|params)\b/.test(statement)) for (const m of statement.matchAll(new RegExp(`\\bcode: '(${CODE})'`, 'g'))) codes.add(m[1]);
      if (/\b(?:invalidField|add|forbidden|conflict|fail|bad)\(/.test(statement)) {
        for (const m of statement.matchAll(new RegExp(`, '(${CODE})'(?=[,)])`, 'g'))) if (m[1].includes('.') || m[1] in ERROR_MESSAGES.en) codes.add(m[1]);
      }
    }
  }
  return codes;
}

describe('error codes', () => {
  it('names Ajv keywords with a code and the values their message names', () => {
    assert.deepEqual(ajvCode('minLength', { limit: 1 }), { code: 'string.too_short', params: { limit: 1 } });
    assert.deepEqual(ajvCode('required', { missingProperty: 'plate' }), { code: 'required', params: { name: 'plate' } });
    assert.deepEqual(ajvCode('additionalProperties', { additionalProperty: 'x' }), { code: 'property.unknown', params: { name: 'x' } });
    assert.deepEqual(ajvCode('enum', { allowedValues: ['a', 'b'] }), { code: 'enum', params: { allowed: 'a, b' } });
    assert.deepEqual(ajvCode('maximum', { limit: 5000, comparison: '<=' }), { code: 'number.max', params: { limit: 5000 } });
    assert.deepEqual(ajvCode('somethingNew', {}), { code: 'invalid', params: {} });
  });

  it('gives a TypeBox error the code Ajv gives the same rule', () => {
    const schema = Type.Object({ code: Type.String({ minLength: 2 }), n: Type.Number({ maximum: 9 }) }, { additionalProperties: false });
    const coded = [...Value.Errors(schema, { code: 'A', n: 10, extra: 1 })].map((e) => ({ path: e.path, ...typeboxCode(ValueErrorType[e.type], e.path, e.schema as any) }));
    assert.deepEqual(coded, [
      { path: '/extra', code: 'property.unknown', params: { name: 'extra' } },
      { path: '/code', code: 'string.too_short', params: { limit: 2 } },
      { path: '/n', code: 'number.max', params: { limit: 9 } },
    ]);
  });

  it('names identifier rules, the check digit with the digit given and the one expected', () => {
    assert.deepEqual(validateContainerNo('CSQU3054384'), { ok: false, message: 'check digit is 4, expected 3', code: 'container.check_digit', params: { actual: 4, expected: 3 } });
    assert.deepEqual(validateNationalId('A123456788'), { ok: false, message: 'check digit is 8, expected 9', code: 'national_id.check_digit', params: { actual: 8, expected: 9 } });
    const ubn = validateUbn('1234567');
    assert.equal(ubn.ok, false);
    assert.equal(!ubn.ok && ubn.code, 'ubn.length');
  });

  it('checks thresholds against their ranges and each other as they would take effect', () => {
    const bad = checkParamRelations({ lowBatteryPercent: 150, lowBatteryClearPercent: 10 });
    assert.deepEqual(bad.map((p) => `${p.key} ${p.code}`).sort(), ['lowBatteryClearPercent param.order', 'lowBatteryPercent param.order', 'lowBatteryPercent param.range']);
    assert.deepEqual(checkParamRelations({ lowBatteryPercent: 30, lowBatteryClearPercent: 35 }), []);
    // A route's own low level is compared with the clear level it inherits from the global settings.
    assert.deepEqual(checkParamRelations({ lowBatteryPercent: 28 }, { lowBatteryClearPercent: 30 }), []);
    assert.deepEqual(checkParamRelations({ lowBatteryPercent: 30 }, { lowBatteryClearPercent: 30 }).map((p) => `${p.key} ${p.code}`), ['lowBatteryPercent param.order']);
    assert.deepEqual(checkParamRelations({ deviationClearFixes: 1.5 }).map((p) => p.code), ['number.integer']);
  });

  it('has words in both languages and a line in docs/error-codes.md for every code the server gives', () => {
    const zh = ERROR_MESSAGES['zh-TW'];
    const en = ERROR_MESSAGES.en;
    assert.deepEqual(Object.keys(en).sort(), Object.keys(zh).sort());
    const codes = codesInSource();
    for (const code of ['container.check_digit', 'geo.self_intersection', 'param.order', 'role.forbidden', 'string.too_short', 'vehicle.not_in_fleet', 'csv.unknown_column', 'gate.confidence_count', 'company.own_only', 'text.nul', 'push.p256dh', 'alert.resolved', 'cn.exists', 'facility.in_use', 'report.job_running', 'username.taken', 'not_found']) {
      assert.ok(codes.has(code), `the scan finds ${code}`);
    }
    // Codes built from a value: an offline-unseal token's refusal, and a refusal's kind where a
    // domain error without field errors is reported as one (a batch's item, an upload's line).
    for (const reason of Object.keys(REFUSAL_TEXT)) codes.add(`token.${reason}`);
    for (const kind of DOMAIN_ERROR_KINDS) codes.add(kind);
    const docs = readFileSync('docs/error-codes.md', 'utf8');
    assert.deepEqual([...codes].filter((c) => !(c in zh)).sort(), [], 'zh-TW and en texts');
    assert.deepEqual([...codes].filter((c) => !docs.includes(`\`${c}\``)).sort(), [], 'docs/error-codes.md');
  });

  it('has words in both languages for every resource a 404 names', () => {
    // The resource argument of every notFound call, and the params built by hand (a no-route 404, a
    // transport note's refusal; an audit entry's `resource` is another vocabulary); a referral names
    // its record's kind as its resource.
    const words = new Set<string>(REFERRAL_KINDS);
    for (const f of sourceFiles()) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/\bnotFound\(`[^`]*`,\s*'([a-z_]+)'/g)) words.add(m[1]);
      for (const m of text.matchAll(/\{ resource: '([a-z_]+)', id: /g)) words.add(m[1]);
    }
    for (const word of ['transport_note', 'vehicle', 'endpoint', 'seal_note', 'photo_file']) assert.ok(words.has(word), `the scan finds ${word}`);
    const docs = readFileSync('docs/error-codes.md', 'utf8');
    for (const lang of ['zh-TW', 'en'] as const) {
      assert.deepEqual([...words].filter((w) => !(`resource.${w}` in ERROR_MESSAGES[lang])).sort(), [], lang);
    }
    assert.deepEqual([...words].filter((w) => !docs.includes(`\`${w}\``)).sort(), [], 'docs/error-codes.md');
  });

  it('leaves no field error of a service without its own code', () => {
    // The type checker requires a code wherever a field error is built; this catches the generic
    // code given by hand.
    const generic = sourceFiles().filter((f) => /code: 'invalid'|, 'invalid'\)/.test(readFileSync(f, 'utf8')));
    assert.deepEqual(generic, []);
  });

  it('puts a coded error in zh-TW or English, falling back to the message for an unknown code', () => {
    const digit = { message: 'check digit is 4, expected 3', code: 'container.check_digit', params: { actual: 4, expected: 3 } };
    assert.equal(errorText(digit, 'zh-TW'), '檢查碼錯誤：輸入 4，應為 3');
    assert.equal(errorText(digit, 'en'), 'wrong check digit: 4 entered, 3 expected');
    assert.equal(errorText({ message: 'must NOT have fewer than 1 characters', code: 'string.too_short', params: { limit: 1 } }, 'zh-TW'), '必填，不可空白');
    assert.equal(errorText({ message: 'x', code: 'param.order', params: { low: 'lowBatteryPercent', high: 'lowBatteryClearPercent', lowValue: 150, highValue: 10 } }, 'zh-TW'), '低電量門檻（150）須低於低電量解除門檻（10）');
    assert.equal(errorText({ message: 'a newer rule', code: 'not.yet.known' }, 'zh-TW'), 'a newer rule');
    // A param that is itself a value of a list (a device kind, a seal type) is put in words too.
    const notObu = { message: 'S1 is a seal, not an OBU', code: 'device.not_obu', params: { id: 'S1', kind: 'seal' } };
    assert.equal(errorText(notObu, 'zh-TW'), 'S1 是電子封條，不是車機');
    assert.equal(errorText(notObu, 'en'), 'S1 is a seal, not an OBU');
    const rollout = { message: 'x', code: 'rollout.truck_eseal', params: { office: 'KH', from: '2027-01-01', sealType: 'eseal' } };
    assert.equal(errorText(rollout, 'zh-TW'), 'KH 關區自 2027-01-01 起須使用車機封條，不可使用電子封條');
    assert.equal(errorText({ message: 'outside', code: 'geo.outside_area', params: { lon: 25, lat: 121, minLon: 116, maxLon: 124, minLat: 20, maxLat: 27, swapped: 1 } }, 'zh-TW'), '位置 [25, 121] 不在服務範圍內（經度 116..124，緯度 20..27）；GeoJSON 為 [經度, 緯度]，這組看來前後顛倒');
  });

  it('puts a whole refusal in words: its code, its field errors, or its status', () => {
    const role = new ApiError(403, 'Forbidden', 'This needs one of the roles: customs_admin, customs_officer', [], 'role.forbidden', { roles: 'customs_admin, customs_officer' });
    assert.equal(apiErrorText(role, 'zh-TW'), '此操作需要下列角色之一：海關系統管理者、海關關員');
    assert.equal(apiErrorText(role, 'en'), 'This needs one of the roles: customs admin, customs officer');
    // A 409 from a server that names no code has only its status to go by.
    const conflict = new ApiError(409, 'Conflict', 'transport note CN1 is confirmed');
    assert.equal(apiErrorText(conflict, 'zh-TW'), '目前的狀態不允許此操作');
    assert.equal(apiErrorText(conflict, 'en'), 'transport note CN1 is confirmed');
    // Every 409 now names its code: the refusal is worded from it, with its params.
    const resolved = new ApiError(409, 'Conflict', 'Alert alr_1 is resolved', [], 'alert.resolved', { id: 'alr_1' });
    assert.equal(apiErrorText(resolved, 'zh-TW'), '警示 alr_1 已結案');
    assert.equal(apiErrorText(resolved, 'en'), 'alert alr_1 is resolved');
    const kindFixed = new ApiError(409, 'Conflict', 'Device S1 is a seal; delete it and register it again to change its kind', [], 'device.kind_fixed', { id: 'S1', kind: 'seal' });
    assert.equal(apiErrorText(kindFixed, 'zh-TW'), '設備 S1 是電子封條；如要變更種類，請刪除後重新登記');
    // An instant in a refusal reads as the Taipei wall clock, like every other time in the apps.
    const confirmed = new ApiError(409, 'Conflict', 'already confirmed', [], 'cn.already_confirmed', { cnNo: 'CN1', at: '2026-03-05T06:03:27.000Z', by: 'usr_1' });
    assert.equal(apiErrorText(confirmed, 'zh-TW'), '運送單 CN1 的施封已由 usr_1 於 115/03/05 14:03:27 確認');
    assert.equal(apiErrorText(confirmed, 'en'), 'the sealing of transport note CN1 was already confirmed at 2026-03-05 14:03:27 by usr_1');
    // A company's role and what still uses it, each counted item in words.
    const inUse = new ApiError(409, 'Conflict', 'Company 12345686 still has 3 vehicles and 2 fleet_operator users under role fleet; move or delete them first', [], 'company.role_in_use', { ubn: '12345686', role: 'fleet', uses: 'vehicles:3, fleet_operator_users:2' });
    assert.equal(apiErrorText(inUse, 'zh-TW'), '公司 12345686 仍有車輛 3 輛、運輸業者帳號 2 個屬於其「運輸車隊」角色；請先移轉或刪除，再移除此角色');
    assert.equal(apiErrorText(inUse, 'en'), 'company 12345686 still has vehicles (3), fleet operator accounts (2) under its fleet role; move or delete them first');
    const yard = { message: 'x', code: 'company.role_in_use', params: { ubn: '12345681', role: 'yard', uses: 'facilities:1, responsible_person_users:4' } };
    assert.equal(errorText(yard, 'zh-TW'), '公司 12345681 仍有經營的場站 1 處、專責人員帳號 4 個屬於其「場站」角色；請先移轉或刪除，再移除此角色');
    // A 404 names the resource's kind, put in words, and the id asked for.
    const missing = new ApiError(404, 'Not Found', 'Transport note CN123 not found', [], 'not_found', { resource: 'transport_note', id: 'CN123' });
    assert.equal(apiErrorText(missing, 'zh-TW'), '查無運送單 CN123');
    assert.equal(apiErrorText(missing, 'en'), 'transport note CN123 not found');
    // ... or says it in a sentence of its own where "no {resource} {id}" reads stiffly.
    const noTrip = new ApiError(404, 'Not Found', 'A transport note in progress for KNA6001 not found', [], 'not_found', { resource: 'transport_note_in_progress', id: 'KNA6001' });
    assert.equal(apiErrorText(noTrip, 'zh-TW'), '車牌 KNA6001 沒有進行中的運送單');
    assert.equal(apiErrorText(noTrip, 'en'), 'vehicle KNA6001 has no transport note in progress');
    assert.equal(errorText({ message: 'x', code: 'not_found', params: { resource: 'seal_note', id: 'S1' } }, 'zh-TW'), '沒有列有封條 S1 的運送單');
    const fields = new ApiError(422, 'Unprocessable Content', 'The content is not valid', [{ path: '/body/plate', message: 'plate is empty', code: 'plate.empty', params: {} }, { path: '/body/x', message: 'x', code: 'required', params: { name: 'x' } }]);
    assert.equal(apiErrorText(fields, 'zh-TW'), '請輸入車牌號碼；必填');
  });

  it('search tells a wrong check digit from a text that is no identifier', () => {
    assert.equal(wrongCheckDigitIn('CSQU 305438-4')?.code, 'container.check_digit');
    assert.equal(wrongCheckDigitIn('A123456788')?.code, 'national_id.check_digit');
    assert.equal(wrongCheckDigitIn('CSQU3054383'), null);
    assert.equal(wrongCheckDigitIn('KNA6001'), null);
  });
});
