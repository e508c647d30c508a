// Static spatial index of facility areas: flatbush over the bbox of every polygon part, exact
// point-in-polygon (holes and MultiPolygon parts included) only for the few candidates it returns.
import Flatbush from 'flatbush';
import type { Facility } from '../types.ts';
import { pointInPolygon, preparePolygons, type PreparedPolygon } from './polygon.ts';

export class FacilityIndex {
  /** Facilities in code order, so query results and tie-breaks never depend on arrival order. */
  readonly facilities: Facility[];
  readonly parts: PreparedPolygon[] = [];
  /** Per facility (same order as `facilities`), its prepared parts. */
  readonly facilityParts: PreparedPolygon[][] = [];
  private readonly partOwner: Int32Array;
  private readonly byCode = new Map<string, number>();
  private readonly index: Flatbush | null;
  // Traversal stack reused by every query: the hot path must not allocate.
  private stack = new Int32Array(256);
  // A coarse occupancy grid over the index extent: most positions are on the open road, in a cell
  // no facility box touches, and are answered with one array read instead of a tree walk.
  private grid = new Uint8Array(0);
  private gridMinX = 0;
  private gridMinY = 0;
  private gridCell = 1;
  private gridW = 0;
  private gridH = 0;

  constructor(facilities: Iterable<Facility>) {
    this.facilities = [...facilities].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    const owners: number[] = [];
    this.facilities.forEach((f, i) => {
      this.byCode.set(f.code, i);
      const parts = f.area ? preparePolygons(f.area) : [];
      this.facilityParts.push(parts);
      for (const p of parts) {
        this.parts.push(p);
        owners.push(i);
      }
    });
    this.partOwner = Int32Array.from(owners);
    if (this.parts.length === 0) {
      this.index = null;
      return;
    }
    const index = new Flatbush(this.parts.length, 8);
    for (const p of this.parts) index.add(p.minX, p.minY, p.maxX, p.maxY);
    index.finish();
    this.index = index;
    this.buildGrid(index);
  }

  private buildGrid(index: Flatbush): void {
    const w = index.maxX - index.minX;
    const h = index.maxY - index.minY;
    // Cells of at least ~500 m, at most 512 along the longer side.
    const cell = Math.max(0.005, Math.max(w, h) / 512);
    this.gridCell = cell;
    this.gridMinX = index.minX;
    this.gridMinY = index.minY;
    this.gridW = Math.floor(w / cell) + 1;
    this.gridH = Math.floor(h / cell) + 1;
    this.grid = new Uint8Array(this.gridW * this.gridH);
    for (const p of this.parts) {
      const x0 = Math.floor((p.minX - this.gridMinX) / cell);
      const x1 = Math.floor((p.maxX - this.gridMinX) / cell);
      const y0 = Math.floor((p.minY - this.gridMinY) / cell);
      const y1 = Math.floor((p.maxY - this.gridMinY) / cell);
      for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) this.grid[y * this.gridW + x] = 1;
    }
  }

  indexOf(code: string): number {
    return this.byCode.get(code) ?? -1;
  }

  get(code: string): Facility | undefined {
    const i = this.byCode.get(code);
    return i === undefined ? undefined : this.facilities[i];
  }

  partsOf(code: string): PreparedPolygon[] {
    const i = this.byCode.get(code);
    return i === undefined ? [] : this.facilityParts[i];
  }

  /**
   * Writes the indices (into `facilities`) of every facility containing the point into `out`, in
   * ascending order, and returns how many. Walks flatbush's packed tree directly with a reused
   * stack, because Flatbush#search allocates two arrays per call.
   */
  query(lon: number, lat: number, out: Int32Array): number {
    const index = this.index;
    if (index === null) return 0;
    if (lon < index.minX || lon > index.maxX || lat < index.minY || lat > index.maxY) return 0;
    const gx = Math.floor((lon - this.gridMinX) / this.gridCell);
    const gy = Math.floor((lat - this.gridMinY) / this.gridCell);
    if (this.grid[gy * this.gridW + gx] === 0) return 0;
    const boxes = index._boxes;
    const indices = index._indices;
    const levelBounds = index._levelBounds;
    const nodeSize4 = index.nodeSize * 4;
    const numItems4 = index.numItems * 4;
    let stack = this.stack;
    let sp = 0;
    let count = 0;
    let nodeIndex = boxes.length - 4;
    let level = levelBounds.length - 1;
    for (;;) {
      const end = Math.min(nodeIndex + nodeSize4, levelBounds[level]);
      const isNode = nodeIndex >= numItems4;
      for (let pos = nodeIndex; pos < end; pos += 4) {
        if (lon < boxes[pos] || lat < boxes[pos + 1] || lon > boxes[pos + 2] || lat > boxes[pos + 3]) continue;
        const child = indices[pos >> 2] | 0;
        if (isNode) {
          if (sp + 2 > stack.length) {
            const bigger = new Int32Array(stack.length * 2);
            bigger.set(stack);
            this.stack = stack = bigger;
          }
          stack[sp++] = child;
          stack[sp++] = level - 1;
        } else if (pointInPolygon(this.parts[child], lon, lat)) {
          count = insertUnique(out, count, this.partOwner[child]);
        }
      }
      if (sp === 0) break;
      level = stack[--sp];
      nodeIndex = stack[--sp];
    }
    return count;
  }

  /** Indices of the facilities containing the point (allocating; for non-hot paths and tests). */
  containing(lon: number, lat: number): Facility[] {
    const out = new Int32Array(64);
    const n = this.query(lon, lat, out);
    const result: Facility[] = [];
    for (let i = 0; i < n; i++) result.push(this.facilities[out[i]]);
    return result;
  }
}

/** Sorted insert without duplicates (a facility's parts may both match on a shared edge). */
function insertUnique(out: Int32Array, count: number, v: number): number {
  if (count >= out.length) return count;
  let i = count;
  while (i > 0 && out[i - 1] > v) i--;
  if (i > 0 && out[i - 1] === v) return count;
  for (let j = count; j > i; j--) out[j] = out[j - 1];
  out[i] = v;
  return count + 1;
}
