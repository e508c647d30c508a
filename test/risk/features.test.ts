import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Declaration } from '../../src/risk/declarations.ts';
import { FEATURE_NAMES, featuresOf, historyOf, outOfFoldFeatures, unitPriceZ } from '../../src/risk/features.ts';
import { phrase } from '../../src/risk/reasons.ts';

const base: Declaration = {
  declarationId: '1', date: '2020-01-01', officeId: '30', processType: 'B', importType: '11', importUse: '21', paymentType: '11', transportMode: '10',
  declarantId: 'D1', importerId: 'I1', sellerId: 'S1', courierId: '', hs6: '440890', departureCountry: 'BE', originCountry: 'BE', taxRate: 0,
  taxType: 'A', originIndicator: 'G', netMass: 100, itemPrice: 100000, fraud: 0, criticalFraud: 0,
};

/** 200 declarations; each importer appears once, so its own label is all there is to know of it. */
function singletons(): Declaration[] {
  return Array.from({ length: 200 }, (_, i) => ({ ...base, declarationId: String(i), importerId: `I${i}`, fraud: (i % 3 === 0 ? 1 : 0) as 0 | 1 }));
}

const col = (name: string) => FEATURE_NAMES.indexOf(name);

describe('features without leakage', () => {
  it("never lets a declaration's own label into its training features", () => {
    const ds = singletons();
    const before = outOfFoldFeatures(ds, 5, 7);
    for (const i of [0, 1, 2, 57, 199]) {
      const flipped = ds.map((d, j) => (j === i ? { ...d, fraud: (1 - d.fraud!) as 0 | 1, criticalFraud: 2 as const } : d));
      const after = outOfFoldFeatures(flipped, 5, 7);
      assert.deepEqual(Array.from(after[i]), Array.from(before[i]), `row ${i} does not see its own label`);
    }
  });

  it('gives an importer seen only in its own row the overall rate, not its label', () => {
    const ds = singletons();
    const x = outOfFoldFeatures(ds, 5, 7);
    const rate = col('rate:importer');
    const seen = col('seen:importer');
    const rates = new Set(ds.map((d, i) => `${d.fraud}:${x[i][rate].toFixed(2)}`));
    // Frauds and clean declarations get the same importer rates (the other folds' overall rate).
    const fraudRates = [...rates].filter((s) => s.startsWith('1:')).map((s) => s.slice(2));
    const cleanRates = [...rates].filter((s) => s.startsWith('0:')).map((s) => s.slice(2));
    assert.ok(fraudRates.every((r) => cleanRates.includes(r)));
    assert.ok(x.every((r) => r[seen] === 0));
  });

  it('smooths rates towards the overall rate', () => {
    const ds = Array.from({ length: 40 }, (_, i) => ({ ...base, declarationId: String(i), importerId: i < 10 ? 'BAD' : `I${i}`, fraud: (i < 10 ? 1 : 0) as 0 | 1 }));
    const h = historyOf(ds);
    const x = featuresOf(h, { ...base, importerId: 'BAD' }, { smoothing: 10 });
    // (10 frauds + 0.25 × 10) / (10 + 10)
    assert.equal(x[col('rate:importer')], 0.625);
    assert.equal(x[col('seen:importer')], 10);
    const unknown = featuresOf(h, { ...base, importerId: 'NEW' }, { smoothing: 10 });
    assert.equal(unknown[col('rate:importer')], 0.25);
  });

  it("measures price per kg against the HS code's usual range, from every declaration", () => {
    const ds = Array.from({ length: 20 }, (_, i) => ({ ...base, declarationId: String(i), itemPrice: 1000 * (1 + (i % 2) * 0.2), fraud: undefined }));
    const h = historyOf(ds);
    assert.equal(h.declarations, 0, 'unlabelled declarations add no rates');
    assert.ok(unitPriceZ(h, { ...base, itemPrice: 10 }) < -5);
    assert.ok(Math.abs(unitPriceZ(h, { ...base, itemPrice: 1100 })) < 1);
    assert.match(phrase(h, { ...base, itemPrice: 10 }, 'unitPrice').en, /below the usual for HS 440890/);
  });

  it('says a party\'s rate in words', () => {
    const ds = Array.from({ length: 10 }, (_, i) => ({ ...base, declarationId: String(i), fraud: (i < 3 ? 1 : 0) as 0 | 1, criticalFraud: (i === 0 ? 2 : 0) as 0 | 2 }));
    const p = phrase(historyOf(ds), base, 'importer');
    assert.equal(p.en, "importer's past fraud rate 30 % (10 declarations, 1 critical)");
    assert.equal(p.zhTW, '進口人過往違規率 30%（10 件，其中重大 1 件）');
  });
});
