// Live vehicles on the map: coloured by trip state, ringed by their worst open alert, clustered
// when zoomed out. Updates are coalesced: at most one setData is in flight and at most one every
// MIN_INTERVAL_MS, carrying every position that arrived meanwhile. Vehicles report about once a
// second, so four redraws a second show every move while 5,000 vehicles cost four rebuilds, not
// 5,000.
import { Popup, type GeoJSONSource, type Map as MLMap, type MapLayerMouseEvent } from 'maplibre-gl';
import type { Feature, FeatureCollection, Point } from 'geojson';
import { SEVERITY_RANK } from '../api/types.ts';
import { recordDrawn } from '../live/perf.ts';
import type { LiveStore } from '../live/store.ts';
import { matchColor, SEVERITY_COLORS, TRIP_STATE_COLORS } from './colors.ts';

const sevColor = (prop: any): any => ['match', prop, 4, SEVERITY_COLORS.critical, 3, SEVERITY_COLORS.high, 2, SEVERITY_COLORS.medium, 1, SEVERITY_COLORS.low, 'rgba(0,0,0,0)'];

/** Fastest map data refresh; a quarter second keeps moves smooth. */
export const MIN_INTERVAL_MS = 250;
/** Slowest: even a saturated console shows every vehicle's place within a couple of seconds. */
export const MAX_INTERVAL_MS = 2000;

export interface VehicleLayerOptions {
  onVehicleClick?: (tripId: string | null, plate: string) => void;
}

export class VehicleLayer {
  private scheduled = false;
  private inFlight = false;
  private dirty = false;
  /** Set when the page leaves: a refresh already scheduled or awaiting tiles must not touch the removed map. */
  private destroyed = false;
  private waitingSince: number | null = null;
  private waitingAt: number | null = null;
  private lastFlush = 0;
  /** Wait between refreshes: twice the last refresh's cost, so the map takes at most about half the main thread. */
  private interval = MIN_INTERVAL_MS;
  /** One feature object per vehicle, updated in place: no 5,000 new objects per refresh. */
  private featureCache = new Map<string, Feature<Point>>();
  private unsubscribe: () => void;
  private popup = new Popup({ closeButton: false, closeOnClick: false, offset: 10 });

  constructor(
    private map: MLMap,
    private store: LiveStore,
    private opts: VehicleLayerOptions = {},
  ) {
    this.addLayers();
    this.unsubscribe = store.subscribe('positions', () => this.schedule());
    map.on('render', this.onRender);
    this.schedule();
  }

  destroy(): void {
    this.destroyed = true;
    this.unsubscribe();
    this.map.off('render', this.onRender);
    this.popup.remove();
  }

  private addLayers(): void {
    const map = this.map;
    map.addSource('vehicles', {
      type: 'geojson',
      data: { type: 'FeatureCollection', features: [] },
      cluster: true,
      clusterMaxZoom: 10,
      clusterRadius: 40,
      clusterProperties: { worst: ['max', ['get', 'sev']], moving: ['+', ['case', ['==', ['get', 'state'], 'in_transit'], 1, 0]] },
    });
    map.addLayer({
      id: 'vehicle-clusters',
      type: 'circle',
      source: 'vehicles',
      filter: ['has', 'point_count'],
      paint: {
        'circle-color': '#1f6f54',
        'circle-opacity': 0.85,
        'circle-radius': ['interpolate', ['linear'], ['get', 'point_count'], 2, 12, 100, 20, 1000, 28, 5000, 36],
        'circle-stroke-width': ['case', ['>', ['get', 'worst'], 0], 4, 1.5],
        'circle-stroke-color': ['case', ['>', ['get', 'worst'], 0], sevColor(['get', 'worst']), '#2ecc71'],
      },
    });
    map.addLayer({
      id: 'vehicle-cluster-count',
      type: 'symbol',
      source: 'vehicles',
      filter: ['has', 'point_count'],
      layout: { 'icon-image': ['concat', 'count:', ['get', 'point_count_abbreviated']], 'icon-allow-overlap': true },
    });
    map.addLayer({
      id: 'vehicle-points',
      type: 'circle',
      source: 'vehicles',
      filter: ['!', ['has', 'point_count']],
      paint: {
        'circle-color': matchColor('state', TRIP_STATE_COLORS, '#cccccc'),
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 6, 4, 12, 7, 16, 9],
        'circle-stroke-width': ['case', ['>', ['get', 'sev'], 0], 3.5, 1],
        'circle-stroke-color': ['case', ['>', ['get', 'sev'], 0], sevColor(['get', 'sev']), '#0b1a2b'],
      },
    });
    map.addLayer({
      id: 'vehicle-labels',
      type: 'symbol',
      source: 'vehicles',
      minzoom: 11,
      filter: ['!', ['has', 'point_count']],
      layout: { 'icon-image': ['concat', 'label:', ['get', 'plate']], 'icon-offset': [0, -16], 'icon-allow-overlap': false },
    });

    map.on('click', 'vehicle-points', (e: MapLayerMouseEvent) => {
      const p = e.features?.[0]?.properties;
      if (p) this.opts.onVehicleClick?.(p.tripId || null, p.plate);
    });
    map.on('click', 'vehicle-clusters', async (e: MapLayerMouseEvent) => {
      const f = e.features?.[0];
      if (!f) return;
      const zoom = await (map.getSource('vehicles') as GeoJSONSource).getClusterExpansionZoom(f.properties.cluster_id);
      map.easeTo({ center: (f.geometry as Point).coordinates as [number, number], zoom });
    });
    for (const layer of ['vehicle-points', 'vehicle-clusters']) {
      map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
      map.on('mouseleave', layer, () => {
        map.getCanvas().style.cursor = '';
        this.popup.remove();
      });
    }
    map.on('mousemove', 'vehicle-points', (e: MapLayerMouseEvent) => {
      const p = e.features?.[0]?.properties;
      if (!p) return;
      const speed = typeof p.speed === 'number' ? ` · ${Math.round(p.speed)} km/h` : '';
      this.popup.setLngLat(e.lngLat).setText(`${p.plate}${speed}`).addTo(map);
    });
  }

  private schedule(): void {
    this.dirty = true;
    if (this.scheduled || this.inFlight) return;
    this.scheduled = true;
    const wait = Math.max(0, this.lastFlush + this.interval - performance.now());
    setTimeout(
      () =>
        requestAnimationFrame(() => {
          this.scheduled = false;
          void this.flush();
        }),
      wait,
    );
  }

  private async flush(): Promise<void> {
    if (!this.dirty || this.destroyed) return;
    this.dirty = false;
    this.inFlight = true;
    this.lastFlush = performance.now();
    const since = this.store.pendingSince;
    const at = this.store.pendingAt;
    this.store.pendingSince = null;
    this.store.pendingAt = null;
    try {
      await (this.map.getSource('vehicles') as GeoJSONSource | undefined)?.setData(this.features());
      if (since !== null) {
        this.waitingSince = this.waitingSince ?? since;
        this.waitingAt = this.waitingAt ?? at;
      }
      // The next update waits for this one's tiles: under load the map shows each update whole
      // rather than restarting its tiles on every one and showing none.
      await this.tilesLoaded(1000);
    } finally {
      this.inFlight = false;
      if (this.dirty && !this.destroyed) this.schedule();
    }
  }

  private tilesLoaded(timeoutMs: number): Promise<void> {
    if (this.destroyed || this.map.isSourceLoaded('vehicles')) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.map.off('sourcedata', onData);
        resolve();
      };
      const onData = (e: { sourceId?: string; isSourceLoaded?: boolean }) => {
        if (e.sourceId === 'vehicles' && e.isSourceLoaded) done();
      };
      const timer = setTimeout(done, timeoutMs);
      this.map.on('sourcedata', onData);
    });
  }

  /** A frame after the data reached the worker and its tiles: the update is on screen. */
  private onRender = () => {
    if (this.waitingSince !== null && this.map.isSourceLoaded('vehicles')) {
      // The whole cycle, through the frame that shows it, sets the pace of the next refreshes.
      this.interval = Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, 2 * (performance.now() - this.lastFlush)));
      recordDrawn(this.waitingSince, this.waitingAt);
      this.waitingSince = null;
      this.waitingAt = null;
    }
  };

  private features(): FeatureCollection {
    const worst = this.store.worstAlertByPlate();
    const features: Feature[] = [];
    for (const v of this.store.vehicles.values()) {
      const state = this.store.tripState(v.tripId) ?? 'in_transit';
      const sev = worst.get(v.plate);
      let f = this.featureCache.get(v.plate);
      if (!f) {
        f = { type: 'Feature', geometry: { type: 'Point', coordinates: [v.lon, v.lat] }, properties: {} };
        this.featureCache.set(v.plate, f);
      }
      f.geometry.coordinates[0] = v.lon;
      f.geometry.coordinates[1] = v.lat;
      const p = f.properties!;
      p.plate = v.plate;
      p.tripId = v.tripId ?? '';
      p.state = state;
      p.sev = sev ? SEVERITY_RANK[sev] : 0;
      p.speed = v.speedKmh ?? null;
      features.push(f);
    }
    if (this.featureCache.size > features.length * 2) this.pruneCache();
    return { type: 'FeatureCollection', features };
  }

  private pruneCache(): void {
    for (const plate of this.featureCache.keys()) if (!this.store.vehicles.has(plate)) this.featureCache.delete(plate);
  }
}
