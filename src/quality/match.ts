// Matching the alerts the engine raised to the incidents the simulator injected.
//
// An alert matches an incident of the same type on the same trip (by the engine's trip id → its
// CN numbers, or the alert's CN numbers, or the plate) when it opened within
// [startAt − 1 interval, endAt + rule window + 2 intervals]. The interval of slack before startAt
// is there because startAt is the true moment (a boundary crossed, a battery passing 20 %) and a
// jittered fix may show it one report early. Each incident takes one alert; a second alert for an
// episode already matched is a false alert (an episode must open once).
import type { AlertOutput, EngineOutput, TripOutput } from '../core/types.ts';
import type { Incident, SimTrip } from '../sim/types.ts';

export interface RaisedAlert {
  atMs: number;
  alert: AlertOutput;
}

export interface Match {
  incident: Incident;
  alert: RaisedAlert;
  delayS: number;
}

export interface FalseAlert {
  alert: RaisedAlert;
  /** The simulated trip it concerns, when one can be told. */
  simTripId: string | null;
  reason: 'no_incident' | 'duplicate' | 'outside_window';
}

export interface MatchResult {
  matches: Match[];
  missed: Incident[];
  falseAlerts: FalseAlert[];
}

/** Collects what matching needs from the engine's outputs as they stream past. */
export class OutputCollector {
  readonly alerts: RaisedAlert[] = [];
  /** Engine trip id → CN numbers seen on it. */
  readonly tripCns = new Map<string, Set<string>>();

  add(o: EngineOutput, atMs: number): void {
    if (o.type === 'alert') this.alerts.push({ atMs, alert: o.data });
    else if (o.type === 'trip') this.noteTrip(o.data);
  }

  private noteTrip(t: TripOutput): void {
    let set = this.tripCns.get(t.tripId);
    if (!set) this.tripCns.set(t.tripId, (set = new Set()));
    for (const c of t.cnNos) set.add(c);
  }
}

export function matchAlerts(collected: OutputCollector, trips: readonly SimTrip[], intervalS: number): MatchResult {
  const byCn = new Map<string, SimTrip>();
  const byPlate = new Map<string, SimTrip[]>();
  for (const t of trips) {
    for (const c of t.cnNos) byCn.set(c, t);
    for (const p of new Set(t.incidents.flatMap((i) => i.plates).concat(t.plate))) {
      const list = byPlate.get(p) ?? [];
      list.push(t);
      byPlate.set(p, list);
    }
  }
  const slackMs = intervalS * 1000;
  const windowEnd = (i: Incident) => i.endMs + i.windowS * 1000 + 2 * slackMs;
  const inWindow = (i: Incident, atMs: number) => atMs >= i.startMs - slackMs && atMs <= windowEnd(i);

  /**
   * The simulated trips an alert may concern: those of its CNs (directly or through the engine's
   * trip), and those of its plate around that time (a lane that misreads a plate may name another
   * truck that is on a trip of its own).
   */
  const tripsOf = (a: AlertOutput, atMs: number): SimTrip[] => {
    const cns = new Set(a.cnNos);
    if (a.tripId) for (const c of collected.tripCns.get(a.tripId) ?? []) cns.add(c);
    const found = [...cns].map((c) => byCn.get(c)).filter((t): t is SimTrip => !!t);
    const byTime = (byPlate.get(a.plate) ?? []).filter((t) => atMs >= t.startMs - 3_600_000 && atMs <= t.endMs + 3_600_000);
    return [...new Set([...found, ...byTime])];
  };

  const taken = new Set<Incident>();
  const matches: Match[] = [];
  const falseAlerts: FalseAlert[] = [];
  const alerts = [...collected.alerts].sort((x, y) => x.atMs - y.atMs);
  for (const ra of alerts) {
    const candidates = tripsOf(ra.alert, ra.atMs);
    const sameType = candidates.flatMap((t) => t.incidents).filter((i) => i.alertType === ra.alert.alertType);
    const open = sameType.filter((i) => !taken.has(i) && inWindow(i, ra.atMs)).sort((x, y) => x.startMs - y.startMs);
    if (open.length > 0) {
      const incident = open[0];
      taken.add(incident);
      matches.push({ incident, alert: ra, delayS: (ra.atMs - incident.startMs) / 1000 });
      continue;
    }
    const reason = sameType.some((i) => taken.has(i) && inWindow(i, ra.atMs)) ? 'duplicate' : sameType.length ? 'outside_window' : 'no_incident';
    falseAlerts.push({ alert: ra, simTripId: candidates[0]?.simTripId ?? null, reason });
  }
  const missed = trips.flatMap((t) => t.incidents).filter((i) => !taken.has(i));
  return { matches, missed, falseAlerts };
}
