// Stable error codes: schema rules (Ajv and TypeBox alike), identifier rules, the alert thresholds'
// ranges and order, and the shared translator that puts each in zh-TW or English.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Type } from '@sinclair/typebox';
import { Value, ValueErrorType } from '@sinclair/typebox/value';
import { checkParamRelations } from '../../src/core/alert-params.ts';
import { ajvCode, typeboxCode } from '../../src/core/error-codes.ts';
import { validateContainerNo, validateNationalId, validateUbn } from '../../src/core/ids/index.ts';
import { ApiError } from '../../web/shared/api-client.ts';
import { ERROR_MESSAGES } from '../../web/shared/error-messages.ts';
import { apiErrorText, errorText } from '../../web/shared/errors.ts';
import { wrongCheckDigitIn } from '../../web/src/search/container-no.ts';

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

  it('has words in both languages for every code the server gives', () => {
    const zh = ERROR_MESSAGES['zh-TW'];
    const en = ERROR_MESSAGES.en;
    assert.deepEqual(Object.keys(en).sort(), Object.keys(zh).sort());
    const files = [
      'src/registry/geometry.ts',
      'src/registry/validate-route.ts',
      'src/registry/validated.ts',
      'src/registry/validate-contact.ts',
      'src/core/alert-params.ts',
      'src/core/error-codes.ts',
      'src/api/plugins/auth.ts',
      'src/transport-notes/validate.ts',
      ...readdirSync('src/core/ids').map((f) => `src/core/ids/${f}`),
    ];
    const codes = new Set<string>();
    for (const f of files) {
      for (const m of readFileSync(f, 'utf8').matchAll(/code: '([a-z_.]+)'|, '([a-z_]+\.[a-z_]+)'/g)) codes.add(m[1] ?? m[2]);
    }
    for (const code of ['container.check_digit', 'geo.self_intersection', 'param.order', 'role.forbidden', 'string.too_short']) assert.ok(codes.has(code), code);
    const missing = [...codes].filter((c) => !(c in zh));
    assert.deepEqual(missing, []);
  });

  it('puts a coded error in zh-TW or English, falling back to the message for an unknown code', () => {
    const digit = { message: 'check digit is 4, expected 3', code: 'container.check_digit', params: { actual: 4, expected: 3 } };
    assert.equal(errorText(digit, 'zh-TW'), '檢查碼錯誤：輸入 4，應為 3');
    assert.equal(errorText(digit, 'en'), 'wrong check digit: 4 entered, 3 expected');
    assert.equal(errorText({ message: 'must NOT have fewer than 1 characters', code: 'string.too_short', params: { limit: 1 } }, 'zh-TW'), '必填，不可空白');
    assert.equal(errorText({ message: 'x', code: 'param.order', params: { low: 'lowBatteryPercent', high: 'lowBatteryClearPercent', lowValue: 150, highValue: 10 } }, 'zh-TW'), '低電量門檻（150）須低於低電量解除門檻（10）');
    assert.equal(errorText({ message: 'a newer rule', code: 'not.yet.known' }, 'zh-TW'), 'a newer rule');
    assert.equal(errorText({ message: 'outside', code: 'geo.outside_area', params: { lon: 25, lat: 121, minLon: 116, maxLon: 124, minLat: 20, maxLat: 27, swapped: 1 } }, 'zh-TW'), '位置 [25, 121] 不在服務範圍內（經度 116..124，緯度 20..27）；GeoJSON 為 [經度, 緯度]，這組看來前後顛倒');
  });

  it('puts a whole refusal in words: its code, its field errors, or its status', () => {
    const role = new ApiError(403, 'Forbidden', 'This needs one of the roles: customs_admin, customs_officer', [], 'role.forbidden', { roles: 'customs_admin, customs_officer' });
    assert.equal(apiErrorText(role, 'zh-TW'), '此操作需要下列角色之一：海關系統管理者、海關關員');
    assert.equal(apiErrorText(role, 'en'), 'This needs one of the roles: customs admin, customs officer');
    const conflict = new ApiError(409, 'Conflict', 'transport note CN1 is confirmed');
    assert.equal(apiErrorText(conflict, 'zh-TW'), '目前的狀態不允許此操作');
    assert.equal(apiErrorText(conflict, 'en'), 'transport note CN1 is confirmed');
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
