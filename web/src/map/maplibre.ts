// MapLibre with its worker served from our own bundle (no CDN), on the base map the officer chose
// (see basemaps.ts): the offline Taiwan coastline unless another is chosen or configured.
import { Map as MapLibreMap, NavigationControl, ScaleControl, setWorkerUrl, type Map as MLMap, type StyleSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { BasemapControl, type BasemapLabels } from './BasemapControl.ts';
import { basemapStyle, initialBasemap, keepOverlays, type BasemapConfig } from './basemaps.ts';
import { installLabelImages } from './labelImages.ts';
import { installPMTiles } from './pmtiles.ts';

setWorkerUrl(workerUrl);
installPMTiles();

export { COLORS } from './basemaps.ts';

export const TAIWAN_BOUNDS: [[number, number], [number, number]] = [
  [119.2, 21.8],
  [122.2, 25.4],
];

export function offlineStyle(): StyleSpecification {
  return basemapStyle('coastline', {}) as StyleSpecification;
}

export interface CreatedMap {
  map: MLMap;
  basemap: BasemapControl;
}

export function createMap(container: HTMLElement, cfg: BasemapConfig, labels: BasemapLabels, bounds = TAIWAN_BOUNDS): CreatedMap {
  const choice = initialBasemap(cfg);
  const map = new MapLibreMap({
    container,
    style: basemapStyle(choice, cfg),
    // Marks the base style's layers, so a later switch knows which layers are the console's own.
    transformStyle: keepOverlays,
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
  map.touchPitch.disable();
  map.addControl(new NavigationControl({ showCompass: false }), 'top-left');
  map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
  const basemap = new BasemapControl(cfg, choice, labels);
  map.addControl(basemap, 'top-right');
  installLabelImages(map);
  return { map, basemap };
}

/** Runs `fn` once the style is ready (now, or on load). */
export function whenStyled(map: MLMap, fn: () => void): void {
  if (map.isStyleLoaded()) fn();
  else map.once('load', fn);
}
