// What a responsible person has to confirm: the containers of live transport notes that require
// the sealing confirmation, not yet confirmed, leaving a facility whose storage code they hold (the
// same rule as the confirmation itself). Customs sees them all. Each comes with its seals' live
// state, so the person sees which are locked (the note's trip is `sealed`) and ready.
import type { AppContext } from '../platform.ts';
import { isCustoms, type Principal } from '../auth/roles.ts';
import type { TripView } from '../core/types.ts';
import { holdsStorageCodeSql } from '../access/policy.ts';
import { liveEngine } from './seal-trip.ts';

export interface PendingContainer {
  cnNo: string;
  containerNo: string;
  sealType: string;
  sealNos: string[];
  plate: string;
  driverId: string;
  origin: string;
  originName: string | null;
  destination: string;
  destinationName: string | null;
  acceptedAt: string;
  tripId: string | null;
  tripState: string | null;
  /** Every seal of the container reported locked. */
  sealsLocked: boolean;
  seals: { id: string; state: string | null }[];
}

export async function pendingConfirmations(ctx: AppContext, p: Principal, limit = 200): Promise<PendingContainer[]> {
  const params: unknown[] = [limit];
  let scope = '';
  if (!isCustoms(p)) {
    params.push(p.companyUbn, p.storageCodes);
    scope = `and ${holdsStorageCodeSql('f', '$2', '$3::text[]')}`;
  }
  const notes = await ctx.db.query(
    `select t.*, f.name as origin_name, d.name as destination_name
     from transport_notes t join facilities f on f.code = t.origin left join facilities d on d.code = t.destination
     where t.status = 'live' and t.closed_at is null and t.requires_confirmation and t.confirmed_at is null ${scope}
     order by t.created_at limit $1`,
    params,
  );
  const engine = liveEngine(ctx);
  const stored = new Map<string, TripView>();
  if (!engine && notes.length) {
    const rows = await ctx.db.query(`select view from trips where cn_nos && $1::text[] and state not in ('closed','cancelled')`, [notes.map((n) => n.cn_no)]);
    for (const r of rows) for (const cn of (r.view as TripView | null)?.cnNos ?? []) stored.set(cn, r.view as TripView);
  }
  const out: PendingContainer[] = [];
  for (const n of notes) {
    const trip = engine ? engine.tripForPlate(n.plate) : (stored.get(n.cn_no) ?? null);
    const view = trip && trip.cnNos.includes(n.cn_no) ? trip : null;
    const states = new Map((view?.seals ?? []).map((s) => [s.id, s.state]));
    for (const c of n.body.containers as { no: string; sealType: string; sealNos: string[] }[]) {
      const seals = c.sealNos.map((id) => ({ id, state: states.get(id) ?? null }));
      out.push({
        cnNo: n.cn_no,
        containerNo: c.no,
        sealType: c.sealType,
        sealNos: c.sealNos,
        plate: n.plate,
        driverId: n.driver_id,
        origin: n.origin,
        originName: n.origin_name ?? null,
        destination: n.destination,
        destinationName: n.destination_name ?? null,
        acceptedAt: new Date(n.created_at).toISOString(),
        tripId: view?.tripId ?? null,
        tripState: view?.state ?? null,
        sealsLocked: seals.length > 0 && seals.every((s) => s.state === 'locked'),
        seals,
      });
    }
  }
  return out;
}
