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
 * Alerts that open once per thing they are about (a seal, a facility) on a trip, with no state in
 * the trip record: the set lives as long as the trip object does.
 */
export class OncePerTrip {
  private readonly seen = new WeakMap<object, Set<string>>();

  /** True the first time `key` is seen for `trip`. */
  first(trip: object, key: string): boolean {
    let set = this.seen.get(trip);
    if (set === undefined) this.seen.set(trip, (set = new Set()));
    if (set.has(key)) return false;
    set.add(key);
    return true;
  }
}
