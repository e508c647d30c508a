// Known answers of the container number and plate rules applied to recognised text.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  chooseContainerNo,
  combineRereads,
  containerCandidates,
  lookAlikeCorrections,
  mapByPosition,
  twoLookAlikeCorrections,
  weighRepairs,
  type OcrChar,
} from '../../src/ocr/container-candidates.ts';
import { plateCandidates } from '../../src/ocr/plate.ts';
import { isSizeTypeLine, lineRuns } from '../../src/ocr/reader.ts';

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

describe('two errors in one number', () => {
  // OJLU3412008 with both zeros of a slashed-zero font read as 8 and 6, the engine doubting them.
  const confs = [97, 98, 98, 98, 95, 99, 98, 98, 41, 38, 96];

  it('repairs two doubtful characters at once, and only doubtful ones', () => {
    assert.deepEqual(twoLookAlikeCorrections('OJLU3412868', 'OJLU3412868', confs).sort(), ['OJLU3412008', 'OJLU3412688']);
    assert.deepEqual(twoLookAlikeCorrections('OJLU3412868', 'OJLU3412868', Array(11).fill(90)), [], 'nothing doubted, nothing changed');
  });

  it('weighs repairs by how doubtful the changed characters were and how usual the look-alike', () => {
    const shares = weighRepairs('OJLU3412868', 'OJLU3412868', confs);
    // One look-alike would repair it too (L → I), but the engine was sure of that L.
    assert.deepEqual(shares.map((r) => r.value).sort(), ['OJIU3412868', 'OJLU3412008', 'OJLU3412688']);
    const [best] = [...shares].sort((a, b) => b.share - a.share);
    assert.equal(best.value, 'OJLU3412008');
    assert.equal(best.changed, 2);
    const total = shares.reduce((s, r) => s + r.share, 0);
    assert.ok(total > 0.8 && total < 1, `some likelihood is left for an error no look-alike reaches (${total})`);
    // A lone repair of a character the engine was sure of keeps about half the confidence.
    const lone = weighRepairs('CSQU3054388', 'CSQU3054388', [90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90]);
    assert.ok(lone.every((r) => r.share < 0.6), JSON.stringify(lone));
    // One doubtful 7 read as 1: the single repair beats a pair.
    const one = weighRepairs('BDJU4339316', 'BDJU4339316', [98, 98, 99, 99, 99, 99, 98, 98, 99, 45, 33]);
    assert.equal([...one].sort((a, b) => b.share - a.share)[0].value, 'BDJU4339376');
  });

  it('the chosen number of a line with two doubtful characters', () => {
    const line = [word('OJLU'), [...'341286'].map((ch, i) => ({ ch, conf: [95, 99, 98, 98, 41, 38][i] })), word('8', 96)];
    assert.equal(chooseContainerNo(containerCandidates(line))?.value, 'OJLU3412008');
  });

  it("repairs two 7s a condensed face lost to 1s, however sure the engine was of them", () => {
    // YDIU7679907 in Oswald: the first 7 read as 1 with confidence 99, the boxed check digit 7 as 1 doubted.
    const sure = [99, 99, 98, 98, 98, 99, 99, 98, 98, 99, 42];
    assert.deepEqual(twoLookAlikeCorrections('YDIU1679901', 'YDIU1679901', sure), ['YDIU7679907']);
    const [best] = [...weighRepairs('YDIU1679901', 'YDIU1679901', sure)].sort((a, b) => b.share - a.share);
    assert.equal(best.value, 'YDIU7679907', 'the pair of twins beats a lone look-alike of a sure character');
    const line = [word('YDIU', 98), [...'167990'].map((ch) => ({ ch, conf: 98 })), [{ ch: '1', conf: 42 }]];
    const chosen = chooseContainerNo(containerCandidates(line));
    assert.equal(chosen?.value, 'YDIU7679907');
    assert.ok(chosen!.confidence < 0.8, `a repair of sure characters is never confident (${chosen!.confidence})`);
    // Two 1s whose 7s do not satisfy the check digit: nothing is forced.
    assert.deepEqual(twoLookAlikeCorrections('MSCU1234561', 'MSCU1234561', Array(11).fill(97)), []);
    // A 7 is not tried as a 1 (condensed faces lose the 7's bar, they do not add one).
    assert.equal(twoLookAlikeCorrections('YDIU7679907'.replace(/7$/, '0'), 'YDIU7679900', Array(11).fill(97)).includes('YDIU1679901'), false);
  });

  it('computes a check digit lost with its box, weakly', () => {
    const [c] = containerCandidates([word('FIVU'), word('540170')]).filter((x) => x.valid);
    assert.equal(c.value, 'FIVU5401700');
    assert.ok(c.confidence < 0.3);
    assert.deepEqual(containerCandidates([word('FIVU'), word('540170'), word('X')]).filter((x) => x.valid), [], 'only a whole run of text');
    assert.deepEqual(containerCandidates([word('2XDU'), word('163450')]).filter((x) => x.valid).map((x) => x.value), ['ZXDU1634507'], 'mapped by position');
    assert.deepEqual(containerCandidates([word('2XD0'), word('163450')]).filter((x) => x.valid), [], 'one class change at most');
  });

  it('leaves out a doubtful character read in excess (a slashed 0 read as "06")', () => {
    const doubt = (s: string, at: number, conf: number): OcrChar[] => [...s].map((ch, i) => ({ ch, conf: i === at ? conf : 95 }));
    assert.equal(chooseContainerNo(containerCandidates([word('FIVU'), doubt('54061700', 3, 30)]))?.value, 'FIVU5401700');
    assert.equal(chooseContainerNo(containerCandidates([word('QEIU'), doubt('0622726', 1, 40), word('2')]))?.value, 'QEIU0227262');
    // A number read whole, its check digit holding, beats any reading with a character left out.
    assert.equal(chooseContainerNo(containerCandidates([word('FIVU'), word('540170'), word('0'), word('6')]))?.value, 'FIVU5401700');
    assert.equal(chooseContainerNo(containerCandidates([word('CSQU'), word('305438'), word('3'), word('7')]))?.value, 'CSQU3054383');
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

describe('combineRereads (a number read again in two parts, letters-only and digits-only)', () => {
  it('takes the digits-only serial where it makes the check digit hold (Oswald 7 read as 1 at first)', () => {
    const out = combineRereads('YDIU1679901', word('YDIU', 98), word('7679907', 90));
    assert.deepEqual(
      out.map((c) => [c.value, c.valid, c.changes, c.repaired]),
      [['YDIU7679907', true, 2, true]],
    );
    assert.ok(Math.abs(out[0].confidence - (4 * 98 + 7 * 90) / 11 / 100) < 1e-9);
  });

  it('keeps the first reading of a part not read in full, with less confidence', () => {
    const out = combineRereads('MSKU6053810', null, word('6053810', 95));
    assert.equal(out.length, 1);
    assert.equal(out[0].value, 'MSKU6053810');
    assert.equal(out[0].repaired, false);
    assert.ok(out[0].confidence < 0.85 * 0.95 + 1e-9);
  });

  it('answers nothing when the parts are not read in full or the check digit fails', () => {
    assert.deepEqual(combineRereads('MSKU6053810', word('MSK', 95), word('605381', 95)), []);
    assert.deepEqual(combineRereads('MSKU6053810', word('MSKX', 95), null), []);
    assert.deepEqual(combineRereads('MSKU6053810', null, word('6053811', 95)), []);
  });
});

describe('lines joined into a number', () => {
  const line = (text: string, conf = 95) => ({ text, words: words(text, conf) });
  const valid = (ls: ReturnType<typeof line>[]) => [...new Set(lineRuns(ls).flatMap((r) => containerCandidates(r)).filter((c) => c.valid && !c.repaired).map((c) => c.value))];

  it('joins the owner code and the serial across a size-type code read between them (a tilted door)', () => {
    assert.deepEqual(valid([line('KJGU'), line('42G1'), line('746693 7'), line('MAX GROSS 30480 KG')]), ['KJGU7466937']);
    assert.deepEqual(valid([line('KJGU'), line('4261'), line('746693 7')]), ['KJGU7466937'], 'its G read as 6');
    assert.equal(isSizeTypeLine('45R1'), true);
    assert.equal(isSizeTypeLine('L5G1'), true);
    assert.equal(isSizeTypeLine('KJGU'), false, 'an owner code is no size-type code');
    assert.equal(isSizeTypeLine('746693'), false);
  });

  it('leaves other lines between them in place', () => {
    assert.deepEqual(valid([line('KJGU'), line('TARE 3800'), line('746693 7')]), []);
  });
});
