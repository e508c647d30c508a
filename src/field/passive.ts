// The passive seals a person has to read today: at an origin they answer for, the seals of live
// transport notes not yet applied; at a destination they answer for, the seals applied (or whose trip
// left) and not yet removed. A passive seal is every seal that is not a truck e-seal (eseal,
// epaper_seal, other): it reports nothing itself and is known only by its reads (CONTRACT §8).
// Customs sees every such container, on the side where work is left.
import type { AppContext } from '../platform.ts';
import { isCustoms, type Principal } from '../auth/roles.ts';
import { answersForWhere } from '../access/policy.ts';
import { liveEngine } from './seal-trip.ts';

export type TaskSide = 'origin' | 'destination';

export interface PassiveSealState {
  sealNo: string;
  applied: boolean;
  checked: boolean;
  removed: boolean;
  /** The latest read of the seal on this note: when, where. */
  lastReadAt: string | null;
  lastFacility: string | null;
}

export interface PassiveTask {
  side: TaskSide;
  /** The facility the reads are taken at (the origin or the destination). */
  facility: string;
  facilityName: string | null;
  cnNo: string;
  containerNo: string;
  sealType: string;
  plate: string;
  origin: string;
  originName: string | null;
  destination: string;
  destinationName: string | null;
  tripId: string | null;
  tripState: string | null;
  seals: PassiveSealState[];
}

const LEFT = new Set(['in_transit', 'arrived']);

export async function passiveTasks(ctx: AppContext, p: Principal, limit = 200): Promise<PassiveTask[]> {
  const params: unknown[] = [limit];
  const customs = isCustoms(p);
  const atOrigin = customs ? 'true' : answersForWhere(p, 'o', params);
  const atDest = customs ? 'true' : answersForWhere(p, 'd', params);
  const notes = await ctx.db.query(
    `select t.cn_no, t.plate, t.origin, t.destination, t.body, o.name as origin_name, d.name as destination_name,
            ${atOrigin} as at_origin, coalesce(${atDest}, false) as at_destination
     from transport_notes t join facilities o on o.code = t.origin left join facilities d on d.code = t.destination
     where t.status = 'live' and t.closed_at is null and (${atOrigin} or coalesce(${atDest}, false))
     order by t.created_at limit $1`,
    params,
  );
  if (notes.length === 0) return [];
  const reads = await ctx.db.query(
    `select cn_no, seal_no, event, facility, read_at from seal_reads where cn_no = any($1::text[]) order by read_at`,
    [notes.map((n) => n.cn_no)],
  );
  const engine = liveEngine(ctx);
  const out: PassiveTask[] = [];
  for (const n of notes) {
    const trip = engine?.tripForPlate(n.plate) ?? null;
    const view = trip && trip.cnNos.includes(n.cn_no) ? trip : null;
    for (const c of n.body.containers as { no: string; sealType: string; sealNos: string[] }[]) {
      if (c.sealType === 'truck_eseal' || c.sealNos.length === 0) continue;
      const seals = c.sealNos.map((sealNo): PassiveSealState => {
        const mine = reads.filter((r) => r.cn_no === n.cn_no && r.seal_no === sealNo);
        const last = mine[mine.length - 1];
        return {
          sealNo,
          applied: mine.some((r) => r.event === 'applied'),
          checked: mine.some((r) => r.event === 'checked'),
          removed: mine.some((r) => r.event === 'removed'),
          lastReadAt: last ? new Date(last.read_at).toISOString() : null,
          lastFacility: last?.facility ?? null,
        };
      });
      const base = {
        cnNo: n.cn_no,
        containerNo: c.no,
        sealType: c.sealType,
        plate: n.plate,
        origin: n.origin,
        originName: n.origin_name ?? null,
        destination: n.destination,
        destinationName: n.destination_name ?? null,
        tripId: view?.tripId ?? null,
        tripState: view?.state ?? null,
        seals,
      };
      const started = seals.some((s) => s.applied) || LEFT.has(view?.state ?? '');
      const toApply = seals.some((s) => !s.applied) && !LEFT.has(view?.state ?? '');
      const toRemove = started && seals.some((s) => !s.removed);
      if (n.at_origin && toApply) out.push({ side: 'origin', facility: n.origin, facilityName: n.origin_name ?? null, ...base });
      else if (n.at_destination && toRemove) out.push({ side: 'destination', facility: n.destination, facilityName: n.destination_name ?? null, ...base });
    }
  }
  return out;
}
