// Seals as the field apps see them: those a responsible person (or customs) may act on, and one
// seal's live state with the last unlock sent to it (sent, acknowledged when the seal reported
// `unlocked`), which is what the app shows after a manual unseal.
import type { AppContext } from '../platform.ts';
import { isCustoms, type Principal } from '../auth/roles.ts';
import { presentCommand, type CommandView } from '../monitor/command-view.ts';
import { holdsStorageCodeSql } from '../access/policy.ts';
import type { Row } from '../store/db.ts';
import { liveEngine, relatedToNote } from './seal-trip.ts';

export interface FieldSeal {
  sealId: string;
  cnNo: string;
  containerNo: string;
  plate: string;
  origin: string;
  destination: string;
  tripId: string | null;
  tripState: string | null;
  state: string | null;
  lastTs: string | null;
}



function sealOf(ctx: AppContext, r: Row): FieldSeal {
  const engine = liveEngine(ctx);
  const tripId = engine?.tripIdForDevice(r.seal_no) ?? null;
  const view = tripId ? engine!.getTrip(tripId) : null;
  const seal = view?.seals.find((s) => s.id === r.seal_no);
  return {
    sealId: r.seal_no,
    cnNo: r.cn_no,
    containerNo: r.container_no,
    plate: r.plate,
    origin: r.origin,
    destination: r.destination,
    tripId: view?.tripId ?? r.trip_id ?? null,
    tripState: view?.state ?? r.trip_state ?? null,
    state: seal?.state ?? null,
    lastTs: seal?.lastTs ?? null,
  };
}

const BASE = `select s.seal_no, s.container_no, t.cn_no, t.plate, t.origin, t.destination,
    (select tr.trip_id from trips tr where s.seal_no = any(tr.seal_ids) and tr.state not in ('closed','cancelled') order by tr.created_at desc limit 1) as trip_id,
    (select tr.state from trips tr where s.seal_no = any(tr.seal_ids) and tr.state not in ('closed','cancelled') order by tr.created_at desc limit 1) as trip_state
  from transport_note_seals s join transport_notes t on t.cn_no = s.cn_no
  where t.status = 'live'`;

/** Seals on live notes the caller may unseal: customs all; a responsible person those of their facilities. */
export async function fieldSeals(ctx: AppContext, p: Principal, search?: string, limit = 200): Promise<FieldSeal[]> {
  const params: unknown[] = [limit];
  let where = ' and t.closed_at is null';
  if (search) {
    params.push(`%${search.replace(/[%_\\]/g, '').toUpperCase()}%`);
    where += ` and (upper(s.seal_no) like $${params.length} or s.container_no like $${params.length} or t.plate like $${params.length} or t.cn_no like $${params.length})`;
  }
  if (!isCustoms(p)) {
    params.push(p.companyUbn, p.storageCodes);
    const [ubn, codes] = [`$${params.length - 1}`, `$${params.length}::text[]`];
    where += ` and exists (select 1 from facilities f where f.code in (t.origin, t.destination)
      and (f.operator_ubn = ${ubn} or ${holdsStorageCodeSql('f', ubn, codes)}))`;
  }
  const rows = await ctx.db.query(`${BASE} ${where} order by t.updated_at desc, s.seal_no limit $1`, params);
  return rows.map((r) => sealOf(ctx, r));
}

/** One seal (its newest note, finished or not), if the caller may act on it (else null: answered 404). */
export async function fieldSeal(ctx: AppContext, p: Principal, sealId: string): Promise<(FieldSeal & { unlock: CommandView | null }) | null> {
  const [r] = await ctx.db.query(`${BASE} and s.seal_no = $1 order by t.updated_at desc limit 1`, [sealId]);
  if (!r || !(await relatedToNote(ctx.db, p, { origin: r.origin, destination: r.destination }))) return null;
  const [cmd] = await ctx.db.query(
    `select * from commands where device_id = $1 and command = 'unlock' order by at desc, command_id desc limit 1`,
    [sealId],
  );
  return {
    ...sealOf(ctx, r),
    unlock: cmd ? presentCommand(cmd) : null,
  };
}
