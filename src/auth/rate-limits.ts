// How fast a caller may use the API. An API key may be given a rate of its own, but never an
// unbounded one: the cap follows the key's most trusted role, so that a misconfigured or stolen key
// cannot take the server's capacity from everybody else.
import type { Role } from './roles.ts';

/** Requests per minute per key, session or address when nothing else is set. */
export const DEFAULT_RATE_PER_MIN = 6000;

/** The highest rate a key holding the role may be given, requests per minute. */
export const RATE_CAP_PER_MIN: Readonly<Record<Role, number>> = Object.freeze({
  customs_admin: 60_000,
  customs_officer: 30_000,
  // Yard and fleet systems poll positions and alerts for whole fleets.
  yard_operator: 30_000,
  fleet_operator: 30_000,
  trader: 12_000,
  supplier: 12_000,
  responsible_person: DEFAULT_RATE_PER_MIN,
  driver: DEFAULT_RATE_PER_MIN,
  judicial: DEFAULT_RATE_PER_MIN,
});

/** The cap for a key with these roles: that of its most trusted role. */
export function rateCapFor(roles: readonly Role[]): number {
  return Math.max(DEFAULT_RATE_PER_MIN, ...roles.map((r) => RATE_CAP_PER_MIN[r] ?? DEFAULT_RATE_PER_MIN));
}

/** Highest cap of any role: the schema's bound on a key's rate. */
export const MAX_RATE_PER_MIN = Math.max(...Object.values(RATE_CAP_PER_MIN));
