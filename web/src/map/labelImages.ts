// Text on the map without a glyph server: labels are drawn on a canvas the first time a layer
// asks for the image `label:<text>` (or `count:<n>`), which keeps the basemap fully offline.
import type { Map as MLMap } from 'maplibre-gl';

const FONT = '700 13px "Noto Sans CJK TC", "Noto Sans TC", "Microsoft JhengHei", sans-serif';

function drawLabel(text: string, kind: 'label' | 'count'): ImageData {
  const ratio = 2;
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d')!;
  ctx.font = FONT;
  const w = Math.ceil(ctx.measureText(text).width) + (kind === 'count' ? 4 : 10);
  const h = 18;
  canvas.width = w * ratio;
  canvas.height = h * ratio;
  ctx.scale(ratio, ratio);
  ctx.font = FONT;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'center';
  if (kind === 'label') {
    ctx.fillStyle = 'rgba(8, 16, 28, 0.85)';
    ctx.beginPath();
    ctx.roundRect(0, 0, w, h, 4);
    ctx.fill();
  }
  ctx.fillStyle = '#ffffff';
  ctx.fillText(text, w / 2, h / 2 + 1);
  return ctx.getImageData(0, 0, canvas.width, canvas.height);
}

/** The label images each map has been given, kept to give them again to a new base style. */
const given = new WeakMap<MLMap, Map<string, ImageData>>();

/** Adds the image `label:<text>` or `count:<n>` if the map lacks it (false: not such a name). */
export function ensureLabelImage(map: MLMap, id: string): boolean {
  const m = /^(label|count):(.*)$/.exec(id);
  if (!m) return false;
  if (!map.hasImage(id)) {
    let images = given.get(map);
    if (!images) given.set(map, (images = new Map()));
    let image = images.get(id);
    if (!image) images.set(id, (image = drawLabel(m[2], m[1] as 'label' | 'count')));
    map.addImage(id, image, { pixelRatio: 2 });
  }
  return true;
}

/**
 * Label images are made when a layer first asks for them, through the map's missing-image
 * resolver (an image added from the `styleimagemissing` event would only show at the source's next
 * re-layout). A new base style (the base map switch) starts with no images: the labels drawn so far
 * are given back at once.
 */
export function installLabelImages(map: MLMap): void {
  map.setMissingStyleImageResolver((id) => void ensureLabelImage(map, id));
  map.on('style.load', () => {
    for (const id of given.get(map)?.keys() ?? []) ensureLabelImage(map, id);
  });
}
