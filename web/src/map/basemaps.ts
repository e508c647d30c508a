// The base maps an officer can put under the live picture: the packaged coastline (always there),
// the national e-map of the National Land Surveying and Mapping Center (roads and names, online),
// a MapLibre style the server names (MAP_STYLE_URL) and a street map from a vector tile file on
// the server itself (MAP_PMTILES_PATH), for a network with no internet. Switching keeps every
// layer the console drew on top: base layers carry `metadata['sw:base']`, everything else is kept.
import type { LayerSpecification, Map as MLMap, SourceSpecification, StyleSpecification } from 'maplibre-gl';
import land from 'virtual:basemap';

export type BasemapId = 'coastline' | 'emap' | 'style' | 'streets';

export interface BasemapConfig {
  mapStyleUrl?: string;
  /** Path of the server's PMTiles file (web-config `offlineTilesUrl`). */
  offlineTilesUrl?: string;
}

/** 臺灣通用電子地圖 (EMAP) from the NLSC WMTS, in the Web Mercator tile matrix set (GoogleMapsCompatible): rows before columns. */
export const NLSC_EMAP_TILES = 'https://wmts.nlsc.gov.tw/wmts/EMAP/default/GoogleMapsCompatible/{z}/{y}/{x}';
export const NLSC_ATTRIBUTION = '© 內政部國土測繪中心';

export const BASEMAP_STORAGE_KEY = 'sw.basemap';

export const COLORS = {
  sea: '#0b1a2b',
  land: '#1b2a3a',
  coast: '#3f5b78',
  road: '#5f7894',
  majorRoad: '#8aa4c0',
  water: '#0e2236',
};

const BASE = { 'sw:base': true };

function coastline(): StyleSpecification {
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

function emap(): StyleSpecification {
  return {
    version: 8,
    sources: {
      emap: { type: 'raster', tiles: [NLSC_EMAP_TILES], tileSize: 256, maxzoom: 19, attribution: NLSC_ATTRIBUTION },
    },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': COLORS.sea } },
      { id: 'emap', type: 'raster', source: 'emap' },
    ],
  };
}

/**
 * The offline street map. Tile files follow one of two common schemas (Protomaps' `earth`/`roads`/
 * `places`, OpenMapTiles' `landcover`/`transportation`/`place`); layers of both are listed and
 * those the file lacks draw nothing. Place names are drawn as label images (see labelImages.ts),
 * so no glyph server is needed.
 */
function streets(tilesUrl: string): StyleSpecification {
  const name = ['coalesce', ['get', 'name:zh-Hant'], ['get', 'name:zh'], ['get', 'name'], ''];
  const roadWidth = ['interpolate', ['linear'], ['zoom'], 8, 0.5, 16, 4];
  return {
    version: 8,
    sources: { streets: { type: 'vector', url: `pmtiles://${new URL(tilesUrl, location.href).href}` } },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': COLORS.sea } },
      { id: 'streets-earth', type: 'fill', source: 'streets', 'source-layer': 'earth', paint: { 'fill-color': COLORS.land } },
      { id: 'streets-landcover', type: 'fill', source: 'streets', 'source-layer': 'landcover', paint: { 'fill-color': COLORS.land } },
      { id: 'streets-water', type: 'fill', source: 'streets', 'source-layer': 'water', paint: { 'fill-color': COLORS.water } },
      { id: 'streets-roads', type: 'line', source: 'streets', 'source-layer': 'roads', paint: { 'line-color': COLORS.road, 'line-width': roadWidth as never } },
      { id: 'streets-transportation', type: 'line', source: 'streets', 'source-layer': 'transportation', paint: { 'line-color': COLORS.road, 'line-width': roadWidth as never } },
      { id: 'streets-boundaries', type: 'line', source: 'streets', 'source-layer': 'boundaries', paint: { 'line-color': COLORS.coast, 'line-dasharray': [3, 2] } },
      ...['places', 'place'].map(
        (layer): LayerSpecification => ({
          id: `streets-${layer}`,
          type: 'symbol',
          source: 'streets',
          'source-layer': layer,
          filter: ['!=', name, ''] as never,
          layout: { 'icon-image': ['concat', 'label:', name] as never, 'icon-allow-overlap': false },
        }),
      ),
    ],
  };
}

/** The base maps this server offers, in the switch's order. */
export function basemapChoices(cfg: BasemapConfig): BasemapId[] {
  return ['coastline', 'emap', ...(cfg.mapStyleUrl ? (['style'] as const) : []), ...(cfg.offlineTilesUrl ? (['streets'] as const) : [])];
}

export function basemapStyle(id: BasemapId, cfg: BasemapConfig): StyleSpecification | string {
  if (id === 'emap') return emap();
  if (id === 'style' && cfg.mapStyleUrl) return cfg.mapStyleUrl;
  if (id === 'streets' && cfg.offlineTilesUrl) return streets(cfg.offlineTilesUrl);
  return coastline();
}

/** The remembered choice if this server still offers it; else the configured style, else the coastline. */
export function initialBasemap(cfg: BasemapConfig): BasemapId {
  const choices = basemapChoices(cfg);
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(BASEMAP_STORAGE_KEY);
  } catch {
    // Storage may be refused (private mode): the default serves.
  }
  if (saved && (choices as string[]).includes(saved)) return saved as BasemapId;
  return cfg.mapStyleUrl ? 'style' : 'coastline';
}

export function rememberBasemap(id: BasemapId): void {
  try {
    localStorage.setItem(BASEMAP_STORAGE_KEY, id);
  } catch {
    // Not remembered; the switch still works for this page.
  }
}

const isBase = (l: LayerSpecification) => Boolean((l.metadata as Record<string, unknown> | undefined)?.['sw:base']);

/**
 * The next base style's layers (marked as base) under the previous style's own layers, with the
 * sources those use. (MapLibre does not carry custom layers over: keep WebGL drawing outside the
 * style, as the vehicle layer does.)
 */
export function keepOverlays(previous: StyleSpecification | undefined, next: StyleSpecification): StyleSpecification {
  const baseLayers = next.layers.map((l) => ({ ...l, metadata: { ...(l.metadata as object | undefined), ...BASE } }) as LayerSpecification);
  const overlays = (previous?.layers ?? []).filter((l) => !isBase(l));
  const sources: Record<string, SourceSpecification> = { ...next.sources };
  for (const l of overlays) {
    const src = 'source' in l ? l.source : undefined;
    if (typeof src === 'string' && previous?.sources[src]) sources[src] = previous.sources[src];
  }
  return { ...next, sources, layers: [...baseLayers, ...overlays] };
}

export function switchBasemap(map: MLMap, id: BasemapId, cfg: BasemapConfig): void {
  map.setStyle(basemapStyle(id, cfg), { diff: false, transformStyle: keepOverlays });
}
