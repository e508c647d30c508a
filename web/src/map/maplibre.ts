// MapLibre with its worker served from our own bundle (no CDN), and the base style: offline
// Taiwan coastline from Natural Earth unless an online style is configured.
import { Map as MapLibreMap, NavigationControl, ScaleControl, setWorkerUrl, type Map as MLMap, type StyleSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import land from 'virtual:basemap';
import { installLabelImages } from './labelImages.ts';

setWorkerUrl(workerUrl);

export const TAIWAN_BOUNDS: [[number, number], [number, number]] = [
  [119.2, 21.8],
  [122.2, 25.4],
];

export const COLORS = {
  sea: '#0b1a2b',
  land: '#1b2a3a',
  coast: '#3f5b78',
};

export function offlineStyle(): StyleSpecification {
  return {
    version: 8,
    sources: {
      land: { type: 'geojson', data: land, attribution: 'Natural Earth' },
    },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': COLORS.sea } },
      { id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': COLORS.land } },
      { id: 'coast', type: 'line', source: 'land', paint: { 'line-color': COLORS.coast, 'line-width': ['interpolate', ['linear'], ['zoom'], 5, 0.6, 12, 2] } },
    ],
  };
}

export function createMap(container: HTMLElement, mapStyleUrl?: string, bounds = TAIWAN_BOUNDS): MLMap {
  const map = new MapLibreMap({
    container,
    style: mapStyleUrl || offlineStyle(),
    bounds,
    fitBoundsOptions: { padding: 20 },
    attributionControl: { compact: true },
    // The wall screen is watched, not touched: no rotation to get lost in.
    dragRotate: false,
    pitchWithRotate: false,
    maxZoom: 18,
    // Labels appear at once: a fade keeps the map repainting for 300 ms after every live update,
    // which at four updates a second means repainting without pause.
    fadeDuration: 0,
  });
  map.touchZoomRotate.disableRotation();
  map.addControl(new NavigationControl({ showCompass: false }), 'top-left');
  map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
  installLabelImages(map);
  return map;
}

/** Runs `fn` once the style is ready (now, or on load). */
export function whenStyled(map: MLMap, fn: () => void): void {
  if (map.isStyleLoaded()) fn();
  else map.once('load', fn);
}
