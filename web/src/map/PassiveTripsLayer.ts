// Passive-seal trips on the live map. They send no fixes, so the vehicle layer cannot show them:
// each trip on its way with no vehicle position is drawn point to point instead, from its trip
// answer (GET /trips/{id} → pointToPoint): a ring where it was last read, a ring where it must be
// read next with its deadline, a dashed line between. Refreshed when trips change (at most once a
// second) and every minute; a click opens the trip.
import type { GeoJSONSource, Map as MLMap, MapLayerMouseEvent } from 'maplibre-gl';
import type { Feature, FeatureCollection } from 'geojson';
import { has } from '../api/capabilities.ts';
import { api } from '../api/client.ts';
import type { Facility } from '../api/types.ts';
import type { LiveStore } from '../live/store.ts';
import { passiveOf } from '../trips/passive.ts';
import { ensureLabelImage } from './labelImages.ts';
import { pointToPointData, type P2PLabeler } from '../trips/pointToPointLayer.ts';

const ACTIVE = new Set(['sealed', 'confirmed', 'in_transit', 'arrived']);
const MAX_TRIPS = 200;
const PARALLEL = 4;
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

export type PlateLabeler = (plate: string, ...rest: Parameters<P2PLabeler>) => string | null;

export class PassiveTripsLayer {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private interval: ReturnType<typeof setInterval>;
  private busy = false;
  private again = false;
  private destroyed = false;
  private unsubscribe: () => void;

  constructor(
    private map: MLMap,
    private store: LiveStore,
    private facilities: () => Facility[],
    private label: PlateLabeler,
    private onClick: (tripId: string) => void,
  ) {
    map.addSource('live-p2p-line', { type: 'geojson', data: EMPTY });
    map.addSource('live-p2p-points', { type: 'geojson', data: EMPTY });
    map.addLayer({ id: 'live-p2p-line', type: 'line', source: 'live-p2p-line', paint: { 'line-color': '#ff9500', 'line-width': 2, 'line-dasharray': [2, 2] } });
    map.addLayer({
      id: 'live-p2p-points',
      type: 'circle',
      source: 'live-p2p-points',
      paint: {
        'circle-radius': 8,
        'circle-color': ['match', ['get', 'role'], 'next', 'rgba(255,149,0,0.15)', 'rgba(46,204,113,0.3)'],
        'circle-stroke-color': ['match', ['get', 'role'], 'next', '#ff9500', '#2ecc71'],
        'circle-stroke-width': 3,
      },
    });
    map.addLayer({
      id: 'live-p2p-labels',
      type: 'symbol',
      source: 'live-p2p-points',
      minzoom: 8,
      filter: ['has', 'label'],
      layout: { 'icon-image': ['get', 'label'], 'icon-allow-overlap': false, 'icon-offset': [0, -20] },
    });
    map.on('click', 'live-p2p-points', this.clicked);
    this.unsubscribe = store.subscribe('trips', () => this.schedule());
    this.interval = setInterval(() => this.schedule(), 60_000);
    this.schedule();
  }

  /** The language changed: labels again. */
  relabel(label: PlateLabeler): void {
    this.label = label;
    this.schedule();
  }

  destroy(): void {
    this.destroyed = true;
    this.unsubscribe();
    clearInterval(this.interval);
    if (this.timer) clearTimeout(this.timer);
    this.map.off('click', 'live-p2p-points', this.clicked);
  }

  private clicked = (e: MapLayerMouseEvent) => {
    const id = e.features?.[0]?.properties?.tripId;
    if (typeof id === 'string') this.onClick(id);
  };

  private schedule(): void {
    if (this.timer || this.destroyed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.refresh();
    }, 1000);
  }

  private async refresh(): Promise<void> {
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    try {
      if (!has('/trips/{}')) return;
      const trips = [...this.store.trips.values()].filter((t) => ACTIVE.has(t.state) && !this.store.vehicles.has(t.plate)).slice(0, MAX_TRIPS);
      const lines: Feature[] = [];
      const points: Feature[] = [];
      for (let i = 0; i < trips.length; i += PARALLEL) {
        const answers = await Promise.all(trips.slice(i, i + PARALLEL).map((t) => api.get<unknown>(`/trips/${encodeURIComponent(t.tripId)}`).catch(() => null)));
        answers.forEach((raw, j) => {
          const p2p = raw ? passiveOf(raw).p2p : null;
          if (!p2p) return;
          const trip = trips[i + j];
          const d = pointToPointData({ reads: [], p2p }, this.facilities(), (role, at) => this.label(trip.plate, role, at));
          for (const f of [...d.line.features, ...d.points.features]) f.properties = { ...f.properties, tripId: trip.tripId, plate: trip.plate };
          lines.push(...d.line.features);
          points.push(...d.points.features);
        });
      }
      if (this.destroyed) return;
      for (const f of points) if (typeof f.properties?.label === 'string') ensureLabelImage(this.map, f.properties.label);
      (this.map.getSource('live-p2p-line') as GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features: lines });
      (this.map.getSource('live-p2p-points') as GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features: points });
    } finally {
      this.busy = false;
      if (this.again) {
        this.again = false;
        this.schedule();
      }
    }
  }
}
