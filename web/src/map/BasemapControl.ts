// The base map switch on every console map: a labelled list in the map's corner. The choice is
// remembered for the next map and the next visit.
import type { IControl, Map as MLMap } from 'maplibre-gl';
import { basemapChoices, rememberBasemap, switchBasemap, type BasemapConfig, type BasemapId } from './basemaps.ts';

export type BasemapLabels = Record<BasemapId | 'title', string>;

export class BasemapControl implements IControl {
  private container: HTMLDivElement | null = null;
  private select: HTMLSelectElement | null = null;
  private map: MLMap | null = null;

  constructor(
    private cfg: BasemapConfig,
    private current: BasemapId,
    private labels: BasemapLabels,
  ) {}

  onAdd(map: MLMap): HTMLElement {
    this.map = map;
    const div = document.createElement('div');
    div.className = 'maplibregl-ctrl maplibregl-ctrl-group basemap-switch';
    const select = document.createElement('select');
    select.dataset.testid = 'basemap-switch';
    select.addEventListener('change', () => this.choose(select.value as BasemapId));
    div.append(select);
    this.container = div;
    this.select = select;
    this.render();
    return div;
  }

  onRemove(): void {
    this.container?.remove();
    this.container = null;
    this.select = null;
    this.map = null;
  }

  /** New words after a language switch; the choice stays. */
  setLabels(labels: BasemapLabels): void {
    this.labels = labels;
    this.render();
  }

  get value(): BasemapId {
    return this.current;
  }

  choose(id: BasemapId): void {
    if (!this.map || id === this.current || !basemapChoices(this.cfg).includes(id)) return;
    this.current = id;
    rememberBasemap(id);
    switchBasemap(this.map, id, this.cfg);
    this.render();
  }

  private render(): void {
    const select = this.select;
    if (!select) return;
    select.title = this.labels.title;
    select.setAttribute('aria-label', this.labels.title);
    select.replaceChildren(
      ...basemapChoices(this.cfg).map((id) => {
        const o = document.createElement('option');
        o.value = id;
        o.textContent = this.labels[id];
        return o;
      }),
    );
    select.value = this.current;
  }
}
