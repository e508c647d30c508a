// The declaration risk model: features learned from labelled history (features.ts) and a boosted
// tree ensemble over them (gbdt.ts). A model is plain JSON: the trees, the history its rates come
// from, and the options it was trained with, so it can be written to a file or stored in the DB.
import type { Declaration } from './declarations.ts';
import { labelled } from './declarations.ts';
import { ASPECTS, DEFAULT_FEATURE_OPTIONS, FEATURE_NAMES, featuresOf, historyFromJson, historyOf, historyToJson, outOfFoldFeatures, type FeatureOptions, type History } from './features.ts';
import { contributions, DEFAULT_GBDT_PARAMS, predict, trainGbdt, type GbdtModel, type GbdtParams } from './gbdt.ts';
import { explain, type Reason } from './reasons.ts';

export const MODEL_FORMAT = 'sealwatch-risk/1';

export interface RiskModelJson {
  format: typeof MODEL_FORMAT;
  trainedAt: string;
  /** Labelled declarations learned from, and the span of their dates. */
  trainedOn: { declarations: number; frauds: number; from: string; to: string };
  params: GbdtParams;
  featureOptions: FeatureOptions;
  gbdt: GbdtModel;
  history: unknown;
}

export interface RiskModel {
  json: RiskModelJson;
  history: History;
}

export interface TrainOptions {
  params?: Partial<GbdtParams>;
  features?: Partial<FeatureOptions>;
  /** Folds for out-of-fold rates. */
  folds?: number;
  /** Weight of a critical fraud (a threat to public safety) in the loss, against 1 for any other declaration. */
  criticalWeight?: number;
  now?: Date;
}

/**
 * Chosen on a time split of the training data (the last two months of 2020 held out, learning on
 * the ten before; `npm run bench:risk -- --tune`), never on valid.csv: of the settings tried, the
 * one with the best top-10 % precision that also finds over half of the critical frauds in its
 * top 10 %.
 */
export const RISK_GBDT_PARAMS: GbdtParams = {
  ...DEFAULT_GBDT_PARAMS,
  rounds: 400,
  learningRate: 0.04,
  numLeaves: 63,
  minDataInLeaf: 20,
  lambda: 2,
  featureFraction: 0.7,
  baggingFraction: 0.8,
};

/** See TrainOptions.criticalWeight (chosen with RISK_GBDT_PARAMS). */
export const RISK_CRITICAL_WEIGHT = 8;

/** Smoothing of the fraud rates (chosen with RISK_GBDT_PARAMS). */
export const RISK_FEATURE_OPTIONS: FeatureOptions = { ...DEFAULT_FEATURE_OPTIONS, smoothing: 5 };

export function trainRiskModel(all: Declaration[], opt: TrainOptions = {}): RiskModel {
  const ds = labelled(all);
  if (ds.length < 10) throw new Error(`too few labelled declarations to learn from (${ds.length}; at least 10)`);
  const featureOptions = { ...RISK_FEATURE_OPTIONS, ...opt.features };
  const params = { ...RISK_GBDT_PARAMS, ...opt.params };
  const x = outOfFoldFeatures(ds, opt.folds ?? 5, params.seed, featureOptions);
  const y = Uint8Array.from(ds, (d) => d.fraud ?? 0);
  const criticalWeight = opt.criticalWeight ?? RISK_CRITICAL_WEIGHT;
  const w = criticalWeight === 1 ? undefined : Float64Array.from(ds, (d) => (d.criticalFraud === 2 ? criticalWeight : 1));
  const gbdt = trainGbdt(x, y, FEATURE_NAMES, params, w);
  // Rates for scoring come from all of the labelled history; prices from every declaration given.
  const history = historyOf(ds);
  const dates = ds.map((d) => d.date).sort();
  const json: RiskModelJson = {
    format: MODEL_FORMAT,
    trainedAt: (opt.now ?? new Date()).toISOString(),
    trainedOn: { declarations: ds.length, frauds: ds.filter((d) => d.fraud === 1).length, from: dates[0], to: dates[dates.length - 1] },
    params,
    featureOptions,
    gbdt,
    history: historyToJson(history),
  };
  return { json, history };
}

export function modelFromJson(json: unknown): RiskModel {
  const j = json as RiskModelJson;
  if (!j || j.format !== MODEL_FORMAT) throw new Error(`not a SealWatch risk model (format ${MODEL_FORMAT})`);
  if (j.gbdt.featureNames.join(',') !== FEATURE_NAMES.join(',')) throw new Error('the model was trained on other features than this version computes');
  return { json: j, history: historyFromJson(j.history) };
}

export interface RiskScore {
  declarationId: string;
  score: number;
  reasons: Reason[];
}

/** Scores declarations, each with its top factors (at most `maxReasons`). */
export function scoreDeclarations(model: RiskModel, ds: Declaration[], maxReasons = 3): RiskScore[] {
  return ds.map((d) => {
    const x = featuresOf(model.history, d, model.json.featureOptions);
    const score = predict(model.json.gbdt, x);
    const reasons = maxReasons > 0 ? explain(model.history, d, x, contributions(model.json.gbdt, x), maxReasons) : [];
    return { declarationId: d.declarationId, score, reasons };
  });
}

/** Scores without reasons (faster): for measuring and selection. */
export function scoresOnly(model: RiskModel, ds: Declaration[]): Float64Array {
  return Float64Array.from(ds, (d) => predict(model.json.gbdt, featuresOf(model.history, d, model.json.featureOptions)));
}

/**
 * The simple baseline: the mean of the smoothed past fraud rates of the declaration's importer,
 * declarant, seller, HS code and country of origin.
 */
export const BASELINE_ASPECTS = ['importer', 'declarant', 'seller', 'hs6', 'origin'];

export function baselineScores(history: History, ds: Declaration[], smoothing = DEFAULT_FEATURE_OPTIONS.smoothing): Float64Array {
  const prior = history.frauds / Math.max(history.declarations, 1);
  const aspects = ASPECTS.filter((a) => BASELINE_ASPECTS.includes(a.name));
  return Float64Array.from(ds, (d) => {
    let s = 0;
    for (const a of aspects) {
      const e = history.tables[a.name].get(a.key(d));
      s += ((e ? e[1] : 0) + prior * smoothing) / ((e ? e[0] : 0) + smoothing);
    }
    return s / aspects.length;
  });
}
