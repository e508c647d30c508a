/// <reference types="vite/client" />
declare module 'virtual:basemap' {
  import type { FeatureCollection, MultiPolygon } from 'geojson';
  const land: FeatureCollection<MultiPolygon, { id: string; name: string }>;
  export default land;
}
