// A gradient-boosted decision tree ensemble for a binary label (logistic loss), histogram-based in
// the way of LightGBM: every feature is cut into at most 255 bins once, trees grow leaf by leaf
// (the leaf whose best split gains most is split next), a child's histogram is its parent's minus
// its sibling's, and rows and features are sampled for each tree. Typed arrays throughout.
//
// Every node keeps the value the tree would give if it stopped there, so a score splits into
// per-feature contributions (the change in value at each split on the row's path, summed by the
// feature split on): they add up, with the ensemble's base value, to the score's log-odds. Reasons
// shown to officers are made from them.

export interface GbdtParams {
  rounds: number;
  learningRate: number;
  numLeaves: number;
  minDataInLeaf: number;
  /** Minimum sum of hessians in a leaf. */
  minHessianInLeaf: number;
  /** L2 regularisation of leaf values. */
  lambda: number;
  /** Share of features each tree may split on. */
  featureFraction: number;
  /** Share of rows each tree learns from. */
  baggingFraction: number;
  maxBins: number;
  seed: number;
}

export const DEFAULT_GBDT_PARAMS: GbdtParams = {
  rounds: 300,
  learningRate: 0.05,
  numLeaves: 31,
  minDataInLeaf: 20,
  minHessianInLeaf: 1e-3,
  lambda: 1,
  featureFraction: 0.8,
  baggingFraction: 0.8,
  maxBins: 255,
  seed: 1,
};

/** A tree in flat arrays: node i is a leaf when feature[i] < 0. */
export interface Tree {
  feature: number[];
  /** Rows whose value is <= threshold go left (missing values go left too). */
  threshold: number[];
  left: number[];
  right: number[];
  /** The value of the node (a leaf's output; an inner node's value had it been a leaf). */
  value: number[];
}

export interface GbdtModel {
  base: number;
  trees: Tree[];
  featureNames: string[];
}

/** A small seeded generator (mulberry32), so that training is reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Upper edges of a feature's bins: the distinct values themselves when there are few, else
 * quantiles. Bin 0 holds missing values (NaN); value v falls in the first bin whose edge is >= v.
 */
export function binEdges(values: Float64Array, maxBins: number): Float64Array {
  const present = Array.from(values).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (present.length === 0) return new Float64Array(0);
  const distinct: number[] = [];
  for (const v of present) if (distinct.length === 0 || distinct[distinct.length - 1] !== v) distinct.push(v);
  const slots = maxBins - 1;
  if (distinct.length <= slots) return Float64Array.from(distinct);
  const edges: number[] = [];
  for (let k = 1; k <= slots; k++) {
    const v = present[Math.min(present.length - 1, Math.floor((k * present.length) / slots) - 1)];
    if (edges.length === 0 || edges[edges.length - 1] < v) edges.push(v);
  }
  if (edges[edges.length - 1] < distinct[distinct.length - 1]) edges[edges.length - 1] = distinct[distinct.length - 1];
  return Float64Array.from(edges);
}

function binOf(edges: Float64Array, v: number): number {
  if (Number.isNaN(v)) return 0;
  let lo = 0;
  let hi = edges.length - 1;
  if (hi < 0 || v > edges[hi]) return edges.length; // beyond the last edge: the last bin
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] >= v) hi = mid;
    else lo = mid + 1;
  }
  return lo + 1;
}

interface Split {
  gain: number;
  feature: number;
  bin: number;
  gl: number;
  hl: number;
  nl: number;
}

interface Leaf {
  node: number;
  start: number;
  end: number;
  g: number;
  h: number;
  hist: Float64Array | null;
  split: Split | null;
  depth: number;
}

/**
 * Learns an ensemble from `rows` (rows[i][f], NaN for missing) and 0/1 labels. `onRound` hears the
 * ensemble's raw scores after every tree (for early stopping by the caller, or progress).
 */
export function trainGbdt(
  rows: Float64Array[],
  labels: ArrayLike<number>,
  featureNames: string[],
  params: Partial<GbdtParams> = {},
  /** Each row's weight in the loss (default 1). */
  weights?: ArrayLike<number>,
): GbdtModel {
  const p = { ...DEFAULT_GBDT_PARAMS, ...params };
  const n = rows.length;
  const F = featureNames.length;
  if (n === 0) throw new Error('no rows to learn from');
  const random = rng(p.seed);

  // Bin every feature once: bins[f * n + i].
  const edges: Float64Array[] = [];
  const bins = new Uint8Array(F * n);
  const nBins = new Int32Array(F);
  const column = new Float64Array(n);
  for (let f = 0; f < F; f++) {
    for (let i = 0; i < n; i++) column[i] = rows[i][f];
    const e = binEdges(column, p.maxBins);
    edges.push(e);
    nBins[f] = e.length + 1;
    for (let i = 0; i < n; i++) bins[f * n + i] = binOf(e, column[i]);
  }
  const histOffset = new Int32Array(F + 1);
  for (let f = 0; f < F; f++) histOffset[f + 1] = histOffset[f] + nBins[f];
  const histSize = histOffset[F] * 3; // (g, h, count) per bin

  let positives = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i] : 1;
    positives += labels[i] ? w : 0;
    total += w;
  }
  const prior = Math.min(Math.max(positives / total, 1e-6), 1 - 1e-6);
  const base = Math.log(prior / (1 - prior));

  const raw = new Float64Array(n).fill(base);
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const index = new Uint32Array(n);
  const scratch = new Uint32Array(n);
  const trees: Tree[] = [];
  const allowed = new Uint8Array(F);

  const buildHist = (start: number, end: number): Float64Array => {
    const hist = new Float64Array(histSize);
    for (let f = 0; f < F; f++) {
      if (!allowed[f]) continue;
      const off = f * n;
      const hoff = histOffset[f] * 3;
      for (let k = start; k < end; k++) {
        const i = index[k];
        const b = hoff + bins[off + i] * 3;
        hist[b] += grad[i];
        hist[b + 1] += hess[i];
        hist[b + 2] += 1;
      }
    }
    return hist;
  };

  const bestSplit = (hist: Float64Array, g: number, h: number, count: number): Split | null => {
    let best: Split | null = null;
    const parentScore = (g * g) / (h + p.lambda);
    for (let f = 0; f < F; f++) {
      if (!allowed[f]) continue;
      const hoff = histOffset[f] * 3;
      let gl = 0;
      let hl = 0;
      let nl = 0;
      for (let b = 0; b < nBins[f] - 1; b++) {
        gl += hist[hoff + b * 3];
        hl += hist[hoff + b * 3 + 1];
        nl += hist[hoff + b * 3 + 2];
        if (nl < p.minDataInLeaf || hl < p.minHessianInLeaf) continue;
        const nr = count - nl;
        const hr = h - hl;
        if (nr < p.minDataInLeaf || hr < p.minHessianInLeaf) break;
        const gr = g - gl;
        const gain = (gl * gl) / (hl + p.lambda) + (gr * gr) / (hr + p.lambda) - parentScore;
        if (gain > 1e-12 && (!best || gain > best.gain)) best = { gain, feature: f, bin: b, gl, hl, nl };
      }
    }
    return best;
  };

  for (let round = 0; round < p.rounds; round++) {
    for (let i = 0; i < n; i++) {
      const pr = sigmoid(raw[i]);
      const w = weights ? weights[i] : 1;
      grad[i] = w * (pr - (labels[i] ? 1 : 0));
      hess[i] = Math.max(w * pr * (1 - pr), 1e-12);
    }
    // Rows and features for this tree.
    let m = 0;
    for (let i = 0; i < n; i++) if (p.baggingFraction >= 1 || random() < p.baggingFraction) index[m++] = i;
    let anyFeature = false;
    for (let f = 0; f < F; f++) {
      allowed[f] = p.featureFraction >= 1 || random() < p.featureFraction ? 1 : 0;
      anyFeature ||= allowed[f] === 1;
    }
    if (!anyFeature) allowed[Math.floor(random() * F)] = 1;

    const tree: Tree = { feature: [], threshold: [], left: [], right: [], value: [] };
    const newNode = (g: number, h: number) => {
      tree.feature.push(-1);
      tree.threshold.push(0);
      tree.left.push(-1);
      tree.right.push(-1);
      tree.value.push((-g / (h + p.lambda)) * p.learningRate);
      return tree.feature.length - 1;
    };
    let g0 = 0;
    let h0 = 0;
    for (let k = 0; k < m; k++) {
      g0 += grad[index[k]];
      h0 += hess[index[k]];
    }
    const rootHist = buildHist(0, m);
    const leaves: Leaf[] = [{ node: newNode(g0, h0), start: 0, end: m, g: g0, h: h0, hist: rootHist, split: bestSplit(rootHist, g0, h0, m), depth: 0 }];

    while (leaves.length < p.numLeaves) {
      let pick = -1;
      for (let l = 0; l < leaves.length; l++) {
        const s = leaves[l].split;
        if (s && (pick < 0 || s.gain > leaves[pick].split!.gain)) pick = l;
      }
      if (pick < 0) break;
      const leaf = leaves[pick];
      const s = leaf.split!;
      // Partition the leaf's rows: left keeps bins <= s.bin.
      const off = s.feature * n;
      let a = leaf.start;
      let z = 0;
      for (let k = leaf.start; k < leaf.end; k++) {
        const i = index[k];
        if (bins[off + i] <= s.bin) index[a++] = i;
        else scratch[z++] = i;
      }
      index.set(scratch.subarray(0, z), a);
      const mid = a;
      const gr = leaf.g - s.gl;
      const hr = leaf.h - s.hl;
      const ln = newNode(s.gl, s.hl);
      const rn = newNode(gr, hr);
      tree.feature[leaf.node] = s.feature;
      const e = edges[s.feature];
      tree.threshold[leaf.node] = s.bin === 0 ? -Infinity : e[Math.min(s.bin, e.length) - 1];
      tree.left[leaf.node] = ln;
      tree.right[leaf.node] = rn;
      // The smaller child's histogram is built; the larger one's is the parent's minus it.
      const leftSmaller = mid - leaf.start <= leaf.end - mid;
      const small = leftSmaller ? buildHist(leaf.start, mid) : buildHist(mid, leaf.end);
      const large = leaf.hist!;
      for (let k = 0; k < histSize; k++) large[k] -= small[k];
      const lh = leftSmaller ? small : large;
      const rh = leftSmaller ? large : small;
      const left: Leaf = { node: ln, start: leaf.start, end: mid, g: s.gl, h: s.hl, hist: lh, split: bestSplit(lh, s.gl, s.hl, mid - leaf.start), depth: leaf.depth + 1 };
      const right: Leaf = { node: rn, start: mid, end: leaf.end, g: gr, h: hr, hist: rh, split: bestSplit(rh, gr, hr, leaf.end - mid), depth: leaf.depth + 1 };
      leaves.splice(pick, 1, left, right);
    }
    trees.push(tree);
    for (let i = 0; i < n; i++) raw[i] += treeValue(tree, rows[i]);
  }
  return { base, trees, featureNames: [...featureNames] };
}

function leafOf(tree: Tree, x: Float64Array | number[]): number {
  let node = 0;
  while (tree.feature[node] >= 0) {
    const v = x[tree.feature[node]];
    node = Number.isNaN(v) || v <= tree.threshold[node] ? tree.left[node] : tree.right[node];
  }
  return node;
}

function treeValue(tree: Tree, x: Float64Array | number[]): number {
  return tree.value[leafOf(tree, x)];
}

/** The ensemble's log-odds for one row. */
export function rawScore(model: GbdtModel, x: Float64Array | number[]): number {
  let s = model.base;
  for (const t of model.trees) s += treeValue(t, x);
  return s;
}

/** The probability of the positive label for one row. */
export function predict(model: GbdtModel, x: Float64Array | number[]): number {
  return sigmoid(rawScore(model, x));
}

/**
 * Each feature's share of the row's log-odds (summed changes of node value at the splits on that
 * feature along the row's path in every tree). base + sum(contributions) = rawScore.
 */
export function contributions(model: GbdtModel, x: Float64Array | number[]): Float64Array {
  const out = new Float64Array(model.featureNames.length);
  for (const t of model.trees) {
    let node = 0;
    while (t.feature[node] >= 0) {
      const f = t.feature[node];
      const v = x[f];
      const next = Number.isNaN(v) || v <= t.threshold[node] ? t.left[node] : t.right[node];
      out[f] += t.value[next] - t.value[node];
      node = next;
    }
    // The root's own value belongs to nobody: it is part of the base.
  }
  return out;
}

/** The constant part of every row's log-odds: the prior plus every tree's root value. */
export function baseValue(model: GbdtModel): number {
  return model.trees.reduce((s, t) => s + t.value[0], model.base);
}
