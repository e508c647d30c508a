// Gate lanes: every passage is stored as it is reported and answered at once with the engine's
// decision (pass, or hold with the alerts it raised); an officer releases or refuses a hold with a
// reason (audited). At the origin, a gate-out whose plate, containers and seals match the trip's CN
// with enough OCR confidence confirms the sealing in the responsible person's place (seed 001).
import { recordAudit, recordAudits, type Actor } from '../audit/trail.ts';
import { newId } from '../auth/secrets.ts';
import { conflict, notFound } from '../core/errors.ts';
import { normalizeContainerNo } from '../core/rules/gate-mismatch.ts';
import type { GateEvent, TripView } from '../core/types.ts';
import type { GateDecision } from '../monitor/gate-decisions.ts';
import type { NewInput, Platform } from '../platform.ts';
import type { PartiesRisk } from '../risk/parties.ts';
import { writeAudited } from '../registry/write.ts';
import type { Queryable, Row } from '../store/db.ts';
import { laneRisk } from './lane-risk.ts';

/** How long a lane waits for the engine before it holds the truck for want of a decision. */
export const DECISION_TIMEOUT_MS = 5000;

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(v as string).toISOString());

export function presentPassage(r: Row) {
  return {
    passageId: r.id as string,
    facility: r.facility as string,
    lane: r.lane as string,
    direction: r.direction as 'in' | 'out',
    plate: r.plate as string,
    containerNos: r.container_nos as string[],
    sealNos: (r.seal_nos as string[] | null) ?? null,
    source: r.source as string,
    capturedAt: iso(r.captured_at),
    receivedAt: iso(r.received_at)!,
    confidence: r.confidence ?? null,
    images: r.images as string[],
    decision: (r.decision as 'pass' | 'hold' | null) ?? null,
    reasons: r.reasons as GateDecision['reasons'],
    tripId: (r.trip_id as string | null) ?? null,
    laneConfirmed: r.lane_confirmed as string[],
    officerDecision: (r.officer_decision as 'released' | 'refused' | null) ?? null,
    officerReason: (r.officer_reason as string | null) ?? null,
    officerBy: (r.officer_by as string | null) ?? null,
    officerAt: iso(r.officer_at),
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) => {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((v) => y.has(v));
};

/**
 * The CNs the lane may confirm: a gate-out read by OCR at the trip's origin before it left, with
 * the trip's plate, exactly its containers and its seals, every field at least `minConfidence`.
 */
export function laneConfirmable(g: GateEvent, trip: TripView | null, minConfidence: number): boolean {
  if (trip === null || minConfidence > 1) return false;
  if (g.direction !== 'out' || g.source !== 'ocr' || trip.origin !== g.facility) return false;
  if (trip.state !== 'planned' && trip.state !== 'sealed') return false;
  if (trip.plate !== g.plate.replace(/[-\s]/g, '').toUpperCase()) return false;
  if (!sameSet(trip.containerNos.map(normalizeContainerNo), g.containerNos.map(normalizeContainerNo))) return false;
  if (g.sealNos === undefined || trip.seals.length === 0 || !sameSet(trip.seals.map((s) => s.id), g.sealNos)) return false;
  const c = g.confidence;
  if (c === undefined || c.plate === undefined || c.plate < minConfidence) return false;
  if (c.containers === undefined || c.containers.length !== g.containerNos.length || c.containers.some((v) => v < minConfidence)) return false;
  return true;
}

export interface PassageAnswer {
  passageId: string;
  decision: 'pass' | 'hold';
  reasons: GateDecision['reasons'];
  tripId?: string;
  /** CNs whose sealing this passage confirmed. */
  laneConfirmed: string[];
  /**
   * The parties' risk (the vehicle, its fleet, the drivers of its trip's CNs), for the caller to
   * tell as the access policy allows (lanePartyRisk); null when it could not be looked up. It
   * informs the lane and the officer; the decision stays the engine's.
   */
  partyRisk: PartiesRisk | null;
}

/** Stores a passage (and any lane confirmation) with its audit entry, then answers with the engine's decision. */
export async function reportPassage(ctx: Platform, actor: Actor, g: GateEvent): Promise<PassageAnswer> {
  const passageId = newId('gp');
  const event: GateEvent = { ...g, passageId };
  const monitor = ctx.services.monitor;
  const trip = monitor?.engine.tripForPlate(g.plate) ?? null;
  const confirm = laneConfirmable(g, trip, ctx.config.lanes?.confirmMinConfidence ?? 0.95) ? trip : null;
  // Looked up while the passage is stored and decided; a failed look-up never holds up the answer.
  const risk = laneRisk(ctx.db, g.plate.replace(/[-\s]/g, '').toUpperCase(), trip?.cnNos ?? []).then((r) => r, () => null);
  const waiter = monitor?.gates.wait(passageId, DECISION_TIMEOUT_MS);
  const receivedAt = new Date().toISOString();
  let confirmed: string[];
  try {
    confirmed = confirm === null
      ? (await passagesOf(ctx).store({ passageId, g, event, actor, receivedAt }), [])
      : await ctx.inputs.transact(async (tx) => {
        const inputs: NewInput[] = [];
        const done: string[] = [];
        for (const cnNo of confirm.cnNos) {
          const details = { lane: `${g.facility}/${g.lane}`, passageId, confidence: g.confidence, byName: 'automated lane' };
          const [row] = await tx.query(
            `update transport_notes set confirmed_at = now(), confirmed_by = $2, confirmation = $3
             where cn_no = $1 and confirmed_at is null and status <> 'cancelled' and requires_confirmation returning cn_no`,
            [cnNo, `lane:${g.facility}/${g.lane}`, JSON.stringify(details)],
          );
          if (!row) continue;
          await recordAudit(tx, actor, { action: 'confirm', resource: 'transport_note', resourceId: cnNo, after: details });
          inputs.push({ type: 'sealConfirmation', data: { cnNo, confirmedBy: `lane:${g.facility}/${g.lane}` } });
          done.push(cnNo);
        }
        await insertPassages(tx, [{ passageId, g, event, actor, receivedAt }], done);
        inputs.push({ type: 'gateEvent', data: event });
        return { result: done, inputs };
      });
  } catch (err) {
    waiter?.cancel();
    throw err;
  }
  const decided = waiter ? await waiter.decided : null;
  // No engine, or no answer in time: the truck waits for an officer.
  const d: GateDecision = decided ?? { decision: 'hold', reasons: [{ code: 'no_decision' }], tripId: null };
  decisionsOf(ctx.db).add(passageId, d);
  return { passageId, decision: d.decision, reasons: d.reasons, ...(d.tripId ? { tripId: d.tripId } : {}), laneConfirmed: confirmed, partyRisk: await risk };
}

interface NewPassage {
  passageId: string;
  g: GateEvent;
  /** The engine input: the passage with its id. */
  event: GateEvent;
  actor: Actor;
  receivedAt: string;
}

/** The passages and their audit entries, two statements however many there are. */
async function insertPassages(tx: Queryable, ps: readonly NewPassage[], laneConfirmed: string[] = []): Promise<void> {
  const rows = ps.map(({ passageId, g, receivedAt }) => ({
    id: passageId, facility: g.facility, lane: g.lane, direction: g.direction, plate: g.plate, container_nos: g.containerNos,
    seal_nos: g.sealNos ?? null, source: g.source, captured_at: g.capturedAt ?? null, received_at: receivedAt,
    confidence: g.confidence ?? null, images: g.images ?? [], lane_confirmed: laneConfirmed,
  }));
  await tx.query(
    `insert into gate_passages (id, facility, lane, direction, plate, container_nos, seal_nos, source, captured_at, received_at, confidence, images, lane_confirmed)
     select id, facility, lane, direction, plate, container_nos, seal_nos, source, captured_at, received_at, confidence, images, lane_confirmed
     from jsonb_populate_recordset(null::gate_passages, $1::jsonb)`,
    [JSON.stringify(rows)],
  );
  await recordAudits(tx, ps.map((p) => ({ actor: p.actor, entry: { action: 'report', resource: 'gate_event', resourceId: `${p.g.facility}/${p.g.lane}`, after: p.event } })));
}

/**
 * Passages reach the intake as one write per batch, not one per truck: a passage waits in `queue`
 * until the intake runs the pending write, which takes every passage queued by then and stores them
 * (rows, audit entries, gateEvent inputs) in the intake's transaction, under one savepoint. They
 * commit together and, should the write fail, are refused together. A passage that confirms a
 * sealing is written on its own (see reportPassage).
 */
class PassageWriter {
  private queue: { p: NewPassage; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private pending = false;

  constructor(private readonly ctx: Pick<Platform, 'inputs'>) {}

  store(p: NewPassage): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ p, resolve, reject });
      if (!this.pending) this.write();
    });
  }

  private write(): void {
    this.pending = true;
    let ran = false;
    let batch: PassageWriter['queue'] = [];
    this.ctx.inputs
      .transact(async (tx) => {
        ran = true;
        this.pending = false;
        batch = this.queue.splice(0);
        await insertPassages(tx, batch.map((b) => b.p));
        return { result: undefined, inputs: batch.map((b) => ({ type: 'gateEvent' as const, data: b.p.event })) };
      })
      .then(
        () => batch.forEach((b) => b.resolve()),
        (err) => {
          // Refused before the write ran (the monitor is closing): those waiting are refused too.
          if (!ran) {
            this.pending = false;
            batch = this.queue.splice(0);
          }
          batch.forEach((b) => b.reject(err));
        },
      );
  }
}

const PASSAGE_WRITERS = new WeakMap<object, PassageWriter>();

function passagesOf(ctx: Pick<Platform, 'inputs'>): PassageWriter {
  let w = PASSAGE_WRITERS.get(ctx.inputs);
  if (w === undefined) PASSAGE_WRITERS.set(ctx.inputs, (w = new PassageWriter(ctx)));
  return w;
}

/** An officer releases or refuses a held passage, with the reason; once. */
export async function decideHold(
  ctx: Pick<Platform, 'inputs' | 'db'>, actor: Actor, passageId: string, decision: 'released' | 'refused', reason: string,
): Promise<ReturnType<typeof presentPassage>> {
  await flushDecisions(ctx.db);
  return writeAudited(ctx, actor, async (tx) => {
    const [row] = await tx.query('select * from gate_passages where id = $1 for update', [passageId]);
    if (!row) throw notFound(`Gate passage ${passageId}`, 'gate_passage', passageId);
    if (row.decision !== 'hold') {
      throw conflict(`gate passage ${passageId} was not held (${row.decision ?? 'undecided'})`, 'gate.not_held', { passageId, decision: row.decision ?? 'undecided' });
    }
    if (row.officer_decision) {
      const done = { passageId, decision: row.officer_decision, by: row.officer_by, at: iso(row.officer_at)! };
      throw conflict(`gate passage ${passageId} was already ${done.decision} by ${done.by} at ${done.at}`, 'gate.already_decided', done);
    }
    const [updated] = await tx.query(
      `update gate_passages set officer_decision = $2, officer_reason = $3, officer_by = $4, officer_at = now() where id = $1 returning *`,
      [passageId, decision, reason, actor.id],
    );
    return {
      result: presentPassage(updated),
      audit: { action: decision === 'released' ? 'release' : 'refuse', resource: 'gate_passage', resourceId: passageId, before: presentPassage(row), after: { decision, reason } },
      inputs: [],
    };
  });
}

/**
 * Decisions are written to the passages in batches (one statement for all those answered within a
 * few milliseconds), not one write per truck: the lane's answer does not wait for it, and every read
 * of passages here flushes first, so no reader sees a passage without its decision.
 */
class DecisionWriter {
  private queue: { id: string; d: GateDecision }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly db: Queryable) {}

  add(id: string, d: GateDecision): void {
    this.queue.push({ id, d });
    if (this.queue.length >= 500) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), 20);
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queue.splice(0);
    if (batch.length === 0) return this.writing;
    this.writing = this.writing.then(() =>
      this.db
        .query(
          `update gate_passages g set decision = v.decision, reasons = v.reasons::jsonb, trip_id = v.trip_id
           from (select unnest($1::text[]) as id, unnest($2::text[]) as decision, unnest($3::text[]) as reasons, unnest($4::text[]) as trip_id) v
           where g.id = v.id`,
          [batch.map((b) => b.id), batch.map((b) => b.d.decision), batch.map((b) => JSON.stringify(b.d.reasons)), batch.map((b) => b.d.tripId)],
        )
        .then(() => undefined, () => undefined),
    );
    return this.writing;
  }
}

const WRITERS = new WeakMap<Queryable, DecisionWriter>();

function decisionsOf(db: Queryable): DecisionWriter {
  let w = WRITERS.get(db);
  if (w === undefined) {
    w = new DecisionWriter(db);
    WRITERS.set(db, w);
  }
  return w;
}

/** Writes the decisions answered so far (every reader of passages calls this first). */
export function flushDecisions(db: Queryable): Promise<void> {
  return WRITERS.get(db)?.flush() ?? Promise.resolve();
}

export async function findPassage(db: Queryable, id: string): Promise<Row | undefined> {
  await flushDecisions(db);
  const [row] = await db.query('select * from gate_passages where id = $1', [id]);
  return row;
}

/** Each lane's recent passages (newest first) and its holds waiting for an officer. */
export async function laneView(db: Queryable, opts: { facility?: string; perLane: number; sinceHours: number }) {
  await flushDecisions(db);
  const params: unknown[] = [new Date(Date.now() - opts.sinceHours * 3600_000).toISOString(), opts.perLane];
  const facility = opts.facility ? (params.push(opts.facility), `and facility = $${params.length}`) : '';
  const rows = await db.query(
    `select * from (select p.*, row_number() over (partition by facility, lane order by received_at desc, id desc) as rn
       from gate_passages p where received_at >= $1 ${facility}) x
     where rn <= $2 order by facility, lane, received_at desc`,
    params,
  );
  const holdParams: unknown[] = [];
  const holdFacility = opts.facility ? (holdParams.push(opts.facility), `and facility = $1`) : '';
  const holds = await db.query(
    `select * from gate_passages where decision = 'hold' and officer_decision is null ${holdFacility} order by received_at limit 500`,
    holdParams,
  );
  const lanes = new Map<string, { facility: string; lane: string; passages: ReturnType<typeof presentPassage>[]; waiting: number }>();
  for (const r of rows) {
    const key = `${r.facility}/${r.lane}`;
    if (!lanes.has(key)) lanes.set(key, { facility: r.facility, lane: r.lane, passages: [], waiting: 0 });
    lanes.get(key)!.passages.push(presentPassage(r));
  }
  for (const h of holds) {
    const key = `${h.facility}/${h.lane}`;
    if (!lanes.has(key)) lanes.set(key, { facility: h.facility, lane: h.lane, passages: [], waiting: 0 });
    lanes.get(key)!.waiting++;
  }
  return { lanes: [...lanes.values()], holds: holds.map(presentPassage) };
}

/** Passages per hour and holds, per facility and lane (port traffic status). */
export async function traffic(db: Queryable, opts: { facility?: string; hours: number; now?: number }) {
  await flushDecisions(db);
  const until = opts.now ?? Date.now();
  const since = new Date(Math.floor((until - opts.hours * 3600_000) / 3600_000) * 3600_000).toISOString();
  const params: unknown[] = [since];
  const facility = opts.facility ? (params.push(opts.facility), `and facility = $2`) : '';
  const rows = await db.query(
    `select facility, lane, date_trunc('hour', received_at) as hour, count(*)::int as passages,
            count(*) filter (where decision = 'hold')::int as holds,
            count(*) filter (where officer_decision = 'refused')::int as refused
     from gate_passages where received_at >= $1 ${facility}
     group by 1, 2, 3 order by 1, 2, 3`,
    params,
  );
  const lanes = new Map<string, { facility: string; lane: string; passages: number; holds: number; hours: { hour: string; passages: number; holds: number; refused: number }[] }>();
  for (const r of rows) {
    const key = `${r.facility}/${r.lane}`;
    if (!lanes.has(key)) lanes.set(key, { facility: r.facility, lane: r.lane, passages: 0, holds: 0, hours: [] });
    const l = lanes.get(key)!;
    l.passages += r.passages;
    l.holds += r.holds;
    l.hours.push({ hour: iso(r.hour)!, passages: r.passages, holds: r.holds, refused: r.refused });
  }
  const facilities = new Map<string, { facility: string; passages: number; holds: number }>();
  for (const l of lanes.values()) {
    const f = facilities.get(l.facility) ?? { facility: l.facility, passages: 0, holds: 0 };
    f.passages += l.passages;
    f.holds += l.holds;
    facilities.set(l.facility, f);
  }
  return { since, until: new Date(until).toISOString(), facilities: [...facilities.values()], lanes: [...lanes.values()] };
}
