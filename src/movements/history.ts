// A container's whole history from the store: its yard events, gate passages, the trips that
// carried it, its declarations' clearance statuses and the movement alerts about it, as one
// timeline (src/core/movements/timeline.ts), with where it is now.
import type { TripView } from '../core/types.ts';
import { buildTimeline, movementStatus, type TimelineEntry } from '../core/movements/timeline.ts';
import { presentAlert } from '../monitor/present.ts';
import type { Queryable, Row } from '../store/db.ts';
import { presentClearance } from './clearances.ts';

const iso = (v: unknown): string => new Date(v as string).toISOString();

export interface ContainerHistory {
  containerNo: string;
  status: ReturnType<typeof movementStatus>['status'];
  lastEventAt: string | null;
  facility: string | null;
  trip: { tripId: string; state: string; plate: string } | null;
  lastPosition: { lat: number; lon: number; ts: string } | null;
  timeline: TimelineEntry[];
  clearances: ReturnType<typeof presentClearance>[];
  alerts: ReturnType<typeof presentAlert>[];
  /** The facilities named in the timeline, with their area's centre, for the map. */
  places: { code: string; name: string; kind: string; lat: number; lon: number }[];
}

export async function containerHistory(db: Queryable, containerNo: string, liveTrip?: (tripId: string) => TripView | null): Promise<ContainerHistory> {
  const [yard, gates, trips, clearances, history, alerts] = await Promise.all([
    db.query('select * from yard_events where container_no = $1 order by at, id limit 2000', [containerNo]),
    db.query('select * from gate_passages where $1 = any(container_nos) order by received_at limit 2000', [containerNo]),
    db.query('select * from trips where $1 = any(container_nos) order by created_at limit 200', [containerNo]),
    db.query('select * from clearances where $1 = any(container_nos) order by status_at', [containerNo]),
    db.query(
      `select h.* from clearance_history h join clearances c on c.declaration_no = h.declaration_no
       where $1 = any(c.container_nos) order by h.status_at, h.id`,
      [containerNo],
    ),
    db.query(
      `select * from alerts where detail->>'containerNo' = $1 or trip_id in (select trip_id from trips where $1 = any(container_nos))
       order by opened_at limit 500`,
      [containerNo],
    ),
  ]);
  const tripIds = trips.map((t) => t.trip_id as string);
  const events = tripIds.length
    ? await db.query('select trip_id, at, state from trip_events where trip_id = any($1) order by trip_id, seq', [tripIds])
    : [];
  const timeline = buildTimeline({
    yard: yard.map((y) => ({ at: iso(y.at), facility: y.facility, event: y.event, equipmentId: y.equipment_id, position: y.position })),
    gates: gates.map((g) => ({
      at: iso(g.captured_at ?? g.received_at), id: g.id, facility: g.facility, lane: g.lane, direction: g.direction, plate: g.plate,
      decision: g.decision, reasons: (g.reasons as { code: string }[]).map((r) => r.code), officerDecision: g.officer_decision,
      images: g.images, tripId: g.trip_id,
    })),
    trips: trips.map((t) => ({
      tripId: t.trip_id, plate: t.plate, origin: t.origin, destination: t.destination,
      events: events.filter((e) => e.trip_id === t.trip_id).map((e) => ({ at: iso(e.at), state: e.state })),
    })),
    clearances: history.map((h) => ({
      at: iso(h.status_at), declarationNo: h.declaration_no, kind: (h.record as Row).kind, status: h.status, releaseCode: (h.record as Row).releaseCode,
    })),
  });
  const where = movementStatus(timeline);
  const last = trips.at(-1);
  const live = last ? (liveTrip?.(last.trip_id) ?? (last.view as TripView | null)) : null;
  const codes = [...new Set(timeline.map((e) => e.facility).filter((f): f is string => !!f))];
  const facilities = codes.length ? await db.query(`select code, name, kind, body->'area' as area from facilities where code = any($1)`, [codes]) : [];
  return {
    containerNo,
    status: where.status,
    lastEventAt: where.lastEventAt,
    facility: where.facility,
    trip: last ? { tripId: last.trip_id, state: live?.state ?? last.state, plate: last.plate } : null,
    lastPosition: live?.lastPosition ? { lat: live.lastPosition.lat, lon: live.lastPosition.lon, ts: live.lastPosition.ts } : null,
    timeline,
    clearances: clearances.map(presentClearance),
    alerts: alerts.map(presentAlert),
    places: facilities.map(place),
  };
}

/** A facility as a point on the map: the middle of its area's bounding box. */
function place(f: Row) {
  const coords: number[][] = JSON.stringify(f.area).match(/-?\d+(\.\d+)?,-?\d+(\.\d+)?/g)?.map((p) => p.split(',').map(Number)) ?? [];
  const lons = coords.map((c) => c[0]);
  const lats = coords.map((c) => c[1]);
  const mid = (v: number[]) => (v.length ? (Math.min(...v) + Math.max(...v)) / 2 : 0);
  return { code: f.code as string, name: f.name as string, kind: f.kind as string, lat: mid(lats), lon: mid(lons) };
}

/** The trader query (CONTRACT section 9): a declaration's clearance and where each of its containers is. */
export async function declarationStatus(db: Queryable, clearance: Row, liveTrip?: (tripId: string) => TripView | null) {
  const containers = await Promise.all(
    (clearance.container_nos as string[]).map(async (no) => {
      const h = await containerHistory(db, no, liveTrip);
      return {
        containerNo: no,
        status: h.status,
        ...(h.trip ? { tripId: h.trip.tripId, tripState: h.trip.state } : {}),
        ...(h.lastPosition ? { lastPosition: h.lastPosition } : {}),
        lastEventAt: h.lastEventAt,
      };
    }),
  );
  return { declarationNo: clearance.declaration_no as string, clearance: presentClearance(clearance), containers };
}
