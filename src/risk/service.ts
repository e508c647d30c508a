// Declaration risk in operation: live declarations scored by the model in use and stored with
// their reasons; inspection outcomes recorded against them (they feed the next training); models
// trained from the stored outcomes (and the bundled data set), stored with their metrics, one of
// them chosen by a customs admin for use; the selection of declarations to inspect; the monthly
// drift report. Every write is audited.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Actor } from '../audit/trail.ts';
import { conflict, invalidField, notFound, unavailable } from '../core/errors.ts';
import type { Platform } from '../platform.ts';
import { writeAudited } from '../registry/write.ts';
import type { Db, Queryable, Row } from '../store/db.ts';
import { labelled, parseDeclarationsCsv, type Declaration } from './declarations.ts';
import { modelFromJson, scoreDeclarations, type RiskModel, type TrainOptions } from './model.ts';
import { trainOffThread } from './train-job.ts';
import type { Reason } from './reasons.ts';
import { rng } from './gbdt.ts';

export const DATASET_DIR = join(import.meta.dirname, '..', '..', 'data', 'customs-declarations');

// ---- the model in use --------------------------------------------------------------------------

const cache = new WeakMap<Queryable, { id: number; model: RiskModel }>();

/** The model in use, or null when a customs admin has chosen none yet. */
export async function modelInUse(db: Db): Promise<{ id: number; model: RiskModel } | null> {
  const [row] = await db.query(`select id from risk_models where in_use`);
  if (!row) return null;
  const id = Number(row.id);
  const hit = cache.get(db);
  if (hit && hit.id === id) return hit;
  const [full] = await db.query(`select model from risk_models where id = $1`, [id]);
  const entry = { id, model: modelFromJson(full.model) };
  cache.set(db, entry);
  return entry;
}

// ---- declarations --------------------------------------------------------------------------------

export interface DeclarationInput extends Declaration {
  containerNos?: string[];
}

export interface DeclarationView {
  declarationId: string;
  date: string;
  declaration: Declaration;
  containerNos: string[];
  score: number | null;
  reasons: Reason[];
  modelId: number | null;
  scoredAt: string | null;
  selected: 'top' | 'explore' | null;
  outcome: { fraud: 0 | 1; criticalFraud: 0 | 1 | 2 | null; note: string | null; by: string; at: string } | null;
}

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

export function presentDeclaration(r: Row, linked: string[] = []): DeclarationView {
  return {
    declarationId: r.declaration_id,
    date: day(r.declared_on),
    declaration: r.body,
    containerNos: [...new Set([...(r.container_nos ?? []), ...linked])],
    score: r.score === null ? null : Number(r.score),
    reasons: r.reasons ?? [],
    modelId: r.model_id === null ? null : Number(r.model_id),
    scoredAt: iso(r.scored_at),
    selected: r.selected ?? null,
    outcome:
      r.fraud === null || r.fraud === undefined
        ? null
        : { fraud: r.fraud, criticalFraud: r.critical_fraud ?? null, note: r.outcome_note ?? null, by: r.outcome_by, at: iso(r.outcome_at)! },
  };
}

/** Containers of these declarations known from transport notes that name them (declarationNo). */
async function linkedContainers(q: Queryable, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (ids.length === 0) return out;
  const rows = await q.query(
    `select upper(n.body->>'declarationNo') as id, c.container_no from transport_notes n
       join transport_note_containers c on c.cn_no = n.cn_no
      where upper(n.body->>'declarationNo') = any($1)`,
    [ids.map((i) => i.toUpperCase())],
  );
  for (const r of rows) out.set(r.id, [...(out.get(r.id) ?? []), r.container_no]);
  return out;
}

async function present(q: Queryable, rows: Row[]): Promise<DeclarationView[]> {
  const linked = await linkedContainers(q, rows.map((r) => r.declaration_id));
  return rows.map((r) => presentDeclaration(r, linked.get(String(r.declaration_id).toUpperCase()) ?? []));
}

/** Scores live declarations with the model in use and stores them (an outcome already recorded stays). */
export async function scoreLive(ctx: Platform, actor: Actor, ds: DeclarationInput[]): Promise<DeclarationView[]> {
  const inUse = await modelInUse(ctx.db);
  if (!inUse) throw conflict('No risk model is in use: a customs admin trains one (POST /risk/models) and puts it in use', 'risk.no_model');
  const scores = scoreDeclarations(inUse.model, ds);
  return writeAudited(ctx, actor, async (tx) => {
    const rows: Row[] = [];
    for (let i = 0; i < ds.length; i++) {
      const { containerNos, fraud: _f, criticalFraud: _c, ...body } = ds[i];
      const [row] = await tx.query(
        `insert into risk_declarations (declaration_id, declared_on, importer_id, declarant_id, seller_id, hs6, origin_country, departure_country, office_id,
           body, container_nos, score, reasons, model_id, scored_at)
         values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14, now())
         on conflict (declaration_id) do update set declared_on = excluded.declared_on, importer_id = excluded.importer_id, declarant_id = excluded.declarant_id,
           seller_id = excluded.seller_id, hs6 = excluded.hs6, origin_country = excluded.origin_country, departure_country = excluded.departure_country,
           office_id = excluded.office_id, body = excluded.body, container_nos = excluded.container_nos, score = excluded.score, reasons = excluded.reasons,
           model_id = excluded.model_id, scored_at = now()
         returning *`,
        [body.declarationId, body.date, body.importerId, body.declarantId, body.sellerId, body.hs6, body.originCountry, body.departureCountry, body.officeId,
          JSON.stringify(body), containerNos ?? [], scores[i].score, JSON.stringify(scores[i].reasons), inUse.id],
      );
      rows.push(row);
    }
    const result = await present(tx, rows);
    const after = { modelId: inUse.id, declarations: ds.length, scores: Object.fromEntries(scores.slice(0, 100).map((s) => [s.declarationId, Math.round(s.score * 1e4) / 1e4])) };
    return { result, audit: { action: 'score', resource: 'risk_declaration', resourceId: ds.length === 1 ? ds[0].declarationId : null, after }, inputs: [] };
  });
}

export const ASPECT_COLUMNS = {
  importer: 'importer_id',
  declarant: 'declarant_id',
  seller: 'seller_id',
  hs6: 'hs6',
  hs2: `substr(hs6, 1, 2)`,
  origin: 'origin_country',
  departure: 'departure_country',
  office: 'office_id',
} as const;
export type AspectName = keyof typeof ASPECT_COLUMNS;
export const ASPECT_NAMES = Object.keys(ASPECT_COLUMNS) as AspectName[];

export interface DeclarationFilter {
  month?: string;
  aspect?: AspectName;
  value?: string;
  selected?: 'top' | 'explore' | 'any';
  outcome?: 'recorded' | 'none';
  minScore?: number;
  limit?: number;
  offset?: number;
}

function where(f: DeclarationFilter, params: unknown[]): string {
  const w: string[] = ['score is not null'];
  const bind = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.month) w.push(`to_char(declared_on, 'YYYY-MM') = ${bind(f.month)}`);
  if (f.aspect && f.value !== undefined) w.push(`${ASPECT_COLUMNS[f.aspect]} = ${bind(f.value)}`);
  if (f.selected === 'any') w.push('selected is not null');
  else if (f.selected) w.push(`selected = ${bind(f.selected)}`);
  if (f.outcome === 'recorded') w.push('fraud is not null');
  if (f.outcome === 'none') w.push('fraud is null');
  if (f.minScore !== undefined) w.push(`score >= ${bind(f.minScore)}`);
  return w.join(' and ');
}

/** Scored declarations, riskiest first. */
export async function listDeclarations(db: Db, f: DeclarationFilter): Promise<DeclarationView[]> {
  const params: unknown[] = [];
  const w = where(f, params);
  params.push(f.limit ?? 50, f.offset ?? 0);
  const rows = await db.query(`select * from risk_declarations where ${w} order by score desc, declaration_id limit $${params.length - 1} offset $${params.length}`, params);
  return present(db, rows);
}

export async function getDeclaration(db: Db, id: string): Promise<DeclarationView> {
  const [row] = await db.query(`select * from risk_declarations where declaration_id = $1`, [id]);
  if (!row) throw notFound(`Declaration ${id}`, 'declaration', id);
  return (await present(db, [row]))[0];
}

export interface OutcomeInput {
  fraud: 0 | 1;
  criticalFraud?: 0 | 1 | 2;
  note?: string;
}

/** Records an inspection's outcome: it becomes a label for the next training. */
export async function recordOutcome(ctx: Platform, actor: Actor, id: string, o: OutcomeInput): Promise<DeclarationView> {
  if (o.fraud === 0 && o.criticalFraud !== undefined && o.criticalFraud !== 0) throw invalidField('/body/criticalFraud', 'must be 0 when fraud is 0', 'risk.critical_without_fraud');
  const critical = o.criticalFraud ?? (o.fraud === 1 ? 1 : 0);
  return writeAudited(ctx, actor, async (tx) => {
    const [before] = await tx.query(`select * from risk_declarations where declaration_id = $1 for update`, [id]);
    if (!before) throw notFound(`Declaration ${id}`, 'declaration', id);
    const [after] = await tx.query(
      `update risk_declarations set fraud = $2, critical_fraud = $3, outcome_note = $4, outcome_by = $5, outcome_at = now() where declaration_id = $1 returning *`,
      [id, o.fraud, critical, o.note ?? null, `${actor.kind}:${actor.id}`],
    );
    const view = (await present(tx, [after]))[0];
    return { result: view, audit: { action: 'outcome', resource: 'risk_declaration', resourceId: id, before: presentDeclaration(before).outcome, after: view.outcome }, inputs: [] };
  });
}

// ---- models ------------------------------------------------------------------------------------

export interface ModelView {
  id: number;
  name: string;
  createdAt: string;
  createdBy: string;
  trainedOn: unknown;
  metrics: unknown;
  inUse: boolean;
}

const presentModel = (r: Row): ModelView => ({
  id: Number(r.id),
  name: r.name,
  createdAt: iso(r.created_at)!,
  createdBy: r.created_by,
  trainedOn: r.trained_on,
  metrics: r.metrics,
  inUse: r.in_use,
});

export async function listModels(db: Db): Promise<ModelView[]> {
  return (await db.query(`select id, name, created_at, created_by, trained_on, metrics, in_use from risk_models order by id desc`)).map(presentModel);
}

/** Labelled declarations stored with recorded outcomes. */
export async function recordedOutcomes(q: Queryable): Promise<Declaration[]> {
  const rows = await q.query(`select body, fraud, critical_fraud from risk_declarations where fraud is not null order by declared_on, declaration_id`);
  return rows.map((r) => ({ ...r.body, fraud: r.fraud, criticalFraud: r.critical_fraud ?? (r.fraud ? 1 : 0) }));
}

/** The bundled declarations of a file of data/customs-declarations/ (train.csv: 2020, labelled). */
export function bundledDeclarations(file = 'train.csv'): Declaration[] {
  const path = join(DATASET_DIR, file);
  if (!existsSync(path)) throw unavailable(`The bundled declarations (${path}) are not there`);
  return parseDeclarationsCsv(readFileSync(path, 'utf8'));
}

/**
 * Past declarations with their inspection outcomes (an earlier system's, or the bundled data set),
 * stored as history the next training learns from. A declaration already stored is left as it is.
 */
export async function importHistory(ctx: Platform, actor: Actor, ds: Declaration[]): Promise<{ imported: number }> {
  const rows = labelled(ds);
  return writeAudited(ctx, actor, async (tx) => {
    let imported = 0;
    for (let i = 0; i < rows.length; i += 200) {
      const chunk = rows.slice(i, i + 200);
      const params: unknown[] = [];
      const values = chunk.map((d) => {
        const { fraud, criticalFraud, ...body } = d;
        const at = params.length;
        params.push(d.declarationId, d.date, d.importerId, d.declarantId, d.sellerId, d.hs6, d.originCountry, d.departureCountry, d.officeId, JSON.stringify(body), fraud, criticalFraud ?? (fraud ? 1 : 0), `${actor.kind}:${actor.id}`);
        return `(${Array.from({ length: 13 }, (_, k) => `$${at + k + 1}`).join(',')}, now())`;
      });
      const out = await tx.query(
        `insert into risk_declarations (declaration_id, declared_on, importer_id, declarant_id, seller_id, hs6, origin_country, departure_country, office_id, body, fraud, critical_fraud, outcome_by, outcome_at)
         values ${values.join(',')} on conflict (declaration_id) do nothing returning declaration_id`,
        params,
      );
      imported += out.length;
    }
    return { result: { imported }, audit: { action: 'import', resource: 'risk_declaration', after: { imported, given: rows.length } }, inputs: [] };
  });
}

export interface TrainRequest {
  name?: string;
  /** Put the new model in use at once (default: only when none is in use). */
  use?: boolean;
  /** Settings (tests use fewer trees). */
  options?: TrainOptions;
}

/** Trains a model on the recorded outcomes (imported history included), measures it, stores it. */
export async function trainAndStore(ctx: Platform, actor: Actor, req: TrainRequest): Promise<ModelView> {
  const recorded = await recordedOutcomes(ctx.db);
  const ds = recorded;
  if (labelled(ds).length < 20) throw conflict(`Too few declarations with an outcome to learn from (${labelled(ds).length}; at least 20)`, 'risk.too_few_outcomes', { actual: labelled(ds).length, min: 20 });
  const trained = await trainOffThread({ declarations: ds, options: req.options ?? {} });
  const model = { json: trained.json };
  const metrics = { holdout: trained.holdout, trainingS: trained.trainingS, recordedOutcomes: recorded.length };
  const name = req.name ?? `model ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`;
  return writeAudited(ctx, actor, async (tx) => {
    const [{ n }] = await tx.query(`select count(*)::int as n from risk_models where in_use`);
    const use = req.use ?? n === 0;
    if (use) await tx.query(`update risk_models set in_use = false where in_use`);
    const [row] = await tx.query(
      `insert into risk_models (name, created_by, trained_on, metrics, model, in_use) values ($1,$2,$3,$4,$5,$6)
       returning id, name, created_at, created_by, trained_on, metrics, in_use`,
      [name, `${actor.kind}:${actor.id}`, JSON.stringify(model.json.trainedOn), JSON.stringify(metrics), JSON.stringify(model.json), use],
    );
    const view = presentModel(row);
    return { result: view, audit: { action: 'train', resource: 'risk_model', resourceId: String(view.id), after: { ...view } }, inputs: [] };
  });
}

/** Puts a stored model in use (the one before is taken out of use). */
export async function useModel(ctx: Platform, actor: Actor, id: number): Promise<ModelView> {
  return writeAudited(ctx, actor, async (tx) => {
    const [target] = await tx.query(`select id from risk_models where id = $1`, [id]);
    if (!target) throw notFound(`Risk model ${id}`, 'risk_model', String(id));
    const [before] = await tx.query(`select id from risk_models where in_use`);
    await tx.query(`update risk_models set in_use = false where in_use`);
    const [row] = await tx.query(`update risk_models set in_use = true where id = $1 returning id, name, created_at, created_by, trained_on, metrics, in_use`, [id]);
    return { result: presentModel(row), audit: { action: 'use', resource: 'risk_model', resourceId: String(id), before: { inUse: before ? Number(before.id) : null }, after: { inUse: id } }, inputs: [] };
  });
}

// ---- selection and drift ---------------------------------------------------------------------

export interface SelectionRequest {
  month: string;
  /** Share of the month's declarations to inspect by score, in percent. */
  topPercent: number;
  /** Share chosen at random among the rest, in percent, so the model learns where it is unsure. */
  explorePercent: number;
  seed?: number;
}

/**
 * Chooses the declarations of a month to inspect: the top `topPercent` by score, and
 * `explorePercent` of the month chosen at random among the others. Declarations already chosen
 * stay chosen; the new choice is added to them.
 */
export async function selectForInspection(ctx: Platform, actor: Actor, r: SelectionRequest): Promise<{ top: string[]; explore: string[] }> {
  return writeAudited(ctx, actor, async (tx) => {
    const rows = await tx.query(
      `select declaration_id, selected from risk_declarations where score is not null and to_char(declared_on, 'YYYY-MM') = $1 order by score desc, declaration_id for update`,
      [r.month],
    );
    const n = rows.length;
    const topN = Math.ceil((n * r.topPercent) / 100);
    const exploreN = Math.ceil((n * r.explorePercent) / 100);
    const top = rows.slice(0, topN).filter((x) => !x.selected).map((x) => x.declaration_id as string);
    const rest = rows.slice(topN).filter((x) => !x.selected).map((x) => x.declaration_id as string);
    const random = rng(r.seed ?? Date.now() % 2 ** 31);
    for (let i = rest.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [rest[i], rest[j]] = [rest[j], rest[i]];
    }
    const explore = rest.slice(0, exploreN).sort();
    if (top.length) await tx.query(`update risk_declarations set selected = 'top', selected_at = now() where declaration_id = any($1)`, [top]);
    if (explore.length) await tx.query(`update risk_declarations set selected = 'explore', selected_at = now() where declaration_id = any($1)`, [explore]);
    const result = { top, explore };
    return { result, audit: { action: 'select', resource: 'risk_declaration', resourceId: r.month, after: { ...r, top: top.length, explore: explore.length } }, inputs: [] };
  });
}

export const SCORE_BINS = 20;

/** Counts of declarations by score, in SCORE_BINS equal bins of [0, 1]. */
export async function distribution(db: Db, f: DeclarationFilter): Promise<{ bins: number[]; count: number; mean: number | null }> {
  const params: unknown[] = [];
  const w = where(f, params);
  const rows = await db.query(
    `select least(floor(score * ${SCORE_BINS}), ${SCORE_BINS - 1})::int as bin, count(*)::int as n, sum(score) as s from risk_declarations where ${w} group by 1`,
    params,
  );
  const bins = new Array(SCORE_BINS).fill(0);
  let count = 0;
  let sum = 0;
  for (const r of rows) {
    bins[r.bin] = r.n;
    count += r.n;
    sum += Number(r.s);
  }
  return { bins, count, mean: count ? Math.round((sum / count) * 1e4) / 1e4 : null };
}

/** Per value of an aspect: declarations, mean and highest score, outcomes recorded, frauds found. */
export async function byAspect(db: Db, aspect: AspectName, f: DeclarationFilter & { limit?: number }) {
  const params: unknown[] = [];
  const w = where({ ...f, aspect: undefined }, params);
  params.push(f.limit ?? 20);
  const col = ASPECT_COLUMNS[aspect];
  const rows = await db.query(
    `select ${col} as value, count(*)::int as declarations, avg(score) as mean_score, max(score) as max_score,
            count(*) filter (where score >= 0.5)::int as high, count(fraud)::int as outcomes, count(*) filter (where fraud = 1)::int as frauds
       from risk_declarations where ${w} group by 1 order by avg(score) * ln(1 + count(*)) desc, 1 limit $${params.length}`,
    params,
  );
  return rows.map((r) => ({
    value: r.value,
    declarations: r.declarations,
    meanScore: Math.round(Number(r.mean_score) * 1e4) / 1e4,
    maxScore: Math.round(Number(r.max_score) * 1e4) / 1e4,
    high: r.high,
    outcomes: r.outcomes,
    frauds: r.frauds,
  }));
}

/**
 * The month's drift report: its score distribution beside the month before (population stability
 * index, PSI: above 0.25 the declarations have changed enough to retrain), and precision on the
 * outcomes recorded, for the top-score and the random selections apart.
 */
export async function driftReport(db: Db, month: string) {
  if (!/^\d{4}-\d{2}$/.test(month)) throw invalidField('/query/month', 'must be YYYY-MM', 'string.format', { format: 'year-month' });
  const [y, m] = month.split('-').map(Number);
  const prev = new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
  const cur = await distribution(db, { month });
  const before = await distribution(db, { month: prev });
  const psi =
    cur.count && before.count
      ? Math.round(
          cur.bins.reduce((s, n, i) => {
            const a = Math.max(n / cur.count, 1e-4);
            const b = Math.max(before.bins[i] / before.count, 1e-4);
            return s + (a - b) * Math.log(a / b);
          }, 0) * 1e4,
        ) / 1e4
      : null;
  const outcomes = await db.query(
    `select coalesce(selected, 'unselected') as how, count(*)::int as n, count(*) filter (where fraud = 1)::int as frauds,
            count(*) filter (where critical_fraud = 2)::int as critical
       from risk_declarations where fraud is not null and to_char(declared_on, 'YYYY-MM') = $1 group by 1`,
    [month],
  );
  const byHow = Object.fromEntries(outcomes.map((r) => [r.how, { inspected: r.n, frauds: r.frauds, critical: r.critical, precision: r.n ? Math.round((r.frauds / r.n) * 1000) / 1000 : null }]));
  const [models] = await db.query(`select array_agg(distinct model_id) as ids from risk_declarations where to_char(declared_on, 'YYYY-MM') = $1`, [month]);
  return {
    month,
    declarations: cur.count,
    meanScore: cur.mean,
    distribution: cur.bins,
    previousMonth: { month: prev, declarations: before.count, meanScore: before.mean, distribution: before.bins },
    psi,
    outcomes: { top: byHow.top ?? null, explore: byHow.explore ?? null, unselected: byHow.unselected ?? null },
    models: (models?.ids ?? []).filter((x: unknown) => x !== null).map(Number),
  };
}
