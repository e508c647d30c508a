// Known answers of the container number and plate rules applied to recognised text.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chooseContainerNo, containerCandidates, lookAlikeCorrections, mapByPosition, type OcrChar } from '../../src/ocr/container-candidates.ts';
import { plateCandidates } from '../../src/ocr/plate.ts';

const word = (s: string, conf = 90): OcrChar[] => [...s].map((ch) => ({ ch, conf }));
const words = (line: string, conf = 90) => line.split(' ').map((w) => word(w, conf));
const validOf = (line: string) => containerCandidates(words(line)).filter((c) => c.valid).map((c) => c.value);

describe('container numbers by position (ISO 6346: 3 owner letters, U/J/Z, 6 digits, check digit)', () => {
  it('maps digits in the owner code to letters and letters in the serial to digits', () => {
    assert.deepEqual(mapByPosition('C5QU3O54383'), { value: 'CSQU3054383', changes: 2 });
    assert.deepEqual(mapByPosition('0OLU8I2345O'), { value: 'OOLU8123450', changes: 3 });
    assert.deepEqual(mapByPosition('MSKV6O538I0'), { value: 'MSKU6053810', changes: 3 });
    assert.deepEqual(mapByPosition('B8GU1Z3S6G7'), { value: 'BBGU1235667', changes: 4 });
    assert.equal(mapByPosition('MSKU605381'), null, 'ten characters');
    assert.equal(mapByPosition('MSKX6053810'), null, 'X is no category');
  });

  it('takes a number painted with spaces and a boxed check digit, and its confusions back', () => {
    assert.deepEqual(validOf('MSKU 605381 0'), ['MSKU6053810']);
    assert.deepEqual(validOf('MSKU 6O5381 O'), ['MSKU6053810']);
    assert.deepEqual(validOf('C5QU 3O5438 3'), ['CSQU3054383']);
    assert.deepEqual(validOf('1ZIMU 156789 4'), ['ZIMU1567894'], 'a stray mark before the owner code');
    // Not after a stray mark: a window whose owner code or category had to be mapped.
    assert.deepEqual(validOf('KWDU 243585 22G1').filter((v) => v.startsWith('WDU')), []);
  });

  it('does not take a window out of the middle of other text', () => {
    assert.deepEqual(containerCandidates(words('MAX GROSS 30480 KG')), []);
    assert.deepEqual(containerCandidates(words('45G1')), []);
  });

  it('puts back a category letter that was not read when the check digit then holds', () => {
    assert.deepEqual(validOf('QXS 0199868'), ['QXSU0199868']);
    assert.deepEqual(validOf('QXS 0199867'), []);
  });

  it('corrects one look-alike with the check digit, least confident character first', () => {
    const confs = [90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 40];
    assert.deepEqual(lookAlikeCorrections('CSQU3054388', 'CSQU3054388', confs), ['CSQU3054383', 'CSQU3654388']);
    // A digit read in the owner code is surely misread: its position is tried alone first.
    assert.deepEqual(lookAlikeCorrections('ZIMU1567894'.replace('Z', 'I'), '1IMU1567894', Array(11).fill(90)), ['ZIMU1567894']);
    // No single look-alike repairs it: nothing is offered.
    assert.deepEqual(lookAlikeCorrections('MSKU6053814', 'MSKU6053814', Array(11).fill(90)).includes('MSKU6053810'), false);
  });

  it('chooses the correction that changes the doubtful character', () => {
    const line = [word('CSQU'), word('305438'), [{ ch: '8', conf: 40 }]];
    const best = chooseContainerNo(containerCandidates(line));
    assert.equal(best?.value, 'CSQU3054383');
  });
});

describe('choosing among readings', () => {
  it('prefers a reading whose check digit holds as read over corrections and over invalid readings', () => {
    const best = chooseContainerNo([
      { value: 'CSQU3054388', valid: false, changes: 0, repaired: false, confidence: 0.95 },
      { value: 'CSQU3654388', valid: true, changes: 1, repaired: true, confidence: 0.3 },
      { value: 'CSQU3054383', valid: true, changes: 0, repaired: false, confidence: 0.9 },
    ]);
    assert.equal(best?.value, 'CSQU3054383');
    assert.equal(best?.asRead, true);
    assert.equal(best?.confidence, 0.9, 'a rival far behind takes nothing');
  });

  it('is less confident when a rival reading is close behind', () => {
    const best = chooseContainerNo([
      { value: 'CSQU3654388', valid: true, changes: 1, repaired: true, confidence: 0.6 },
      { value: 'CSQU3054383', valid: true, changes: 0, repaired: false, confidence: 0.9 },
    ]);
    assert.equal(best?.value, 'CSQU3054383');
    assert.ok(Math.abs(best!.confidence - 0.6) < 1e-9, `${best!.confidence}`);
  });

  it('counts the same number read again', () => {
    const best = chooseContainerNo([
      { value: 'TGHU1234567', valid: true, changes: 0, repaired: false, confidence: 0.6 },
      { value: 'MSKU6053810', valid: true, changes: 0, repaired: false, confidence: 0.62 },
      { value: 'TGHU1234567', valid: true, changes: 0, repaired: false, confidence: 0.58 },
      { value: 'TGHU1234567', valid: true, changes: 0, repaired: false, confidence: 0.55 },
    ]);
    assert.equal(best?.value, 'TGHU1234567');
  });

  it('answers nothing when no reading satisfies the check digit', () => {
    assert.equal(chooseContainerNo([{ value: 'CSQU3054388', valid: false, changes: 0, repaired: false, confidence: 0.99 }]), null);
    assert.equal(chooseContainerNo([]), null);
  });
});

describe('Taiwan plates', () => {
  it('reads the plate shapes, stored without the hyphen', () => {
    assert.deepEqual(plateCandidates('KNA-6001').map((p) => p.plate), ['KNA6001']);
    assert.deepEqual(plateCandidates('1234-AB').map((p) => p.plate), ['1234AB']);
    assert.deepEqual(plateCandidates('AB-1234').map((p) => p.plate), ['AB1234']);
    assert.deepEqual(plateCandidates('KN4 — 6O01').map((p) => [p.plate, p.display, p.changes]), [['KNA6001', 'KNA-6001', 2]]);
  });

  it('takes no plate from text without the hyphen or of another shape', () => {
    assert.deepEqual(plateCandidates('45G1 MAX GROSS 30480 KG'), []);
    assert.deepEqual(plateCandidates('MSKU 605381 0'), []);
    assert.deepEqual(plateCandidates('12345-ABCDE'), []);
  });
});
