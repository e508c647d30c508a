// Who sees monitoring data (trips, their positions, alerts, container status): customs everything;
// a company what names it in `visible_to`, filled by the monitor from the engine's inputs: the
// vehicle's fleet, the senders of the trip's CNs and the operators of its destinations.
import { isCustoms, type Principal } from '../auth/roles.ts';
import type { StreamScope } from '../stream/hub.ts';

/** A SQL condition on `<alias>.visible_to` for this caller (null for customs), appending its parameter. */
export function visibleCondition(p: Principal, alias: string, params: unknown[]): string | null {
  if (isCustoms(p)) return null;
  params.push(p.companyUbn);
  return `$${params.length} = any(${alias}.visible_to)`;
}

export function canSee(p: Principal, visibleTo: readonly string[] | null | undefined): boolean {
  return isCustoms(p) || (visibleTo ?? []).includes(p.companyUbn);
}

export function streamScopeOf(p: Principal): StreamScope {
  return { all: isCustoms(p), companyUbn: p.companyUbn };
}
