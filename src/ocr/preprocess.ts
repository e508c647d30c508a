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
    throw invalidField(path, `is not an image that can be read (JPEG, PNG, WebP, GIF or BMP): ${(err as Error).message}`);
  }
  if (!img.width || !img.height) throw invalidField(path, 'is not an image that can be read (JPEG, PNG, WebP, GIF or BMP)');
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
  const score = (deg: number) => {
    const a = (deg * Math.PI) / 180;
    const s = Math.sin(a);
    const c = Math.cos(a);
    const bins = new Map<number, number>();
    for (let i = 0; i < pts.length; i += 2) {
      const r = Math.round((-pts[i] * s + pts[i + 1] * c) / step);
      bins.set(r, (bins.get(r) ?? 0) + 1);
    }
    let sq = 0;
    for (const n of bins.values()) sq += n * n;
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
export function rotate(img: Gray, deg: number): Gray {
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
  dg.fillStyle = '#fff';
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

/** The versions of an image to read, most often right first; each is made only when asked for. */
export function* variants(gray: Gray): Generator<{ name: string; image: Gray }> {
  const bin = binarize(gray);
  const skew = estimateSkew(bin);
  if (Math.abs(skew) >= 1) {
    yield { name: 'deskewed', image: binarize(rotate(gray, skew)) };
    yield { name: 'grey-deskewed', image: rotate(gray, skew) };
  }
  yield { name: 'threshold', image: bin };
  yield { name: 'grey', image: gray };
  yield { name: 'inverted', image: invert(gray) };
}
