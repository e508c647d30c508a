import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { baseValue, binEdges, contributions, predict, rawScore, rng, trainGbdt } from '../../src/risk/gbdt.ts';
import { auc, criticalRecallAtTop, precisionAtTop, top } from '../../src/risk/metrics.ts';

/** 400 rows: the label is 1 exactly when x0 > 0.5; x1 is noise. */
function stepData() {
  const r = rng(3);
  const rows: Float64Array[] = [];
  const y: number[] = [];
  for (let i = 0; i < 400; i++) {
    const x0 = r();
    rows.push(Float64Array.from([x0, r()]));
    y.push(x0 > 0.5 ? 1 : 0);
  }
  return { rows, y };
}

describe('gradient-boosted trees', () => {
  it('bins few distinct values one each, and many by quantiles', () => {
    assert.deepEqual(Array.from(binEdges(Float64Array.from([3, 1, 2, 2, NaN]), 255)), [1, 2, 3]);
    const many = Float64Array.from({ length: 1000 }, (_, i) => i);
    const e = binEdges(many, 11);
    assert.equal(e.length, 10);
    assert.equal(e[e.length - 1], 999);
    assert.ok(Math.abs(e[4] - 499) <= 1);
  });

  it('learns a step on one feature and ignores the noise', () => {
    const { rows, y } = stepData();
    const m = trainGbdt(rows, y, ['x0', 'x1'], { rounds: 60, learningRate: 0.3, numLeaves: 4, minDataInLeaf: 5, featureFraction: 1, baggingFraction: 1 });
    assert.ok(predict(m, [0.9, 0.5]) > 0.95);
    assert.ok(predict(m, [0.1, 0.5]) < 0.05);
    assert.ok(predict(m, [0.45, 0.2]) < 0.5 && predict(m, [0.55, 0.2]) > 0.5, 'the cut is near 0.5');
    // The first tree's root splits on x0 between the classes.
    assert.equal(m.trees[0].feature[0], 0);
    assert.ok(m.trees[0].threshold[0] > 0.45 && m.trees[0].threshold[0] < 0.55);
    const c = contributions(m, [0.9, 0.5]);
    assert.ok(c[0] > 3 && Math.abs(c[1]) < Math.abs(c[0]) / 10, `x0 explains the score: ${Array.from(c)}`);
  });

  it("splits a score exactly into the base value and each feature's contribution", () => {
    const { rows, y } = stepData();
    const m = trainGbdt(rows, y, ['x0', 'x1'], { rounds: 30, numLeaves: 8, minDataInLeaf: 5 });
    for (const x of rows.slice(0, 20)) {
      const c = contributions(m, x);
      assert.ok(Math.abs(baseValue(m) + c[0] + c[1] - rawScore(m, x)) < 1e-9);
    }
  });

  it('sends missing values left and learns from them', () => {
    const rows = Array.from({ length: 200 }, (_, i) => Float64Array.from([i % 2 ? NaN : i]));
    const y = rows.map((_, i) => (i % 2 ? 1 : 0));
    const m = trainGbdt(rows, y, ['x'], { rounds: 40, learningRate: 0.3, minDataInLeaf: 5, baggingFraction: 1, featureFraction: 1 });
    assert.ok(predict(m, [NaN]) > 0.9);
    assert.ok(predict(m, [50]) < 0.1);
  });

  it('is reproducible with a seed', () => {
    const { rows, y } = stepData();
    const a = trainGbdt(rows, y, ['x0', 'x1'], { rounds: 10, seed: 5 });
    const b = trainGbdt(rows, y, ['x0', 'x1'], { rounds: 10, seed: 5 });
    assert.deepEqual(a, b);
  });
});

describe('metrics', () => {
  const rows = [
    { score: 0.9, fraud: 1 as const, criticalFraud: 2 as const },
    { score: 0.8, fraud: 0 as const, criticalFraud: 0 as const },
    { score: 0.7, fraud: 1 as const, criticalFraud: 1 as const },
    { score: 0.1, fraud: 1 as const, criticalFraud: 2 as const },
  ];
  it('measures precision and critical recall among the top', () => {
    assert.equal(top(rows, 0.5).length, 2);
    assert.equal(precisionAtTop(rows, 0.5), 0.5);
    assert.equal(precisionAtTop(rows, 0.25), 1);
    assert.equal(criticalRecallAtTop(rows, 0.5), 0.5);
    assert.equal(auc(rows), 1 / 3, "one pair of three ranks the fraud above the clean one");
  });
});
