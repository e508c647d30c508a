// Facility areas and route corridors on a map. Corridor bands are drawn at their real width in
// metres (corridorWidthM either side of the path), so an officer sees what "off route" means.
import type { Map as MLMap, GeoJSONSource } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import type { Facility, Route } from '../api/types.ts';
import { localName } from '../format/names.ts';
import type { Lang } from '../i18n/lang.ts';
import { FACILITY_COLORS, matchColor } from './colors.ts';
import { areaCentre } from './geo.ts';
import { ensureLabelImage } from './labelImages.ts';

/** Metres per pixel at zoom 0 near 23.5°N (Web Mercator): 156543 × cos(23.5°). */
const M_PER_PX_Z0 = 143_556;

function facilityFeatures(facilities: Facility[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: facilities.filter((f) => f.area).map((f) => ({ type: 'Feature', properties: { code: f.code, name: f.name, kind: f.kind }, geometry: f.area })),
  };
}

/** Which names win a crowded island-scale view: ports and stations before rest areas. */
const LABEL_PRIORITY: Record<string, number> = { port_terminal: 0, inspection_station: 1, checkpoint: 2, container_yard: 3, warehouse: 4, factory: 5, rest_area: 6 };

/**
 * One point per facility for its name. A name placed on the area itself is repeated in every tile
 * the area crosses and only shows once zoomed in; from one point it is drawn once, at any zoom.
 */
function facilityNameFeatures(facilities: Facility[], lang: Lang = 'zh-TW'): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: facilities
      .filter((f) => f.area)
      .map((f) => ({
        type: 'Feature',
        properties: { code: f.code, label: `label:${localName(f.name, lang)}`, rank: LABEL_PRIORITY[f.kind] ?? 9 },
        geometry: { type: 'Point', coordinates: areaCentre(f.area!) },
      })),
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
  map.addSource('facility-names', { type: 'geojson', data: facilityNameFeatures([]) });
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
    {
      id: 'facility-label',
      type: 'symbol',
      source: 'facility-names',
      layout: { 'icon-image': ['get', 'label'], 'icon-allow-overlap': false, 'icon-offset': [0, -14], 'symbol-sort-key': ['get', 'rank'] },
    },
    beforeId,
  );
}

export function setReferenceData(map: MLMap, facilities: Facility[], routes: Route[], highlightRoute?: string, lang: Lang = 'zh-TW'): void {
  (map.getSource('facilities') as GeoJSONSource | undefined)?.setData(facilityFeatures(facilities));
  const names = facilityNameFeatures(facilities, lang);
  // Drawn now rather than when the first tile asks: the resolver would draw them one tile at a time.
  for (const f of names.features) ensureLabelImage(map, String(f.properties?.label));
  (map.getSource('facility-names') as GeoJSONSource | undefined)?.setData(names);
  (map.getSource('routes') as GeoJSONSource | undefined)?.setData(routeFeatures(routes, highlightRoute));
}
