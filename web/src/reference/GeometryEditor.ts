// Drawing and editing one polygon or line on a MapLibre map, without a drawing library: click to
// add vertices, drag a vertex to move it, and positions named by validation errors are marked.
import type { GeoJSONSource, Map as MLMap, MapLayerMouseEvent, MapMouseEvent } from 'maplibre-gl';
import type { Feature, FeatureCollection, Position } from 'geojson';

export type ShapeKind = 'polygon' | 'line';

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

export class GeometryEditor {
  private coords: Position[] = [];
  private drawing = false;
  private dragIndex: number | null = null;

  constructor(
    private map: MLMap,
    private kind: ShapeKind,
    private onChange: (coords: Position[]) => void,
  ) {
    map.addSource('edit-shape', { type: 'geojson', data: EMPTY });
    map.addSource('edit-vertices', { type: 'geojson', data: EMPTY });
    map.addSource('edit-errors', { type: 'geojson', data: EMPTY });
    map.addLayer({ id: 'edit-fill', type: 'fill', source: 'edit-shape', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#4fc3f7', 'fill-opacity': 0.25 } });
    map.addLayer({ id: 'edit-line', type: 'line', source: 'edit-shape', paint: { 'line-color': '#4fc3f7', 'line-width': 2.5 } });
    map.addLayer({
      id: 'edit-vertices',
      type: 'circle',
      source: 'edit-vertices',
      paint: { 'circle-radius': 6, 'circle-color': '#ffffff', 'circle-stroke-color': '#1565c0', 'circle-stroke-width': 2 },
    });
    map.addLayer({
      id: 'edit-errors',
      type: 'circle',
      source: 'edit-errors',
      paint: { 'circle-radius': 11, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#ff3b30', 'circle-stroke-width': 3 },
    });
    map.on('click', this.onClick);
    map.on('mousedown', 'edit-vertices', this.onVertexDown);
    map.on('mouseenter', 'edit-vertices', this.onEnter);
    map.on('mouseleave', 'edit-vertices', this.onLeave);
  }

  destroy(): void {
    this.map.off('click', this.onClick);
    this.map.off('mousedown', 'edit-vertices', this.onVertexDown);
    this.map.off('mouseenter', 'edit-vertices', this.onEnter);
    this.map.off('mouseleave', 'edit-vertices', this.onLeave);
    for (const id of ['edit-errors', 'edit-vertices', 'edit-line', 'edit-fill']) if (this.map.getLayer(id)) this.map.removeLayer(id);
    for (const id of ['edit-errors', 'edit-vertices', 'edit-shape']) if (this.map.getSource(id)) this.map.removeSource(id);
  }

  setKind(kind: ShapeKind): void {
    this.kind = kind;
    this.render();
  }

  /** The open list of vertices (a polygon's closing vertex is implied). */
  setCoords(coords: Position[]): void {
    this.coords = coords.map((c) => [c[0], c[1]]);
    this.render();
  }

  startDrawing(): void {
    this.coords = [];
    this.drawing = true;
    this.map.getCanvas().style.cursor = 'crosshair';
    this.render();
    this.onChange(this.coords);
  }

  finishDrawing(): void {
    this.drawing = false;
    this.map.getCanvas().style.cursor = '';
  }

  get isDrawing(): boolean {
    return this.drawing;
  }

  /** Rings the vertices that validation named. */
  markErrors(positions: Position[]): void {
    (this.map.getSource('edit-errors') as GeoJSONSource).setData({
      type: 'FeatureCollection',
      features: positions.map((p) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: p } })),
    });
  }

  private onClick = (e: MapMouseEvent) => {
    if (!this.drawing) return;
    this.coords = [...this.coords, [round(e.lngLat.lng), round(e.lngLat.lat)]];
    this.render();
    this.onChange(this.coords);
  };

  private onEnter = () => {
    if (!this.drawing) this.map.getCanvas().style.cursor = 'move';
  };
  private onLeave = () => {
    if (!this.drawing && this.dragIndex === null) this.map.getCanvas().style.cursor = '';
  };

  private onVertexDown = (e: MapLayerMouseEvent) => {
    if (this.drawing) return;
    const index = e.features?.[0]?.properties?.index;
    if (typeof index !== 'number') return;
    e.preventDefault(); // keeps the map from panning while a vertex is dragged
    this.dragIndex = index;
    this.map.on('mousemove', this.onDragMove);
    this.map.once('mouseup', this.onDragEnd);
  };

  private onDragMove = (e: MapMouseEvent) => {
    if (this.dragIndex === null) return;
    this.coords = this.coords.map((c, i) => (i === this.dragIndex ? [round(e.lngLat.lng), round(e.lngLat.lat)] : c));
    this.render();
  };

  private onDragEnd = () => {
    this.map.off('mousemove', this.onDragMove);
    this.dragIndex = null;
    this.map.getCanvas().style.cursor = '';
    this.onChange(this.coords);
  };

  private render(): void {
    const c = this.coords;
    let shape: Feature | null = null;
    if (this.kind === 'polygon' && c.length >= 3) shape = { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[...c, c[0]]] } };
    else if (c.length >= 2) shape = { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: c } };
    (this.map.getSource('edit-shape') as GeoJSONSource).setData({ type: 'FeatureCollection', features: shape ? [shape] : [] });
    (this.map.getSource('edit-vertices') as GeoJSONSource).setData({
      type: 'FeatureCollection',
      features: c.map((p, index) => ({ type: 'Feature', properties: { index }, geometry: { type: 'Point', coordinates: p } })),
    });
  }
}

/** Six decimals: about 10 cm, finer than any GPS the engine will compare against. */
function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
