// The owner of the engine state: applies the bus's inputs in order (live, or from the input log
// on a rebuild) and turns the engine's outputs into records for the output writer, with what the
// store and /stream need besides: the accepted position, per-trip event numbers, who may see what,
// deterministic command ids, and command acknowledgements.
//
// Everything here is a function of the inputs in order, so a rebuild recomputes the same numbers
// and ids. During a rebuild, records of inputs whose outputs are already stored (seq ≤ the stored
// progress) are not emitted; later ones are, and the writer stores them idempotently.
import type { BusMessage } from '../bus/bus.ts';
import type { EngineInput, EngineOutput, PositionOutput, Telemetry, TripView } from '../core/types.ts';
import { parseIsoMs } from '../engine/index.ts';
import type { EnginePort } from './engine-port.ts';
import type { GateDecisions } from './gate-decisions.ts';
import type { OutputRecord, TripRecord } from './records.ts';
import type { ReferenceIndex } from './reference-index.ts';

export interface OwnerStats {
  applied: number;
  ticks: number;
  errors: number;
  outputs: number;
  /** Seal entries of live OBU reports refused since the start (not the reporting OBU's seals). */
  refusedSeals: number;
}

const NONE: readonly string[] = [];

/**
 * What the owner derived from the inputs so far besides the engine state: a snapshot carries it
 * (src/snapshots), so that restoring one and replaying the rest equals replaying everything.
 */
export interface OwnerDerived {
  lastSeq: number;
  /** Engine time of the input `lastSeq` (NaN before any). */
  lastSeqAtMs: number;
  tripEventSeq: Map<string, number>;
  tripCreatedAt: Map<string, string>;
  tripAudience: Map<string, string[]>;
  alertAudience: Map<string, string[]>;
  lastShownTs: Map<string, number>;
  awaitingUnlock: Set<string>;
  stats: OwnerStats;
}

export class EngineOwner {
  /** Records of inputs up to this seq are already stored (set by the rebuild). */
  private storedUpTo = 0;
  /** The last stored input applied; ticks after it belong to the interval after it. */
  private lastSeq = 0;
  private lastSeqAtMs = NaN;
  /** A tick was applied after the last stored input (a snapshot must not be taken then). */
  private tickedSinceSeq = false;
  private tripEventSeq = new Map<string, number>();
  private tripCreatedAt = new Map<string, string>();
  private tripAudience = new Map<string, string[]>();
  private alertAudience = new Map<string, string[]>();
  /** Fix time of the newest position shown per device (older reports are history only). */
  private lastShownTs = new Map<string, number>();
  /** Seals sent an unlock and not yet reported unlocked. */
  private awaitingUnlock = new Set<string>();
  readonly stats: OwnerStats = { applied: 0, ticks: 0, errors: 0, outputs: 0, refusedSeals: 0 };
  /** Lanes waiting for the engine's answer to their gate passages (src/monitor/gate-decisions.ts). */
  gates: GateDecisions | null = null;
  /**
   * Prefix of the ids derived from an input's or tick's position (command ids): an engine that
   * applies one partition of several names its partition, since every partition sees the same
   * ticks and shared inputs.
   */
  originPrefix = '';

  constructor(
    readonly engine: EnginePort,
    readonly refs: ReferenceIndex,
    private readonly emit: (records: OutputRecord[]) => void,
    /** The engine failed on an input (`seq` null for a tick): it is skipped. */
    private readonly onError: (err: unknown, input: EngineInput, seq: number | null) => void = () => {},
    /** An OBU named a seal it may not speak for (live inputs only, not those a rebuild replays). */
    private readonly onRefusedSeal: (deviceId: string, sealId: string) => void = () => {},
  ) {}

  /** Outputs of inputs up to `seq` are stored: a rebuild does not hand them over again. */
  skipStoredUpTo(seq: number): void {
    this.storedUpTo = seq;
  }

  get lastAppliedSeq(): number {
    return this.lastSeq;
  }

  /** True right after a stored input was applied, before any tick: where a snapshot may be taken. */
  get atInputBoundary(): boolean {
    return this.lastSeq > 0 && !this.tickedSinceSeq;
  }

  /** The derived state, by reference (a snapshot serialises it at once). */
  derived(): OwnerDerived {
    return {
      lastSeq: this.lastSeq,
      lastSeqAtMs: this.lastSeqAtMs,
      tripEventSeq: this.tripEventSeq,
      tripCreatedAt: this.tripCreatedAt,
      tripAudience: this.tripAudience,
      alertAudience: this.alertAudience,
      lastShownTs: this.lastShownTs,
      awaitingUnlock: this.awaitingUnlock,
      stats: { ...this.stats },
    };
  }

  /** Takes over a derived state restored from a snapshot (before anything is applied). */
  restoreDerived(d: OwnerDerived): void {
    this.lastSeq = d.lastSeq;
    this.lastSeqAtMs = d.lastSeqAtMs;
    this.tickedSinceSeq = false;
    this.tripEventSeq = d.tripEventSeq;
    this.tripCreatedAt = d.tripCreatedAt;
    this.tripAudience = d.tripAudience;
    this.alertAudience = d.alertAudience;
    this.lastShownTs = d.lastShownTs;
    this.awaitingUnlock = d.awaitingUnlock;
    Object.assign(this.stats, d.stats);
  }

  /** Applies one input and hands its records over. */
  handle = (msg: BusMessage): void => {
    const { input, seq } = msg;
    const nowMs = parseIsoMs(input.at);
    if (input.type === 'tick') this.stats.ticks++;
    else this.stats.applied++;
    let outputs: EngineOutput[];
    let failed = false;
    try {
      outputs = this.engine.apply(input, nowMs);
    } catch (err) {
      failed = true;
      // A bad input must not stop the platform; the same input fails the same way on a rebuild.
      this.stats.errors++;
      this.onError(err, input, seq);
      outputs = [];
    }
    if (seq !== null) {
      this.lastSeq = seq;
      this.lastSeqAtMs = nowMs;
    }
    this.tickedSinceSeq = seq === null;
    if (input.type === 'gateEvent' && seq !== null && seq > this.storedUpTo) this.gates?.applied(input.data, outputs, failed ? null : this.engine.gateOutcome?.());
    // A tick belongs to the interval after the last stored input: stored already if that interval
    // is before the stored progress.
    const alreadyStored = seq !== null ? seq <= this.storedUpTo : this.lastSeq < this.storedUpTo;
    const refused = input.type === 'telemetry' ? this.engine.refusedSeals() : NONE;
    if (refused.length > 0 && !alreadyStored) {
      this.stats.refusedSeals += refused.length;
      for (const sealId of refused) this.onRefusedSeal((input.data as Telemetry).deviceId, sealId);
    }
    const records: OutputRecord[] = [];
    if (input.type === 'telemetry' && seq !== null) this.position(seq, input.at, input.data, records);
    const origin = this.originPrefix + (seq !== null ? `i${seq}` : `t${Math.floor(nowMs / 1000)}`);
    outputs.forEach((out, index) => this.output(out, seq, origin, index, records));
    if (input.type === 'telemetry') this.commandAcks(input.at, input.data, refused, records);
    if (seq !== null) records.push({ kind: 'progress', seq });
    this.stats.outputs += outputs.length;
    if (!alreadyStored && records.length) this.emit(records);
  };

  private position(seq: number, at: string, t: Telemetry, records: OutputRecord[]): void {
    const accepted = this.engine.acceptedPosition();
    let pos: PositionOutput;
    let live = false;
    if (accepted) {
      pos = accepted;
      const tsMs = parseIsoMs(accepted.ts);
      if (!(tsMs <= (this.lastShownTs.get(accepted.deviceId) ?? -Infinity))) {
        this.lastShownTs.set(accepted.deviceId, tsMs);
        live = true;
      }
    } else if (typeof t.lat === 'number' && typeof t.lon === 'number') {
      // Not accepted into live state (late, duplicate, imprecise or an outlier): history only.
      const tripId = this.engine.tripIdForDevice(t.deviceId);
      const plate = (tripId ? this.engine.getTrip(tripId)?.plate : undefined) ?? this.refs.plateOfDevice(t.deviceId) ?? '';
      pos = { tripId, plate, deviceId: t.deviceId, ts: t.ts, lat: t.lat, lon: t.lon };
      if (t.speedKmh !== undefined) pos.speedKmh = t.speedKmh;
      if (t.heading !== undefined) pos.heading = t.heading;
    } else {
      return;
    }
    const audience = pos.tripId ? this.tripAudienceOf(pos.tripId, pos.plate) : this.refs.audienceOfVehicle(pos.plate);
    records.push({ kind: 'position', inputSeq: seq, at, position: pos, live, audience });
  }

  private output(out: EngineOutput, seq: number | null, origin: string, index: number, records: OutputRecord[]): void {
    switch (out.type) {
      case 'trip': {
        const t = out.data;
        const n = (this.tripEventSeq.get(t.tripId) ?? 0) + 1;
        this.tripEventSeq.set(t.tripId, n);
        if (!this.tripCreatedAt.has(t.tripId)) this.tripCreatedAt.set(t.tripId, out.at);
        const view = this.engine.getTrip(t.tripId);
        const audience = this.refs.audienceOfTrip(t.plate, t.cnNos, view?.destination);
        this.tripAudience.set(t.tripId, audience);
        const rec: TripRecord = {
          kind: 'trip', inputSeq: seq, at: out.at, eventSeq: n, createdAt: this.tripCreatedAt.get(t.tripId)!, trip: t, view, audience,
        };
        records.push(rec);
        break;
      }
      case 'alert': {
        const a = out.data;
        const facility = typeof a.detail?.facility === 'string' ? a.detail.facility : null;
        const audience = a.tripId ? this.tripAudienceOf(a.tripId, a.plate) : this.refs.audienceOfVehicle(a.plate, facility);
        this.alertAudience.set(a.alertId, audience);
        records.push({ kind: 'alert', inputSeq: seq, at: out.at, alert: a, audience });
        break;
      }
      case 'alertCleared': {
        const c = out.data;
        const audience = this.alertAudience.get(c.alertId) ?? [];
        this.alertAudience.delete(c.alertId);
        records.push({ kind: 'alertCleared', inputSeq: seq, at: out.at, cleared: c, audience });
        break;
      }
      case 'alertUpdated':
        records.push({ kind: 'alertUpdated', inputSeq: seq, at: out.at, updated: out.data });
        break;
      case 'command': {
        this.awaitingUnlock.add(out.data.deviceId);
        records.push({ kind: 'command', inputSeq: seq, at: out.at, commandId: `${origin}-${index}`, command: out.data });
        break;
      }
    }
  }

  /** A seal reporting `unlocked` acknowledges its unlock; an OBU's word counts only for its own seals. */
  private commandAcks(at: string, t: Telemetry, refused: readonly string[], records: OutputRecord[]): void {
    if (this.awaitingUnlock.size === 0) return;
    const ack = (id: string) => {
      if (this.awaitingUnlock.delete(id)) records.push({ kind: 'commandAck', at, deviceId: id });
    };
    if (t.state === 'unlocked') ack(t.deviceId);
    for (const s of t.seals ?? []) if (s.state === 'unlocked' && !refused.includes(s.id)) ack(s.id);
  }

  private tripAudienceOf(tripId: string, plate: string): string[] {
    let a = this.tripAudience.get(tripId);
    if (!a) {
      const view: TripView | null = this.engine.getTrip(tripId);
      a = this.refs.audienceOfTrip(plate, view?.cnNos ?? [], view?.destination);
      this.tripAudience.set(tripId, a);
    }
    return a;
  }
}
