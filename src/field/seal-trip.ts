// A seal's live transport note and trip, and who in the field is related to them. Shared by the
// offline unseal, the driver's task and the seal status the apps show.
import type { AppContext } from '../platform.ts';
import { isCustoms, type Principal } from '../auth/roles.ts';
import type { TripView } from '../core/types.ts';
import { codedFacilities, mayUnsealAt } from '../access/policy.ts';
import type { Queryable, Row } from '../store/db.ts';

export interface LiveEngineView {
  getTrip(tripId: string): TripView | null;
  tripIdForDevice(deviceId: string): string | null;
  tripForPlate(plate: string): TripView | null;
}

/** The running engine's read-only queries, when the monitor runs in this process. */
export function liveEngine(ctx: Pick<AppContext, 'services'>): LiveEngineView | null {
  return ctx.services.monitor?.engine ?? null;
}

/** The live (not cancelled, not closed) transport note holding this seal number, with its container. */
export async function liveNoteOfSeal(q: Queryable, sealId: string): Promise<Row | undefined> {
  const [row] = await q.query(
    `select t.*, s.container_no from transport_note_seals s join transport_notes t on t.cn_no = s.cn_no
     where s.seal_no = $1 and t.status = 'live' and t.closed_at is null
     order by t.updated_at desc limit 1`,
    [sealId],
  );
  return row;
}

export interface SealTrip {
  tripId: string;
  state: string;
  view: TripView | null;
}

/** The trip in progress the seal belongs to: the engine's word when it runs here, else the stored trips. */
export async function liveTripOfSeal(ctx: Pick<AppContext, 'db' | 'services'>, sealId: string): Promise<SealTrip | null> {
  const engine = liveEngine(ctx);
  const id = engine?.tripIdForDevice(sealId) ?? null;
  if (engine && id) {
    const view = engine.getTrip(id);
    if (view && view.state !== 'closed' && view.state !== 'cancelled') return { tripId: id, state: view.state, view };
  }
  const [row] = await ctx.db.query(
    `select trip_id, state, view from trips where $1 = any(seal_ids) and state not in ('closed', 'cancelled')
     order by created_at desc limit 1`,
    [sealId],
  );
  return row ? { tripId: row.trip_id, state: row.state, view: (row.view as TripView | null) ?? null } : null;
}

/**
 * A responsible person is related to a note when their company operates its origin or destination,
 * or they hold a storage code of one of them that counts (src/access/facilities.ts: never one
 * of another company's facility). Customs is related to every note.
 */
export async function relatedToNote(q: Queryable, p: Principal, note: { origin: string; destination: string }): Promise<boolean> {
  if (isCustoms(p)) return true;
  return mayUnsealAt(p, await codedFacilities(q, [note.origin, note.destination]));
}
