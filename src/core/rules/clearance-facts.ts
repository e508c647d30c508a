// What the movement rules read of a container's clearances (CONTRACT section 9): the latest
// clearance of some kinds by statusAt, and whether a release code binds the container to a CN.
import type { Clearance, ClearanceKind } from '../types.ts';

/** The clearance of one of `kinds` with the latest statusAt (the last to arrive on a tie), or null. */
export function latestClearance(list: readonly Clearance[], kinds: readonly ClearanceKind[]): Clearance | null {
  let best: Clearance | null = null;
  let bestMs = -Infinity;
  for (const c of list) {
    if (!kinds.includes(c.kind)) continue;
    const ms = Date.parse(c.statusAt);
    if (ms >= bestMs) {
      best = c;
      bestMs = ms;
    }
  }
  return best;
}

/** Release codes under which a container may only travel under a CN with seals. */
export const CN_RELEASE_CODES: readonly string[] = ['1', 'B'];

export function requiresCn(c: Clearance | null): boolean {
  return c !== null && c.status !== 'cancelled' && c.releaseCode !== undefined && CN_RELEASE_CODES.includes(c.releaseCode.toUpperCase());
}

/** Facilities whose gates let containers out of customs control: port terminals and container yards. */
export const CONTROLLED_KINDS: readonly string[] = ['port_terminal', 'container_yard'];

/** The detail every movement alert carries: where and how the container was seen. */
export function sightingDetail(c: { containerNo: string; via: string; event: string; facility: string | null; lane: string | null; plate: string | null }) {
  return { containerNo: c.containerNo, via: c.via, event: c.event, facility: c.facility, lane: c.lane, plate: c.plate };
}
