import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from '../../src/transport-notes/upload/csv.ts';
import { checkLayout, parseFixedWidth } from '../../src/transport-notes/upload/fixed-width.ts';
import { groupRecords } from '../../src/transport-notes/upload/group.ts';
import { namedLayouts } from '../../src/transport-notes/upload/layouts.ts';
import { fieldOfPath } from '../../src/transport-notes/upload/process.ts';
import { checkShape } from '../../src/transport-notes/validate.ts';

describe('upload converters', () => {
  it('reads CSV headers loosely and counts lines from the start of quoted multi-line values', () => {
    const { records, lineErrors } = parseCsv('\uFEFFCN_NO;Seal Nos;function\nCN000001;"S1\nS2";9\n\nCN000002;S3;1\n', ';');
    assert.deepEqual(lineErrors, []);
    assert.deepEqual(records.map((r) => [r.line, r.values]), [
      [2, { cnNo: 'CN000001', sealNos: 'S1\nS2', function: '9' }],
      [5, { cnNo: 'CN000002', sealNos: 'S3', function: '1' }],
    ]);
  });

  it('groups records by note number and function, and flags disagreeing repeats', () => {
    const { groups, lineErrors } = groupRecords([
      { line: 2, values: { cnNo: 'cn000001', plate: 'KNA6001', containerNo: 'CSQU3054383', sealType: 'eseal', sealNos: 'A;B' } },
      { line: 3, values: { cnNo: 'CN000002', function: '1' } },
      { line: 4, values: { cnNo: 'CN000001', plate: 'KLA6002', containerNo: 'ZEPU0037255', sealType: '電子紙封條', sealNos: 'C' } },
      { line: 5, values: { plate: 'KNA6001' } },
    ]);
    assert.deepEqual(lineErrors, [{ line: 5, errors: [{ path: '/cnNo', field: 'cnNo', message: 'is required on every line', code: 'required', params: { name: 'cnNo' } }] }]);
    const [one, cancel] = groups;
    assert.deepEqual(one.lines, [2, 4]);
    assert.deepEqual(one.containerLines, [2, 4]);
    assert.deepEqual(one.raw.containers, [
      { no: 'CSQU3054383', sealType: 'eseal', sealNos: ['A', 'B'] },
      { no: 'ZEPU0037255', sealType: 'epaper_seal', sealNos: ['C'] },
    ]);
    assert.deepEqual(one.errors.get(4), [{ path: '/plate', field: 'plate', message: 'is "KLA6002" here but "KNA6001" on line 2', code: 'upload.value_differs', params: { value: 'KLA6002', other: 'KNA6001', line: 2 } }]);
    assert.deepEqual(cancel.raw, { function: '1', cnNo: 'CN000002' });
    assert.equal(checkShape(cancel.raw, '').request?.kind, 'cancel');
  });

  it('cuts fixed-width fields by character, not byte, and maps codes', () => {
    const { layout } = checkLayout(
      { fields: [{ field: 'cnNo', start: 1, length: 8 }, { field: 'origin', start: 9, length: 3 }, { field: 'sealType', start: 12, length: 1, map: { '3': 'truck_eseal' } }] },
      'test',
      '',
    );
    const { records } = parseFixedWidth('CN000001基隆X3\r\n\r\nCN000002ABC9\n', layout!);
    assert.deepEqual(records[0], { line: 1, values: { cnNo: 'CN000001', origin: '基隆X', sealType: 'truck_eseal' } });
    assert.equal(records[1].line, 3);
    assert.equal(records[1].problems?.[0].field, 'sealType');
  });

  it('names the source column of an error path', () => {
    assert.equal(fieldOfPath('/containers/2/no'), 'containerNo');
    assert.equal(fieldOfPath('/containers/0/sealNos/1'), 'sealNos');
    assert.equal(fieldOfPath('/containers'), 'containerNo');
    assert.equal(fieldOfPath('/driverId'), 'driverId');
    assert.equal(fieldOfPath(''), undefined);
  });

  it('ships only valid layouts', () => {
    assert.ok(namedLayouts().size >= 1);
    for (const [name, layout] of namedLayouts()) assert.ok(layout.fields.some((f) => f.field === 'cnNo'), name);
  });
});
