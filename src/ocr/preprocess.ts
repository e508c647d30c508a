// Images as the recogniser sees them: decoded once into grey levels, then offered in several
// versions, because no single one reads every door: the grey image as taken, a global (Otsu)
// threshold with the background made white (light paint on a dark door becomes dark on light),
// the same straightened when the camera saw the door tilted, and the grey image inverted.
import { createCanvas, loadImage, type Image } from '@napi-rs/canvas';
import { invalidField, tooLarge } from '../core/errors.ts';

/** A grey image, one byte a pixel, row by row. */
export interface Gray {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Decompressing more than this many pixels is refused, whatever the file's size. */
export const MAX_PIXELS = 40_000_000;
/** Longest side handed to the recogniser: large photos are scaled down, small ones up. */
const MAX_SIDE = 1800;
const MIN_SIDE = 900;

/** Decodes a JPEG, PNG, WebP, GIF or BMP into grey levels, scaled to a size the recogniser reads well. */
export async function decodeGray(bytes: Uint8Array, path = '/body'): Promise<Gray> {
  let img: Image;
  try {
    img = await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (err) {
    throw invalidField(path, `is not an image that can be read (JPEG, PNG, WebP, GIF or BMP): ${(err as Error).message}`, 'image.unreadable');
  }
  if (!img.width || !img.height) throw invalidField(path, 'is not an image that can be read (JPEG, PNG, WebP, GIF or BMP)', 'image.unreadable');
  if (img.width * img.height > MAX_PIXELS) throw tooLarge(`The image has ${img.width}×${img.height} pixels; at most ${MAX_PIXELS} are read`);
  const long = Math.max(img.width, img.height);
  const scale = long > MAX_SIDE ? MAX_SIDE / long : long < MIN_SIDE ? MIN_SIDE / long : 1;
  const width = Math.max(1, Math.round(img.width * scale));
  const height = Math.max(1, Math.round(img.height * scale));
  const canvas = createCanvas(width, height);
  const g = canvas.getContext('2d');
  g.fillStyle = '#fff';
  g.fillRect(0, 0, width, height);
  g.drawImage(img, 0, 0, width, height);
  const rgba = g.getImageData(0, 0, width, height).data;
  const data = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < data.length; i++, p += 4) data[i] = (rgba[p] * 299 + rgba[p + 1] * 587 + rgba[p + 2] * 114) / 1000;
  return { width, height, data };
}

/** Otsu's threshold: the grey level that best separates the two classes of pixels. */
export function otsuThreshold(img: Gray): number {
  const hist = new Array<number>(256).fill(0);
  for (const v of img.data) hist[v]++;
  const total = img.data.length;
  let sumAll = 0;
  for (let i = 0; i < 256; i++) sumAll += i * hist[i];
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let threshold = 127;
  for (let t = 0; t < 256; t++) {
    wB += hist[t];
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t];
    const mB = sumB / wB;
    const mF = (sumAll - sumB) / wF;
    const between = wB * wF * (mB - mF) ** 2;
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

export function invert(img: Gray): Gray {
  const data = new Uint8Array(img.data.length);
  for (let i = 0; i < data.length; i++) data[i] = 255 - img.data[i];
  return { ...img, data };
}

/** Black text on white: thresholded, and inverted when the dark class is the larger (the background). */
export function binarize(img: Gray): Gray {
  const t = otsuThreshold(img);
  let dark = 0;
  for (const v of img.data) if (v <= t) dark++;
  const darkBackground = dark > img.data.length / 2;
  const data = new Uint8Array(img.data.length);
  for (let i = 0; i < data.length; i++) {
    const isDark = img.data[i] <= t;
    data[i] = isDark !== darkBackground ? 0 : 255;
  }
  return { ...img, data };
}

/**
 * The tilt of the text lines in a binary image (degrees, positive clockwise): the angle whose
 * projection of the dark pixels onto the vertical is the most peaked (lines of text give sharp rows).
 */
export function estimateSkew(bin: Gray, maxDeg = 12): number {
  const pts: number[] = [];
  // A sample of the dark pixels is enough, and keeps this fast on large images.
  const step = Math.max(1, Math.floor(Math.sqrt((bin.width * bin.height) / 250_000)));
  for (let y = 0; y < bin.height; y += step) {
    for (let x = 0; x < bin.width; x += step) if (bin.data[y * bin.width + x] === 0) pts.push(x, y);
  }
  if (pts.length < 40) return 0;
  // At most 20,000 points, taken evenly.
  const every = Math.max(1, Math.ceil(pts.length / 2 / 20_000));
  const diag = Math.ceil(Math.hypot(bin.width, bin.height) / step) + 2;
  const bins = new Int32Array(2 * diag + 1);
  const score = (deg: number) => {
    const a = (deg * Math.PI) / 180;
    const s = Math.sin(a) / step;
    const c = Math.cos(a) / step;
    bins.fill(0);
    for (let i = 0; i < pts.length; i += 2 * every) bins[diag + Math.round(-pts[i] * s + pts[i + 1] * c)]++;
    let sq = 0;
    for (const n of bins) sq += n * n;
    return sq;
  };
  let best = 0;
  let bestScore = -1;
  for (let d = -maxDeg; d <= maxDeg; d += 1) {
    const sc = score(d);
    if (sc > bestScore) [best, bestScore] = [d, sc];
  }
  const coarse = best;
  for (let d = coarse - 0.75; d <= coarse + 0.75; d += 0.25) {
    const sc = score(d);
    if (sc > bestScore) [best, bestScore] = [d, sc];
  }
  return best;
}

/** The image turned by `deg` degrees (counter to the measured tilt), the corners filled white. */
export function rotate(img: Gray, deg: number, fill = 255): Gray {
  const src = createCanvas(img.width, img.height);
  const sg = src.getContext('2d');
  const id = sg.createImageData(img.width, img.height);
  for (let i = 0, p = 0; i < img.data.length; i++, p += 4) {
    id.data[p] = id.data[p + 1] = id.data[p + 2] = img.data[i];
    id.data[p + 3] = 255;
  }
  sg.putImageData(id, 0, 0);
  const dst = createCanvas(img.width, img.height);
  const dg = dst.getContext('2d');
  dg.fillStyle = `rgb(${fill},${fill},${fill})`;
  dg.fillRect(0, 0, img.width, img.height);
  dg.translate(img.width / 2, img.height / 2);
  dg.rotate((-deg * Math.PI) / 180);
  dg.drawImage(src, -img.width / 2, -img.height / 2);
  const rgba = dg.getImageData(0, 0, img.width, img.height).data;
  const data = new Uint8Array(img.data.length);
  for (let i = 0, p = 0; i < data.length; i++, p += 4) data[i] = rgba[p];
  return { ...img, data };
}

/** A binary PGM (P5) file: the recogniser's image reader takes it without any compression step. */
export function toPgm(img: Gray): Buffer {
  const header = Buffer.from(`P5\n${img.width} ${img.height}\n255\n`, 'ascii');
  return Buffer.concat([header, Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength)]);
}

/** A 3×3 mean: takes the edge off sensor noise before thresholding. */
export function smooth(img: Gray): Gray {
  const { width: w, height: h } = img;
  const rows = new Uint16Array(img.data.length);
  for (let y = 0; y < h; y++) {
    const o = y * w;
    for (let x = 0; x < w; x++) rows[o + x] = img.data[o + x] + (x > 0 ? img.data[o + x - 1] : img.data[o + x]) + (x < w - 1 ? img.data[o + x + 1] : img.data[o + x]);
  }
  const data = new Uint8Array(img.data.length);
  for (let y = 0; y < h; y++) {
    const up = y > 0 ? y - 1 : y;
    const down = y < h - 1 ? y + 1 : y;
    for (let x = 0; x < w; x++) data[y * w + x] = (rows[up * w + x] + rows[y * w + x] + rows[down * w + x]) / 9;
  }
  return { ...img, data };
}

/**
 * How much a stroke must differ from its surroundings: a share of the image's contrast (between its
 * darkest and lightest half per cent), so corrugation shading stays below it while paint is above.
 */
export function contrastMargin(img: Gray, share = 0.2): number {
  const hist = new Array<number>(256).fill(0);
  for (const v of img.data) hist[v]++;
  const cut = img.data.length * 0.005;
  let lo = 0;
  for (let acc = 0; lo < 255 && (acc += hist[lo]) < cut; lo++);
  let hi = 255;
  for (let acc = 0; hi > 0 && (acc += hist[hi]) < cut; hi--);
  return Math.max(16, share * (hi - lo));
}

/**
 * A local threshold (mean of the pixel's neighbourhood, from an integral image): strokes are the
 * pixels darker (`dark`) or lighter than their surroundings by `margin`, drawn black on white. A
 * global threshold fails where a door, its paint marks and a plate have three different levels.
 */
export function adaptiveThreshold(img: Gray, text: 'dark' | 'light', window = 51, margin = contrastMargin(img)): Gray {
  const { width: w, height: h } = img;
  const integral = new Float64Array((w + 1) * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) {
      row += img.data[y * w + x];
      integral[(y + 1) * (w + 1) + x + 1] = integral[y * (w + 1) + x + 1] + row;
    }
  }
  const r = window >> 1;
  const data = new Uint8Array(img.data.length).fill(255);
  for (let y = 0; y < h; y++) {
    const y0 = Math.max(0, y - r);
    const y1 = Math.min(h, y + r + 1);
    for (let x = 0; x < w; x++) {
      const x0 = Math.max(0, x - r);
      const x1 = Math.min(w, x + r + 1);
      const sum = integral[y1 * (w + 1) + x1] - integral[y0 * (w + 1) + x1] - integral[y1 * (w + 1) + x0] + integral[y0 * (w + 1) + x0];
      const mean = sum / ((y1 - y0) * (x1 - x0));
      const v = img.data[y * w + x];
      if (text === 'dark' ? v < mean - margin : v > mean + margin) data[y * w + x] = 0;
    }
  }
  return { ...img, data };
}

/**
 * Removes what is not a character from a binary image: components too large to be one (door
 * edges, locking bars, shadows), too small (noise), thin lines (corrugation shadows) and rectangular frames (the box painted around a check digit,
 * a plate's rim), which make the recogniser drop the character inside.
 */
export function removeNonText(bin: Gray): Gray {
  const { width: w, height: h } = bin;
  const data = Uint8Array.from(bin.data);
  const seen = new Uint8Array(data.length);
  const stack: number[] = [];
  const pixels: number[] = [];
  for (let start = 0; start < data.length; start++) {
    if (data[start] !== 0 || seen[start]) continue;
    pixels.length = 0;
    stack.push(start);
    seen[start] = 1;
    let minX = w;
    let maxX = 0;
    let minY = h;
    let maxY = 0;
    while (stack.length) {
      const p = stack.pop()!;
      pixels.push(p);
      const x = p % w;
      const y = (p - x) / w;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= w) continue;
          const q = yy * w + xx;
          if (data[q] === 0 && !seen[q]) {
            seen[q] = 1;
            stack.push(q);
          }
        }
      }
    }
    const bw = maxX - minX + 1;
    const bh = maxY - minY + 1;
    const tooLarge = bh > 0.45 * h || bw > 0.45 * w;
    const speck = pixels.length < 20;
    const line = Math.max(bw, bh) > 20 && Math.max(bw, bh) > 9 * Math.min(bw, bh);
    if (tooLarge || speck || line || (bw >= 16 && bh >= 16 && isFrame(pixels, w, minX, minY, bw, bh))) for (const p of pixels) data[p] = 255;
  }
  return { ...bin, data };
}

/** A component is a frame when it is hollow and covers all four sides of its box. */
function isFrame(pixels: readonly number[], w: number, minX: number, minY: number, bw: number, bh: number): boolean {
  if (pixels.length > 0.4 * bw * bh) return false;
  const band = Math.max(3, Math.round(0.15 * Math.min(bw, bh)));
  const top = new Uint8Array(bw);
  const bottom = new Uint8Array(bw);
  const left = new Uint8Array(bh);
  const right = new Uint8Array(bh);
  for (const p of pixels) {
    const x = (p % w) - minX;
    const y = Math.floor(p / w) - minY;
    if (y < band) top[x] = 1;
    if (y >= bh - band) bottom[x] = 1;
    if (x < band) left[y] = 1;
    if (x >= bw - band) right[y] = 1;
  }
  const cover = (a: Uint8Array) => a.reduce((s, v) => s + v, 0) / a.length;
  return cover(top) > 0.75 && cover(bottom) > 0.75 && cover(left) > 0.75 && cover(right) > 0.75;
}

function meanOf(img: Gray): number {
  let s = 0;
  for (const v of img.data) s += v;
  return s / img.data.length;
}

/** The image turned by `deg` degrees, the corners filled with the mean grey (no new edges). */
function straighten(img: Gray, deg: number): Gray {
  return rotate(img, deg, Math.round(meanOf(img)));
}

/**
 * The versions of an image to read, most often right first; each is made only when asked for.
 * Paint lighter than the door is the likelier on a dark door, darker on a light one.
 */
export function* variants(gray: Gray): Generator<{ name: string; image: Gray }> {
  const soft = smooth(gray);
  const first: 'dark' | 'light' = meanOf(gray) < 128 ? 'light' : 'dark';
  const second = first === 'dark' ? 'light' : 'dark';
  const skew = estimateSkew(removeNonText(adaptiveThreshold(soft, first)));
  const upright = Math.abs(skew) >= 0.75 ? straighten(soft, skew) : soft;
  yield { name: `${first}-text`, image: removeNonText(adaptiveThreshold(upright, first)) };
  yield { name: `${second}-text`, image: removeNonText(adaptiveThreshold(upright, second)) };
  const grey = Math.abs(skew) >= 0.75 ? straighten(gray, skew) : gray;
  yield { name: 'grey', image: grey };
  yield { name: 'threshold', image: binarize(grey) };
  yield { name: 'inverted', image: invert(grey) };
}

/** A box in image pixels, right and bottom edges excluded. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * The part of the image inside `box`, with a margin of a third of its height, enlarged `factor`
 * times (bilinear): a line read again on its own, larger, separates glyphs a condensed face draws
 * alike (Oswald's 7 and 1). Null for a box too small to hold characters.
 */
export function cropScaled(img: Gray, box: Box, factor = 2.5): Gray | null {
  const pad = Math.round((box.y1 - box.y0) / 3);
  const x0 = Math.max(0, box.x0 - pad);
  const y0 = Math.max(0, box.y0 - pad);
  const x1 = Math.min(img.width, box.x1 + pad);
  const y1 = Math.min(img.height, box.y1 + pad);
  if (x1 - x0 < 4 || y1 - y0 < 4) return null;
  const width = Math.round((x1 - x0) * factor);
  const height = Math.round((y1 - y0) * factor);
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(y1 - y0 - 1, Math.max(0, (y + 0.5) / factor - 0.5));
    const ya = Math.floor(sy);
    const yb = Math.min(y1 - y0 - 1, ya + 1);
    const fy = sy - ya;
    for (let x = 0; x < width; x++) {
      const sx = Math.min(x1 - x0 - 1, Math.max(0, (x + 0.5) / factor - 0.5));
      const xa = Math.floor(sx);
      const xb = Math.min(x1 - x0 - 1, xa + 1);
      const fx = sx - xa;
      const at = (xx: number, yy: number) => img.data[(y0 + yy) * img.width + x0 + xx];
      const top = at(xa, ya) * (1 - fx) + at(xb, ya) * fx;
      const bottom = at(xa, yb) * (1 - fx) + at(xb, yb) * fx;
      data[y * width + x] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
  return { width, height, data };
}
