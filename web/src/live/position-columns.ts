// Decodes /stream positions into columns in the stream worker: one slot per vehicle (its plate),
// the latest fix per slot kept until the next hand-over to the page.
import type { PositionColumns, SlotIdentity } from './stream-protocol.ts';

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const finite = (v: unknown): number | null => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
};

export class PositionDecoder {
  private slots = new Map<string, SlotIdentity>();
  /** Latest fix per slot since the last take(), by slot. */
  private pending = new Map<number, [number, number, number, number, number]>();
  private identities: SlotIdentity[] = [];

  get size(): number {
    return this.pending.size;
  }

  /** One position object from the stream; false when it lacks a plate or a usable place. */
  add(raw: unknown): boolean {
    if (!raw || typeof raw !== 'object') return false;
    const r = raw as Record<string, unknown>;
    const plate = text(r.plate);
    const lat = finite(r.lat);
    const lon = finite(r.lon);
    if (!plate || lat === null || lon === null || lat < -90 || lat > 90 || lon < -180 || lon > 180) return false;
    const tripId = text(r.tripId);
    let id = this.slots.get(plate);
    if (!id) {
      id = { slot: this.slots.size, plate, tripId, deviceId: text(r.deviceId) };
      this.slots.set(plate, id);
      this.identities.push(id);
    } else if (id.tripId !== tripId) {
      id = { ...id, tripId };
      this.slots.set(plate, id);
      this.identities.push(id);
    }
    const ts = typeof r.ts === 'string' ? Date.parse(r.ts) : NaN;
    this.pending.set(id.slot, [lon, lat, ts, finite(r.speedKmh) ?? NaN, finite(r.heading) ?? NaN]);
    return true;
  }

  /** The pending fixes as columns (and the slots named since the last take), emptying the batch. */
  take(): { columns: PositionColumns; identities: SlotIdentity[] } {
    const n = this.pending.size;
    const c: PositionColumns = {
      slot: new Uint32Array(n),
      lon: new Float64Array(n),
      lat: new Float64Array(n),
      ts: new Float64Array(n),
      speedKmh: new Float32Array(n),
      heading: new Float32Array(n),
    };
    let i = 0;
    for (const [slot, [lon, lat, ts, speed, heading]] of this.pending) {
      c.slot[i] = slot;
      c.lon[i] = lon;
      c.lat[i] = lat;
      c.ts[i] = ts;
      c.speedKmh[i] = speed;
      c.heading[i] = heading;
      i++;
    }
    this.pending.clear();
    const identities = this.identities;
    this.identities = [];
    return { columns: c, identities };
  }
}

export const transferables = (c: PositionColumns): ArrayBuffer[] => [c.slot.buffer, c.lon.buffer, c.lat.buffer, c.ts.buffer, c.speedKmh.buffer, c.heading.buffer] as ArrayBuffer[];
