// Live vehicles on the map, drawn by one WebGL program on a canvas of their own above the map: a
// point per vehicle coloured by its trip state and ringed by its worst open alert. A refresh copies
// the store's positions into typed arrays and uploads them in one buffer call; there is no GeoJSON
// and no tiling for the fleet. The canvas is its own so that a refresh redraws 5,000 points, not the
// whole map: in software WebGL a repaint of the base map is what holds the page's main thread (a
// few hundred milliseconds of waiting per frame on a busy machine), so the map repaints only when
// it moves, and the vehicles follow it then in the same frame. Refreshes come at most every
// MIN_INTERVAL_MS. Plates are written beside the vehicles when zoomed in, for the few in view.
import { Popup, type GeoJSONSource, type Map as MLMap, type MapMouseEvent } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import { SEVERITY_RANK, type TripState } from '../api/types.ts';
import { recordDrawn } from '../live/perf.ts';
import type { LiveStore } from '../live/store.ts';
import { ensureLabelImage } from './labelImages.ts';
import { createPointProgram, STATE_ORDER, type PointProgram } from './vehicleProgram.ts';

/** Fastest redraw; a quarter second keeps moves smooth. */
export const MIN_INTERVAL_MS = 250;
/** Slowest: even a saturated console shows every vehicle's place within a second or so. */
export const MAX_INTERVAL_MS = 1000;
/** Plates are written from this zoom on. */
const LABEL_MIN_ZOOM = 11;
/** More plates than this in view are not worth reading; the nearest to the centre are kept. */
const MAX_LABELS = 300;
const LABEL_INTERVAL_MS = 1000;

const LABEL_SOURCE = 'vehicle-labels';


/** Web Mercator, 0..1 over the world. */
export const mercatorX = (lon: number) => (lon + 180) / 360;
export const mercatorY = (lat: number) => (180 - (180 / Math.PI) * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))) / 360;
const longitude = (x: number) => x * 360 - 180;
const latitude = (y: number) => (360 / Math.PI) * Math.atan(Math.exp(((180 - y * 360) * Math.PI) / 180)) - 90;

/** Point radius in CSS pixels by zoom, as the map's other circles grow. */
export function pointRadius(zoom: number): number {
  if (zoom <= 6) return 4;
  if (zoom <= 12) return 4 + ((zoom - 6) / 6) * 3;
  if (zoom <= 16) return 7 + ((zoom - 12) / 4) * 2;
  return 9;
}
/** The ring: thick in the alert's colour, else a thin dark edge. */
export const ringWidth = (sev: number) => (sev > 0 ? 3.5 : 1);

export interface DrawnVehicle {
  plate: string;
  tripId: string | null;
  lon: number;
  lat: number;
  state: TripState;
  /** Worst open alert, 0 (none) to 4 (critical). */
  sev: number;
  speedKmh?: number;
}

export interface VehicleLayerOptions {
  onVehicleClick?: (tripId: string | null, plate: string) => void;
}

/** The fleet as last drawn: columns in draw order, plates by index. */
class Snapshot {
  n = 0;
  mx = new Float64Array(0);
  my = new Float64Array(0);
  /** Positions relative to `origin`, for the GPU: float32 keeps centimetres near the origin. */
  pos = new Float32Array(0);
  /** State index and severity per vehicle. */
  style = new Uint8Array(0);
  vehicles: DrawnVehicle[] = [];
  index = new Map<string, number>();

  reserve(n: number): void {
    if (this.mx.length >= n) return;
    const cap = Math.max(64, 2 ** Math.ceil(Math.log2(n)));
    this.mx = new Float64Array(cap);
    this.my = new Float64Array(cap);
    this.pos = new Float32Array(cap * 2);
    this.style = new Uint8Array(cap * 2);
  }
}

export class VehicleLayer {
  private scheduled = false;
  private dirty = false;
  /** Set when the page leaves: a refresh already scheduled must not touch the removed map. */
  private destroyed = false;
  private uploaded = true;
  private waitingSince: number | null = null;
  private waitingAt: number | null = null;
  private lastFlush = 0;
  /** Wait between refreshes: five times the last one's cost, so refreshing takes at most a fifth of the main thread. */
  private interval = MIN_INTERVAL_MS;
  private snap = new Snapshot();
  /** Centre of the drawn fleet in mercator units: positions go to the GPU relative to it. */
  private origin: [number, number] = [mercatorX(121), mercatorY(23.7)];
  private program: PointProgram | null = null;
  private canvas: HTMLCanvasElement;
  private gl: WebGLRenderingContext | WebGL2RenderingContext | null;
  private unsubscribe: () => void;
  private popup = new Popup({ closeButton: false, closeOnClick: false, offset: 10 });
  private labelTimer: ReturnType<typeof setTimeout> | undefined;
  private lastLabels = 0;
  private hovered: string | null = null;
  private frameAsked = false;

  constructor(
    private map: MLMap,
    private store: LiveStore,
    private opts: VehicleLayerOptions = {},
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'vehicle-overlay';
    this.canvas.dataset.testid = 'vehicle-layer';
    Object.assign(this.canvas.style, { position: 'absolute', left: '0', top: '0', pointerEvents: 'none' });
    map.getCanvasContainer().appendChild(this.canvas);
    const attrs: WebGLContextAttributes = { alpha: true, premultipliedAlpha: true, antialias: false, depth: false, stencil: false };
    this.gl = (this.canvas.getContext('webgl2', attrs) as WebGL2RenderingContext | null) ?? (this.canvas.getContext('webgl', attrs) as WebGLRenderingContext | null);
    if (this.gl) this.program = createPointProgram(this.gl);
    this.resize();
    map.addSource(LABEL_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({
      id: 'vehicle-labels',
      type: 'symbol',
      source: LABEL_SOURCE,
      minzoom: LABEL_MIN_ZOOM,
      layout: { 'icon-image': ['concat', 'label:', ['get', 'plate']], 'icon-offset': [0, -16], 'icon-allow-overlap': false },
    });
    this.unsubscribe = store.subscribe('positions', () => this.schedule());
    map.on('render', this.onMapRender);
    map.on('resize', this.onResize);
    map.on('moveend', this.onMoveEnd);
    map.on('click', this.onClick);
    map.on('mousemove', this.onMouseMove);
    map.on('mouseout', this.onMouseOut);
    this.schedule();
  }

  destroy(): void {
    this.destroyed = true;
    clearTimeout(this.labelTimer);
    this.unsubscribe();
    this.map.off('render', this.onMapRender);
    this.map.off('resize', this.onResize);
    this.map.off('moveend', this.onMoveEnd);
    this.map.off('click', this.onClick);
    this.map.off('mousemove', this.onMouseMove);
    this.map.off('mouseout', this.onMouseOut);
    this.popup.remove();
    this.program?.dispose();
    this.program = null;
    this.canvas.remove();
  }

  /** The vehicles as last drawn (what the map shows now). */
  get drawn(): readonly DrawnVehicle[] {
    return this.snap.vehicles;
  }

  drawnVehicle(plate: string): DrawnVehicle | null {
    const i = this.snap.index.get(plate);
    return i === undefined ? null : this.snap.vehicles[i];
  }

  /** The vehicle under a point of the map canvas (CSS pixels), the nearest if several. */
  vehicleAt(x: number, y: number): DrawnVehicle | null {
    const { n, mx, my, vehicles } = this.snap;
    if (n === 0) return null;
    const ll = this.map.unproject([x, y]);
    const px = mercatorX(ll.lng);
    const py = mercatorY(ll.lat);
    const scale = 512 * 2 ** this.map.getZoom();
    const r = pointRadius(this.map.getZoom());
    let best = -1;
    let bestD = Infinity;
    for (let i = 0; i < n; i++) {
      const dx = (mx[i] - px) * scale;
      const dy = (my[i] - py) * scale;
      const d = dx * dx + dy * dy;
      const reach = r + ringWidth(vehicles[i].sev) + 2;
      // Of overlapping vehicles the one drawn last, on top, is the one the officer sees.
      if (d <= reach * reach && d <= bestD) {
        best = i;
        bestD = d;
      }
    }
    return best < 0 ? null : vehicles[best];
  }

  private onClick = (e: MapMouseEvent) => {
    const v = this.vehicleAt(e.point.x, e.point.y);
    if (v) this.opts.onVehicleClick?.(v.tripId, v.plate);
  };

  private onMouseMove = (e: MapMouseEvent) => {
    const v = this.vehicleAt(e.point.x, e.point.y);
    if (!v) {
      if (this.hovered) this.onMouseOut();
      return;
    }
    this.hovered = v.plate;
    this.map.getCanvas().style.cursor = 'pointer';
    const speed = typeof v.speedKmh === 'number' ? ` · ${Math.round(v.speedKmh)} km/h` : '';
    this.popup.setLngLat([v.lon, v.lat]).setText(`${v.plate}${speed}`).addTo(this.map);
  };

  private onMouseOut = () => {
    if (!this.hovered) return;
    this.hovered = null;
    this.map.getCanvas().style.cursor = '';
    this.popup.remove();
  };

  private onResize = () => {
    this.resize();
    this.draw();
  };

  private resize(): void {
    const c = this.map.getCanvas();
    const ratio = this.map.getPixelRatio();
    this.canvas.style.width = `${c.clientWidth}px`;
    this.canvas.style.height = `${c.clientHeight}px`;
    this.canvas.width = Math.max(1, Math.round(c.clientWidth * ratio));
    this.canvas.height = Math.max(1, Math.round(c.clientHeight * ratio));
  }

  /** The map drew a frame (it moved, or its data changed): the vehicles follow in the same frame. */
  private onMapRender = () => this.draw();

  private onMoveEnd = () => this.refreshLabels(true);

  private schedule(): void {
    this.dirty = true;
    if (this.scheduled || this.destroyed) return;
    this.scheduled = true;
    const wait = Math.max(0, this.lastFlush + this.interval - performance.now());
    setTimeout(() => {
      this.scheduled = false;
      this.flush();
    }, wait);
  }

  private flush(): void {
    if (!this.dirty || this.destroyed) return;
    this.dirty = false;
    const t0 = performance.now();
    this.lastFlush = t0;
    if (this.store.pendingSince !== null) {
      this.waitingSince = this.waitingSince ?? this.store.pendingSince;
      this.waitingAt = this.waitingAt ?? this.store.pendingAt;
    }
    this.store.pendingSince = null;
    this.store.pendingAt = null;
    this.rebuild();
    this.uploaded = false;
    this.draw();
    this.refreshLabels(false);
    if (this.waitingSince !== null && !this.frameAsked) {
      this.frameAsked = true;
      // The next frame composites what was just drawn: the update is on screen.
      requestAnimationFrame(this.onFrame);
    }
  }

  /** Copies the store's vehicles into the snapshot's columns. */
  private rebuild(): void {
    const worst = this.store.worstAlertByPlate();
    const snap = this.snap;
    snap.reserve(this.store.vehicles.size);
    const vehicles: DrawnVehicle[] = [];
    const index = new Map<string, number>();
    let sx = 0;
    let sy = 0;
    let i = 0;
    for (const v of this.store.vehicles.values()) {
      if (!Number.isFinite(v.lon) || !Number.isFinite(v.lat)) continue;
      const state = this.store.tripState(v.tripId) ?? 'in_transit';
      const sevName = worst.get(v.plate);
      const sev = sevName ? SEVERITY_RANK[sevName] : 0;
      const x = mercatorX(v.lon);
      const y = mercatorY(v.lat);
      snap.mx[i] = x;
      snap.my[i] = y;
      sx += x;
      sy += y;
      snap.style[2 * i] = Math.max(0, STATE_ORDER.indexOf(state));
      snap.style[2 * i + 1] = sev;
      vehicles.push({ plate: v.plate, tripId: v.tripId, lon: v.lon, lat: v.lat, state, sev, speedKmh: v.speedKmh });
      index.set(v.plate, i);
      i++;
    }
    if (i > 0) this.origin = [sx / i, sy / i];
    for (let k = 0; k < i; k++) {
      snap.pos[2 * k] = snap.mx[k] - this.origin[0];
      snap.pos[2 * k + 1] = snap.my[k] - this.origin[1];
    }
    snap.n = i;
    snap.vehicles = vehicles;
    snap.index = index;
  }

  private draw(): void {
    const gl = this.gl;
    const program = this.program;
    if (!gl || !program || this.destroyed) return;
    const snap = this.snap;
    if (!this.uploaded) {
      program.upload(snap.pos.subarray(0, snap.n * 2), snap.style.subarray(0, snap.n * 2));
      this.uploaded = true;
    }
    gl.viewport(0, 0, this.canvas.width, this.canvas.height);
    gl.clearColor(0, 0, 0, 0);
    gl.clear(gl.COLOR_BUFFER_BIT);
    if (snap.n === 0) return;
    program.draw({ matrix: this.matrix(), count: snap.n, radius: pointRadius(this.map.getZoom()), pixelRatio: this.map.getPixelRatio() });
  }

  /**
   * Positions (mercator, relative to `origin`) to clip space, for the flat, north-up map the
   * console uses (rotation and pitch are off): the origin's pixel and the world's size in pixels.
   */
  private matrix(): Float32Array {
    const c = this.map.getCanvas();
    const w = c.clientWidth || 1;
    const h = c.clientHeight || 1;
    const world = 512 * 2 ** this.map.getZoom();
    const p = this.map.project([longitude(this.origin[0]), latitude(this.origin[1])]);
    const m = new Float32Array(16);
    m[0] = (2 * world) / w;
    m[5] = (-2 * world) / h;
    m[10] = 1;
    m[12] = (2 * p.x) / w - 1;
    m[13] = 1 - (2 * p.y) / h;
    m[15] = 1;
    return m;
  }

  private onFrame = () => {
    this.frameAsked = false;
    if (this.waitingSince === null) return;
    // The whole refresh, through the frame that shows it, sets the pace of the next ones.
    this.interval = Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, 5 * (performance.now() - this.lastFlush)));
    recordDrawn(this.waitingSince, this.waitingAt);
    this.waitingSince = null;
    this.waitingAt = null;
  };

  /** Plates of the vehicles in view, when zoomed in far enough to read them. */
  private refreshLabels(now: boolean): void {
    if (this.destroyed) return;
    const source = this.map.getSource(LABEL_SOURCE) as GeoJSONSource | undefined;
    if (!source) return;
    if (this.map.getZoom() < LABEL_MIN_ZOOM) {
      if (this.lastLabels !== 0) {
        this.lastLabels = 0;
        source.setData({ type: 'FeatureCollection', features: [] });
      }
      return;
    }
    const wait = now ? 0 : Math.max(0, this.lastLabels + LABEL_INTERVAL_MS - performance.now());
    if (wait > 0) {
      if (this.labelTimer === undefined) this.labelTimer = setTimeout(() => ((this.labelTimer = undefined), this.refreshLabels(true)), wait);
      return;
    }
    this.lastLabels = performance.now();
    const b = this.map.getBounds();
    const c = this.map.getCenter();
    const inView = this.snap.vehicles.filter((v) => b.contains([v.lon, v.lat]));
    if (inView.length > MAX_LABELS) inView.sort((p, q) => (p.lon - c.lng) ** 2 + (p.lat - c.lat) ** 2 - ((q.lon - c.lng) ** 2 + (q.lat - c.lat) ** 2));
    const shown = inView.slice(0, MAX_LABELS);
    // Drawn now rather than when the first tile asks for them.
    for (const v of shown) ensureLabelImage(this.map, `label:${v.plate}`);
    const data: FeatureCollection = {
      type: 'FeatureCollection',
      features: shown.map((v) => ({ type: 'Feature', properties: { plate: v.plate }, geometry: { type: 'Point', coordinates: [v.lon, v.lat] } })),
    };
    source.setData(data);
  }
}

