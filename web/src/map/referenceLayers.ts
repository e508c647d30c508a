// Facility areas and route corridors on a map. Corridor bands are drawn at their real width in
// metres (corridorWidthM either side of the path), so an officer sees what "off route" means.
import type { Map as MLMap, GeoJSONSource } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import type { Facility, Route } from '../api/types.ts';
import { localName } from '../format/names.ts';
import type { Lang } from '../i18n/lang.ts';
import { FACILITY_COLORS, matchColor } from './colors.ts';

/** Metres per pixel at zoom 0 near 23.5°N (Web Mercator): 156543 × cos(23.5°). */
const M_PER_PX_Z0 = 143_556;

function facilityFeatures(facilities: Facility[], lang: Lang = 'zh-TW'): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: facilities.filter((f) => f.area).map((f) => ({ type: 'Feature', properties: { code: f.code, name: f.name, kind: f.kind, label: `label:${localName(f.name, lang)}` }, geometry: f.area })),
  };
}

function routeFeatures(routes: Route[], highlight?: string): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: routes
      .filter((r) => r.path?.type === 'LineString')
      .map((r) => ({ type: 'Feature', properties: { code: r.code, width: r.corridorWidthM ?? 200, hl: r.code === highlight ? 1 : 0 }, geometry: r.path })),
  };
}

const corridorWidth = (z: number): any => ['*', ['get', 'width'], (2 * 2 ** z) / M_PER_PX_Z0];

export function addReferenceLayers(map: MLMap, beforeId?: string): void {
  map.addSource('facilities', { type: 'geojson', data: facilityFeatures([]) });
  map.addSource('routes', { type: 'geojson', data: routeFeatures([]) });
  map.addLayer(
    {
      id: 'route-corridor',
      type: 'line',
      source: 'routes',
      // Below zoom 9 a 200 m corridor is under 3 pixels: the path line says as much, for less drawing.
      minzoom: 9,
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: {
        'line-color': ['case', ['==', ['get', 'hl'], 1], '#4fc3f7', '#5d7fa3'],
        // Faint when zoomed in, where a 200 m corridor covers much of the screen.
        'line-opacity': ['interpolate', ['linear'], ['zoom'], 10, ['case', ['==', ['get', 'hl'], 1], 0.35, 0.22], 15, ['case', ['==', ['get', 'hl'], 1], 0.2, 0.1]],
        'line-width': ['interpolate', ['exponential', 2], ['zoom'], 5, ['max', 2, corridorWidth(5)], 18, corridorWidth(18)],
      },
    },
    beforeId,
  );
  map.addLayer(
    {
      id: 'route-path',
      type: 'line',
      source: 'routes',
      paint: { 'line-color': ['case', ['==', ['get', 'hl'], 1], '#4fc3f7', '#8fb3d9'], 'line-width': 1.2, 'line-dasharray': [3, 2] },
    },
    beforeId,
  );
  map.addLayer({ id: 'facility-fill', type: 'fill', source: 'facilities', minzoom: 8, paint: { 'fill-color': matchColor('kind', FACILITY_COLORS, '#888'), 'fill-opacity': 0.25 } }, beforeId);
  map.addLayer({ id: 'facility-line', type: 'line', source: 'facilities', paint: { 'line-color': matchColor('kind', FACILITY_COLORS, '#888'), 'line-width': 1.5 } }, beforeId);
  map.addLayer(
    { id: 'facility-label', type: 'symbol', source: 'facilities', minzoom: 9, layout: { 'icon-image': ['get', 'label'], 'icon-allow-overlap': false, 'icon-offset': [0, -14] } },
    beforeId,
  );
}

export function setReferenceData(map: MLMap, facilities: Facility[], routes: Route[], highlightRoute?: string, lang: Lang = 'zh-TW'): void {
  (map.getSource('facilities') as GeoJSONSource | undefined)?.setData(facilityFeatures(facilities, lang));
  (map.getSource('routes') as GeoJSONSource | undefined)?.setData(routeFeatures(routes, highlightRoute));
}
