// What the risk model sees of a declaration: its own values (tax rate, mass, price, price per kg
// against its HS code's usual range) and what history says of the parties and goods it names (the
// fraud rate, smoothed towards the overall rate, of its importer, declarant, seller, HS code,
// countries, office and some pairs of them, and how often each was seen).
//
// The rates must not know the label of the declaration they describe, or the model learns from
// features that will not be there when a new declaration arrives. For training, each declaration's
// rates come from the other folds only (out-of-fold target encoding); for scoring, from all of the
// labelled history. Price statistics use no label, so they are learned from every declaration.
import type { Declaration } from './declarations.ts';

export interface Aspect {
  name: string;
  key: (d: Declaration) => string;
  /** Whether how often it was seen is a feature too (identities, HS codes). */
  count: boolean;
  /** Whether its critical-fraud rate is a feature too. */
  critical: boolean;
}

const hs = (d: Declaration, n: number) => d.hs6.slice(0, n);

export const ASPECTS: Aspect[] = [
  { name: 'importer', key: (d) => d.importerId, count: true, critical: true },
  { name: 'declarant', key: (d) => d.declarantId, count: true, critical: true },
  { name: 'seller', key: (d) => d.sellerId, count: true, critical: false },
  { name: 'courier', key: (d) => d.courierId, count: false, critical: false },
  { name: 'hs6', key: (d) => d.hs6, count: true, critical: true },
  { name: 'hs4', key: (d) => hs(d, 4), count: false, critical: false },
  { name: 'hs2', key: (d) => hs(d, 2), count: false, critical: true },
  { name: 'origin', key: (d) => d.originCountry, count: false, critical: true },
  { name: 'departure', key: (d) => d.departureCountry, count: false, critical: false },
  { name: 'route', key: (d) => `${d.departureCountry}>${d.originCountry}`, count: false, critical: false },
  { name: 'office', key: (d) => d.officeId, count: false, critical: false },
  { name: 'importType', key: (d) => d.importType, count: false, critical: false },
  { name: 'importUse', key: (d) => d.importUse, count: false, critical: false },
  { name: 'paymentType', key: (d) => d.paymentType, count: false, critical: false },
  { name: 'transport', key: (d) => d.transportMode, count: false, critical: false },
  { name: 'taxType', key: (d) => d.taxType, count: false, critical: false },
  { name: 'originIndicator', key: (d) => d.originIndicator, count: false, critical: false },
  { name: 'importerHs6', key: (d) => `${d.importerId}|${d.hs6}`, count: true, critical: false },
  { name: 'sellerImporter', key: (d) => `${d.sellerId}|${d.importerId}`, count: false, critical: false },
  { name: 'declarantImporter', key: (d) => `${d.declarantId}|${d.importerId}`, count: false, critical: false },
  { name: 'hs6Origin', key: (d) => `${d.hs6}|${d.originCountry}`, count: false, critical: false },
  { name: 'officeImporter', key: (d) => `${d.officeId}|${d.importerId}`, count: false, critical: false },
];

/** Counts per key: declarations, frauds, critical frauds. */
export type CountTable = Map<string, [number, number, number]>;

export interface History {
  declarations: number;
  frauds: number;
  criticals: number;
  tables: Record<string, CountTable>;
  /** Per HS6 (and HS4): count, sum and sum of squares of log price per kg, from every declaration. */
  unitValue: Record<string, [number, number, number]>;
}

export interface FeatureOptions {
  /** Weight of the overall rate in a smoothed rate, in declarations. */
  smoothing: number;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = { smoothing: 20 };

export const logUnitPrice = (d: Declaration): number =>
  Number.isFinite(d.itemPrice) && Number.isFinite(d.netMass) ? Math.log((d.itemPrice + 1) / (Math.max(d.netMass, 0) + 0.1)) : NaN;

export function emptyHistory(): History {
  return { declarations: 0, frauds: 0, criticals: 0, tables: Object.fromEntries(ASPECTS.map((a) => [a.name, new Map()])), unitValue: {} };
}

/** Adds (sign 1) or takes away (sign -1) labelled declarations' counts. */
export function addLabels(h: History, ds: Declaration[], sign = 1): History {
  for (const d of ds) {
    if (d.fraud === undefined) continue;
    const f = d.fraud * sign;
    const c = (d.criticalFraud === 2 ? 1 : 0) * sign;
    h.declarations += sign;
    h.frauds += f;
    h.criticals += c;
    for (const a of ASPECTS) {
      const t = h.tables[a.name];
      const k = a.key(d);
      const e = t.get(k);
      if (e) {
        e[0] += sign;
        e[1] += f;
        e[2] += c;
        if (e[0] === 0) t.delete(k);
      } else if (sign > 0) t.set(k, [1, f, c]);
    }
  }
  return h;
}

/** Price per kg statistics of each HS6 and HS4 code (no label used). */
export function addUnitValues(h: History, ds: Declaration[]): History {
  for (const d of ds) {
    const u = logUnitPrice(d);
    if (Number.isNaN(u)) continue;
    for (const k of [d.hs6, `hs4:${hs(d, 4)}`]) {
      const e = (h.unitValue[k] ??= [0, 0, 0]);
      e[0] += 1;
      e[1] += u;
      e[2] += u * u;
    }
  }
  return h;
}

/** The history of these declarations: their labels and their prices. */
export function historyOf(ds: Declaration[]): History {
  return addUnitValues(addLabels(emptyHistory(), ds), ds);
}

export const FEATURE_NAMES: string[] = [
  ...ASPECTS.flatMap((a) => [`rate:${a.name}`, ...(a.count ? [`seen:${a.name}`] : []), ...(a.critical ? [`critical:${a.name}`] : [])]),
  'taxRate',
  'logMass',
  'logPrice',
  'logUnitPrice',
  'unitPriceZ',
];

/** How far a price per kg lies from its HS code's usual ones, in standard deviations (NaN if unknown). */
export function unitPriceZ(h: History, d: Declaration): number {
  const u = logUnitPrice(d);
  if (Number.isNaN(u)) return NaN;
  for (const k of [d.hs6, `hs4:${hs(d, 4)}`]) {
    const e = h.unitValue[k];
    if (!e || e[0] < 5) continue;
    const mean = e[1] / e[0];
    const sd = Math.sqrt(Math.max(e[2] / e[0] - mean * mean, 0));
    return (u - mean) / Math.max(sd, 0.25);
  }
  return NaN;
}

/** The feature vector of one declaration against a history that must not contain its own label. */
export function featuresOf(h: History, d: Declaration, opt: FeatureOptions = DEFAULT_FEATURE_OPTIONS): Float64Array {
  const x = new Float64Array(FEATURE_NAMES.length);
  const prior = h.declarations > 0 ? h.frauds / h.declarations : 0.2;
  const priorCritical = h.declarations > 0 ? h.criticals / h.declarations : 0.01;
  const m = opt.smoothing;
  let i = 0;
  for (const a of ASPECTS) {
    const e = h.tables[a.name].get(a.key(d));
    const n = e ? e[0] : 0;
    x[i++] = ((e ? e[1] : 0) + prior * m) / (n + m);
    if (a.count) x[i++] = n;
    if (a.critical) x[i++] = ((e ? e[2] : 0) + priorCritical * m) / (n + m);
  }
  x[i++] = Number.isFinite(d.taxRate) ? d.taxRate : NaN;
  x[i++] = Number.isFinite(d.netMass) ? Math.log1p(Math.max(d.netMass, 0)) : NaN;
  x[i++] = Number.isFinite(d.itemPrice) ? Math.log1p(Math.max(d.itemPrice, 0)) : NaN;
  x[i++] = logUnitPrice(d);
  x[i++] = unitPriceZ(h, d);
  return x;
}

/** Fold of each declaration (0..k-1), shuffled with a seed. */
export function folds(n: number, k: number, seed: number): Uint8Array {
  const order = Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0 || 1;
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const out = new Uint8Array(n);
  order.forEach((row, pos) => (out[row] = pos % k));
  return out;
}

/**
 * Training features without leakage: the labelled declarations are cut into k folds, and each
 * declaration's rates come from the history of the other folds.
 */
export function outOfFoldFeatures(ds: Declaration[], k = 5, seed = 7, opt: FeatureOptions = DEFAULT_FEATURE_OPTIONS): Float64Array[] {
  const fold = folds(ds.length, k, seed);
  const full = historyOf(ds);
  const out: Float64Array[] = new Array(ds.length);
  for (let f = 0; f < k; f++) {
    const inFold = ds.filter((_, i) => fold[i] === f);
    // The full history less this fold's labels (prices keep every declaration: they carry no label).
    const h: History = { ...full, tables: Object.fromEntries(Object.entries(full.tables).map(([a, t]) => [a, new Map(Array.from(t, ([key, e]) => [key, [...e] as [number, number, number]]))])) };
    addLabels(h, inFold, -1);
    ds.forEach((d, i) => {
      if (fold[i] === f) out[i] = featuresOf(h, d, opt);
    });
  }
  return out;
}

/** A history as JSON (for a stored model) and back. */
export function historyToJson(h: History): unknown {
  return {
    declarations: h.declarations,
    frauds: h.frauds,
    criticals: h.criticals,
    tables: Object.fromEntries(Object.entries(h.tables).map(([a, t]) => [a, Array.from(t, ([k, e]) => [k, ...e])])),
    unitValue: h.unitValue,
  };
}

export function historyFromJson(j: any): History {
  return {
    declarations: j.declarations,
    frauds: j.frauds,
    criticals: j.criticals,
    tables: Object.fromEntries(
      ASPECTS.map((a) => [a.name, new Map((j.tables[a.name] ?? []).map((r: [string, number, number, number]) => [r[0], [r[1], r[2], r[3]]]))]),
    ) as Record<string, CountTable>,
    unitValue: j.unitValue,
  };
}
