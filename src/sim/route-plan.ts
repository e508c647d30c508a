// A route prepared for driving: its path with distances, where the path runs through facility
// areas, where a truck parks at each end, the road class along it, and the facilities a
// misbehaving truck could visit.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { resolveParams } from '../core/alert-params.ts';
import type { AlertParams, Facility, FacilityKind, Route } from '../core/types.ts';
import { distanceToBoundaryM, deepestPoint, insideArea, Polyline, signedDepthM, type LonLat } from './geo.ts';
import { roadClassAt, type RoadClass } from './road.ts';
import type { World } from './world.ts';

/** A stretch of the path inside one facility area. */
export interface Passage {
  code: string;
  kind: FacilityKind;
  from: number;
  to: number;
}

/** A facility the route does not authorise, close enough for a truck to turn into. */
export interface VisitCandidate {
  facility: Facility;
  /** Where to park: deep inside the area, so GPS jitter keeps the fixes inside. */
  point: LonLat;
  depth: number;
  /** Projection of the parking point on the path. */
  along: number;
  /** Distance from the path to the parking point. */
  offsetM: number;
}

const SAMPLE_M = 10;
/** How far from the path a facility may be for a truck to make a detour into it. */
const VISIT_REACH_M = 3000;

interface BBox {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

function bboxOf(area: Polygon | MultiPolygon): BBox {
  const b: BBox = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  const polys = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  for (const rings of polys) {
    for (const [x, y] of rings[0]) {
      b.minX = Math.min(b.minX, x);
      b.maxX = Math.max(b.maxX, x);
      b.minY = Math.min(b.minY, y);
      b.maxY = Math.max(b.maxY, y);
    }
  }
  return b;
}

function inBox(b: BBox, p: Position, marginDeg = 0): boolean {
  return p[0] >= b.minX - marginDeg && p[0] <= b.maxX + marginDeg && p[1] >= b.minY - marginDeg && p[1] <= b.maxY + marginDeg;
}

/** Facilities with their bounding boxes, for "which areas hold this point" without an index. */
export class FacilityLookup {
  private readonly items: { f: Facility; box: BBox }[];

  constructor(facilities: readonly Facility[]) {
    this.items = facilities.map((f) => ({ f, box: bboxOf(f.area) }));
  }

  get all(): Facility[] {
    return this.items.map((i) => i.f);
  }

  containing(p: Position): Facility[] {
    return this.items.filter((i) => inBox(i.box, p) && insideArea(p, i.f.area)).map((i) => i.f);
  }

  /** Metres from p to the nearest facility area (0 inside one), looking no farther than `within`. */
  nearestDistance(p: Position, within = 5000): number {
    const marginDeg = within / 100_000;
    let best = Infinity;
    for (const { f, box } of this.items) {
      if (!inBox(box, p, marginDeg)) continue;
      if (insideArea(p, f.area)) return 0;
      best = Math.min(best, distanceToBoundaryM(p, f.area));
    }
    return best;
  }

  get(code: string): Facility | undefined {
    return this.items.find((i) => i.f.code === code)?.f;
  }
}

/** The reading of CONTRACT section 5 the engine applies: customs' own stations are never unauthorised. */
export function authorisedFor(route: Route, f: Facility): boolean {
  if (f.kind === 'rest_area' || f.kind === 'inspection_station' || f.kind === 'checkpoint') return true;
  return f.code === route.origin || f.code === route.destination || (route.checkpoints ?? []).includes(f.code);
}

export class RoutePlan {
  readonly route: Route;
  readonly path: Polyline;
  readonly corridorM: number;
  readonly params: AlertParams;
  readonly origin: Facility;
  readonly destination: Facility;
  readonly checkpoints: Facility[];
  readonly passages: Passage[];
  /** Along-path distance where the path leaves the origin area for good. */
  readonly originExitM: number;
  /** Along-path distance where the path enters the destination area for good. */
  readonly destEntryM: number;
  readonly originPark: { along: number; point: LonLat };
  readonly destPark: { along: number; point: LonLat };
  readonly visitable: VisitCandidate[];
  readonly lookup: FacilityLookup;
  private readonly classes: RoadClass[];

  constructor(route: Route, lookup: FacilityLookup, globalParams: Partial<AlertParams> = {}) {
    const origin = lookup.get(route.origin);
    const destination = lookup.get(route.destination);
    if (!origin || !destination) throw new Error(`route ${route.code}: unknown origin or destination facility`);
    this.route = route;
    this.lookup = lookup;
    this.origin = origin;
    this.destination = destination;
    this.checkpoints = (route.checkpoints ?? []).map((c) => {
      const f = lookup.get(c);
      if (!f) throw new Error(`route ${route.code}: unknown checkpoint ${c}`);
      return f;
    });
    this.path = new Polyline(route.path.coordinates);
    this.params = resolveParams(globalParams, route.alertParams);
    this.corridorM = route.corridorWidthM ?? this.params.corridorWidthM;
    this.passages = this.findPassages();
    this.originExitM = this.findOriginExit();
    this.destEntryM = this.findDestEntry();
    this.originPark = this.deepestAlong(origin.area, 0, this.originExitM);
    this.destPark = this.deepestAlong(destination.area, this.destEntryM, this.path.length);
    this.classes = this.classify();
    this.visitable = this.findVisitable();
  }

  get code(): string {
    return this.route.code;
  }

  /** Path length on the open road, between leaving the origin and entering the destination. */
  get openRoadM(): number {
    return this.destEntryM - this.originExitM;
  }

  roadClass(d: number): RoadClass {
    const i = Math.max(0, Math.min(this.classes.length - 1, Math.floor(d / 100)));
    return this.classes[i];
  }

  /** Facility passages overlapping [from - margin, to + margin]. */
  passagesNear(from: number, to: number, margin: number): Passage[] {
    return this.passages.filter((p) => p.to >= from - margin && p.from <= to + margin);
  }

  restAreaPassages(): Passage[] {
    return this.passages.filter((p) => p.kind === 'rest_area' && p.to - p.from >= 40);
  }

  checkpointPassages(): Passage[] {
    const codes = new Set(this.route.checkpoints ?? []);
    return this.passages.filter((p) => codes.has(p.code));
  }

  private findPassages(): Passage[] {
    const open = new Map<string, Passage>();
    const out: Passage[] = [];
    for (let d = 0; d <= this.path.length + SAMPLE_M / 2; d += SAMPLE_M) {
      const dd = Math.min(d, this.path.length);
      const inside = new Set(this.lookup.containing(this.path.at(dd)).map((f) => f.code));
      for (const [code, p] of open) {
        if (!inside.has(code)) {
          out.push(p);
          open.delete(code);
        } else p.to = dd;
      }
      for (const code of inside) {
        if (!open.has(code)) open.set(code, { code, kind: this.lookup.get(code)!.kind, from: dd, to: dd });
      }
    }
    out.push(...open.values());
    return out.sort((a, b) => a.from - b.from);
  }

  private findOriginExit(): number {
    const inOrigin = this.passages.filter((p) => p.code === this.origin.code);
    if (inOrigin.length === 0) throw new Error(`route ${this.code}: the path does not start inside origin ${this.origin.code}`);
    return inOrigin[0].to + SAMPLE_M;
  }

  private findDestEntry(): number {
    const inDest = this.passages.filter((p) => p.code === this.destination.code);
    if (inDest.length === 0) throw new Error(`route ${this.code}: the path does not end inside destination ${this.destination.code}`);
    return inDest[inDest.length - 1].from - SAMPLE_M;
  }

  private deepestAlong(area: Polygon | MultiPolygon, from: number, to: number): { along: number; point: LonLat } {
    let best = { along: from, point: this.path.at(from), depth: -Infinity };
    for (let d = from; d <= to; d += SAMPLE_M) {
      const p = this.path.at(d);
      const depth = signedDepthM(p, area);
      if (depth > best.depth) best = { along: d, point: p, depth };
    }
    return { along: best.along, point: best.point };
  }

  private classify(): RoadClass[] {
    const inFacility = (d: number) => this.passages.some((p) => d >= p.from && d <= p.to);
    const out: RoadClass[] = [];
    for (let d = 50; d < this.path.length + 100; d += 100) {
      out.push(roadClassAt(this.path, Math.min(d, this.path.length), this.originExitM, this.destEntryM, inFacility));
    }
    return out;
  }

  private findVisitable(): VisitCandidate[] {
    const out: VisitCandidate[] = [];
    for (const f of this.lookup.all) {
      if (authorisedFor(this.route, f)) continue;
      const deep = deepestPoint(f.area);
      if (deep.depth < 40) continue;
      const proj = this.path.project(deep.point);
      if (proj.distance > VISIT_REACH_M) continue;
      if (proj.along < this.originExitM + 500 || proj.along > this.destEntryM - 500) continue;
      out.push({ facility: f, point: deep.point, depth: deep.depth, along: proj.along, offsetM: proj.distance });
    }
    return out;
  }
}

/** Every route of the world, prepared; routes whose geometry cannot be driven are reported. */
export function prepareRoutes(world: World, globalParams: Partial<AlertParams> = {}): { plans: RoutePlan[]; problems: string[] } {
  const lookup = new FacilityLookup(world.facilities);
  const plans: RoutePlan[] = [];
  const problems: string[] = [];
  for (const r of world.routes) {
    try {
      plans.push(new RoutePlan(r, lookup, globalParams));
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
    }
  }
  return { plans, problems };
}
