// Stored fixes read back for replay and history, with what the device reported beside the fix in
// the same telemetry: the OBU's battery and each seal's state and battery. Those are not columns of
// `positions`; they are read from the input the fix came from (engine_inputs.data, json) (positions.input_seq is its
// engine_inputs.seq), one primary-key lookup per fix.
import type { Queryable, Row } from '../store/db.ts';

export interface FixSeal {
  id: string;
  state: string | null;
  battery: number | null;
}

export interface Fix {
  ts: string;
  lat: number;
  lon: number;
  speedKmh: number | null;
  heading: number | null;
  deviceId: string;
  tripId: string | null;
  /** The OBU's battery, percent, when that report gave one. */
  battery: number | null;
  /** The lowest seal battery of that report, percent. */
  sealBattery: number | null;
  seals: FixSeal[];
}

/** The select list and join for `positions p` with its input `e`. */
export const FIX_COLUMNS = `p.ts, p.lat, p.lon, p.speed_kmh, p.heading, p.device_id, p.trip_id,
  case when json_typeof(e.data->'battery') = 'number' then (e.data->>'battery')::float8 end as battery,
  case when json_typeof(e.data->'seals') = 'array' then e.data->'seals' end as seals`;
export const FIX_JOIN = `left join engine_inputs e on e.seq = p.input_seq`;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function presentFix(r: Row): Fix {
  const seals: FixSeal[] = Array.isArray(r.seals)
    ? (r.seals as unknown[]).flatMap((s) => {
        if (!s || typeof s !== 'object') return [];
        const o = s as Record<string, unknown>;
        return typeof o.id === 'string' ? [{ id: o.id, state: typeof o.state === 'string' ? o.state : null, battery: num(o.battery) }] : [];
      })
    : [];
  const sealBatteries = seals.map((s) => s.battery).filter((b): b is number => b !== null);
  return {
    ts: new Date(r.ts as string).toISOString(),
    lat: r.lat as number,
    lon: r.lon as number,
    speedKmh: num(r.speed_kmh),
    heading: num(r.heading),
    deviceId: r.device_id as string,
    tripId: (r.trip_id as string | null) ?? null,
    battery: num(r.battery),
    sealBattery: sealBatteries.length ? Math.min(...sealBatteries) : null,
    seals,
  };
}

export async function readFixes(q: Queryable, where: string, params: unknown[], tail = ''): Promise<Fix[]> {
  const rows = await q.query(`select ${FIX_COLUMNS} from positions p ${FIX_JOIN} where ${where} order by p.ts, p.input_seq ${tail}`, params);
  return rows.map(presentFix);
}
