// Facts about passive-seal trips that several rules share (CONTRACT section 8): where a read was
// taken relative to its trip, and whether the trip was on the road when it was taken.
import type { RuleTrip } from './rule.ts';

/** The trip had departed and not yet arrived at `ms` (a late read is judged at its own time). */
export function inTransitAt(trip: RuleTrip, ms: number): boolean {
  return trip.departedAtMs <= ms && !(trip.arrivedAtMs <= ms);
}

/** A place where the trip's seals are expected to be read: its origin, destination or a checkpoint. */
export function isTripPlace(trip: RuleTrip, facility: string): boolean {
  return facility === trip.origin || facility === trip.destination || trip.cpCodes.includes(facility);
}

/** Where a seal is checked on the way and at the end: a checkpoint or the destination. */
export function isCheckPlace(trip: RuleTrip, facility: string): boolean {
  return facility === trip.destination || trip.cpCodes.includes(facility);
}

/**
 * The seal numbers the trip's live CNs bind to a container (normalised number), or null if it
 * carries no such container (with `passiveOnly`: no such container sealed with passive seals).
 */
export function sealsOfContainer(
  trip: RuleTrip, containerNo: string, normalize: (no: string) => string, passiveOnly = false,
): string[] | null {
  let found: string[] | null = null;
  for (const cn of trip.cns) {
    if (cn.cancelled) continue;
    for (const c of cn.note.containers ?? []) {
      if (normalize(c.no) !== containerNo || (passiveOnly && c.sealType === 'truck_eseal')) continue;
      found = found ?? [];
      for (const s of c.sealNos ?? []) if (!found.includes(s)) found.push(s);
    }
  }
  return found;
}

/**
 * Alerts that open once per thing they are about (a seal, a facility) on a trip. The keys seen live
 * on the trip record (`onceSeen`, one set shared by every user, each under its own name), so they
 * are part of the engine state a snapshot carries, and leave memory with the trip.
 */
export class OncePerTrip {
  constructor(private readonly name: string) {}

  /** True the first time `key` is seen for `trip`. */
  first(trip: Pick<RuleTrip, 'onceSeen'>, key: string): boolean {
    const k = `${this.name}\u0000${key}`;
    let set = trip.onceSeen;
    if (set === undefined || set === null) trip.onceSeen = set = new Set();
    if (set.has(k)) return false;
    set.add(k);
    return true;
  }
}
