// A labelled set of container door pictures, drawn deterministically from a seed: door paint
// (light on dark and dark on light, corrugation), the container number as doors paint it (owner
// code and serial with a boxed check digit, on one line or two), the size-type code and weight
// marks beside it, sometimes a plate below, then tilt, blur, noise and JPEG compression.
// Fonts come from npm packages only (Noto Sans TC, Oswald, Roboto Mono).
import { createRequire } from 'node:module';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import { containerCheckDigit } from '../../src/core/ids/index.ts';
import { Prng } from './prng.ts';

const require = createRequire(import.meta.url);

const FONTS: readonly { family: string; file: string }[] = [
  { family: 'Noto Sans TC Bold', file: '@expo-google-fonts/noto-sans-tc/700Bold/NotoSansTC_700Bold.ttf' },
  { family: 'Noto Sans TC', file: '@expo-google-fonts/noto-sans-tc/500Medium/NotoSansTC_500Medium.ttf' },
  { family: 'Oswald', file: '@expo-google-fonts/oswald/500Medium/Oswald_500Medium.ttf' },
  { family: 'Roboto Mono Bold', file: '@expo-google-fonts/roboto-mono/700Bold/RobotoMono_700Bold.ttf' },
];
let fontsRegistered = false;
function registerFonts(): void {
  if (fontsRegistered) return;
  for (const f of FONTS) GlobalFonts.registerFromPath(require.resolve(f.file), f.family);
  fontsRegistered = true;
}

/** Door paint: background, text colour. */
const PAINTS: readonly { name: string; door: string; text: string }[] = [
  { name: 'maroon', door: '#7a1f1f', text: '#f2f2f2' },
  { name: 'navy', door: '#1d2f5a', text: '#f5f5f0' },
  { name: 'green', door: '#24553a', text: '#f0f0f0' },
  { name: 'charcoal', door: '#2f3236', text: '#f4e04d' },
  { name: 'blue', door: '#2a62a8', text: '#ffffff' },
  { name: 'white', door: '#e9e9e4', text: '#1a1a1a' },
  { name: 'orange', door: '#e0782a', text: '#141414' },
  { name: 'grey', door: '#b8bcbf', text: '#111d33' },
  { name: 'yellow', door: '#e3c13b', text: '#1b1b1b' },
];

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export interface DoorImage {
  name: string;
  bytes: Buffer;
  /** What the door shows. */
  containerNo: string;
  plate?: string;
  params: { font: string; paint: string; layout: string; tiltDeg: number; blurPx: number; noise: number; jpegQuality: number };
}

function randomContainerNo(rng: Prng): string {
  const owner = Array.from({ length: 3 }, () => LETTERS[rng.int(26)]).join('');
  const category = rng.next() < 0.9 ? 'U' : rng.next() < 0.5 ? 'J' : 'Z';
  const serial = String(rng.int(1_000_000)).padStart(6, '0');
  const first10 = owner + category + serial;
  return first10 + containerCheckDigit(first10);
}

function randomPlate(rng: Prng): { stored: string; display: string } {
  const l = (n: number) => Array.from({ length: n }, () => LETTERS[rng.int(26)]).join('');
  const d = (n: number) => Array.from({ length: n }, () => String(rng.int(10))).join('');
  const shapes = [() => `${l(3)}-${d(4)}`, () => `${d(4)}-${l(2)}`, () => `${l(2)}-${d(4)}`];
  const display = shapes[rng.int(shapes.length)]();
  return { display, stored: display.replace('-', '') };
}

function hexRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function shade(hex: string, f: number): string {
  const [r, g, b] = hexRgb(hex).map((v) => Math.max(0, Math.min(255, Math.round(v * f))));
  return `rgb(${r},${g},${b})`;
}

/** Corrugated door: vertical ribs, each lit on one side and shadowed on the other. */
function drawDoor(g: SKRSContext2D, w: number, h: number, paint: string, rng: Prng): void {
  g.fillStyle = paint;
  g.fillRect(0, 0, w, h);
  const rib = 36 + rng.int(30);
  for (let x = -rib; x < w + rib; x += rib) {
    const grad = g.createLinearGradient(x, 0, x + rib, 0);
    grad.addColorStop(0, shade(paint, 0.82));
    grad.addColorStop(0.35, shade(paint, 1.12));
    grad.addColorStop(0.7, shade(paint, 1.0));
    grad.addColorStop(1, shade(paint, 0.86));
    g.fillStyle = grad;
    g.fillRect(x, 0, rib, h);
  }
  // Locking bars and a few stains.
  g.fillStyle = shade(paint, 0.6);
  for (const bx of [w * 0.12, w * 0.88]) g.fillRect(bx, 0, 10, h);
  for (let i = 0; i < 6; i++) {
    g.fillStyle = `rgba(60,40,20,${0.05 + rng.next() * 0.1})`;
    g.beginPath();
    g.ellipse(rng.next() * w, rng.next() * h, 10 + rng.next() * 40, 5 + rng.next() * 20, rng.next() * 3, 0, Math.PI * 2);
    g.fill();
  }
}

function boxBlur(data: Uint8ClampedArray, w: number, h: number, r: number): void {
  if (r < 1) return;
  const tmp = new Float32Array(w * h);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < h; y++) {
      let acc = 0;
      for (let x = -r; x <= r; x++) acc += data[(y * w + Math.min(w - 1, Math.max(0, x))) * 4 + c];
      for (let x = 0; x < w; x++) {
        tmp[y * w + x] = acc / (2 * r + 1);
        acc += data[(y * w + Math.min(w - 1, x + r + 1)) * 4 + c] - data[(y * w + Math.max(0, x - r)) * 4 + c];
      }
    }
    for (let x = 0; x < w; x++) {
      let acc = 0;
      for (let y = -r; y <= r; y++) acc += tmp[Math.min(h - 1, Math.max(0, y)) * w + x];
      for (let y = 0; y < h; y++) {
        data[(y * w + x) * 4 + c] = acc / (2 * r + 1);
        acc += tmp[Math.min(h - 1, y + r + 1) * w + x] - tmp[Math.max(0, y - r) * w + x];
      }
    }
  }
}

/** Conditions to impose instead of drawing them (a clean picture for a test). */
export type DoorOverrides = Partial<Pick<DoorImage['params'], 'tiltDeg' | 'blurPx' | 'noise' | 'jpegQuality'>>;

/** One door picture from the seed's `index`-th draw. */
export function doorImage(seed: number, index: number, overrides: DoorOverrides = {}): DoorImage {
  registerFonts();
  const rng = new Prng(seed * 100_003 + index);
  const W = 960;
  const H = 600;
  const font = FONTS[rng.int(FONTS.length)];
  const paint = PAINTS[rng.int(PAINTS.length)];
  const containerNo = randomContainerNo(rng);
  const layout = rng.next() < 0.65 ? 'one-line' : 'two-lines';
  const withPlate = rng.next() < 0.4;
  const plate = withPlate ? randomPlate(rng) : undefined;
  const drawnTilt = Math.round(rng.range(-7, 7) * 10) / 10;
  const drawnBlur = rng.next() < 0.5 ? 0 : 1 + rng.int(2);
  const drawnNoise = Math.round(rng.range(0, 14));
  const drawnJpegQuality = 35 + rng.int(61);
  const tiltDeg = overrides.tiltDeg ?? drawnTilt;
  const blurPx = overrides.blurPx ?? drawnBlur;
  const noise = overrides.noise ?? drawnNoise;
  const jpegQuality = overrides.jpegQuality ?? drawnJpegQuality;

  const canvas = createCanvas(W, H);
  const g = canvas.getContext('2d');
  g.fillStyle = shade(paint.door, 0.5);
  g.fillRect(0, 0, W, H);
  g.save();
  g.translate(W / 2, H / 2);
  g.rotate((tiltDeg * Math.PI) / 180);
  g.translate(-W / 2, -H / 2);
  drawDoor(g, W, H, paint.door, rng);

  const size = Math.round(rng.range(54, 74));
  g.fillStyle = paint.text;
  g.strokeStyle = paint.text;
  g.textBaseline = 'alphabetic';
  g.font = `${size}px "${font.family}"`;
  const owner = containerNo.slice(0, 4);
  const serial = containerNo.slice(4, 10);
  const check = containerNo[10];
  const x = 170 + rng.int(120);
  let y = 120 + rng.int(60);
  // The check digit in its box, a stroke's width clear of it on every side.
  const drawChecked = (left: number, base: number) => {
    const m = g.measureText(check);
    const pad = Math.round(size * 0.14);
    const top = base - m.actualBoundingBoxAscent - pad;
    const height = m.actualBoundingBoxAscent + m.actualBoundingBoxDescent + 2 * pad;
    g.fillText(check, left + pad, base);
    g.lineWidth = Math.max(3, size / 16);
    g.strokeRect(left, top, m.width + 2 * pad, height);
  };
  if (layout === 'one-line') {
    const a = `${owner} ${serial}`;
    g.fillText(a, x, y);
    drawChecked(x + g.measureText(`${a}  `).width, y);
  } else {
    g.fillText(owner, x, y);
    y += size * 1.25;
    g.fillText(serial, x, y);
    drawChecked(x + g.measureText(`${serial}  `).width, y);
  }
  // The size-type code and weight marks, smaller.
  const small = Math.round(size * 0.6);
  g.font = `${small}px "${font.family}"`;
  y += size * 1.3;
  g.fillText(['45G1', '22G1', '42G1', '45R1', '22T6'][rng.int(5)], x, y);
  g.font = `${Math.round(size * 0.3)}px "${font.family}"`;
  g.fillText(`MAX GROSS ${24000 + rng.int(8000)} KG`, x + 4, y + size * 0.7);

  if (plate) {
    // A plate on the trailer's bumper below the door.
    const pw = 300;
    const ph = 110;
    const px = 330 + rng.int(200);
    const py = H - ph - 30;
    g.fillStyle = '#f7f7f2';
    g.fillRect(px, py, pw, ph);
    g.lineWidth = 5;
    g.strokeStyle = '#222';
    g.strokeRect(px + 4, py + 4, pw - 8, ph - 8);
    g.fillStyle = '#141414';
    g.font = `bold 70px "${font.family}"`;
    const tw = g.measureText(plate.display).width;
    g.save();
    g.translate(px + pw / 2, py + ph / 2 + 26);
    g.scale(Math.min(1, (pw - 30) / tw), 1);
    g.fillText(plate.display, -tw / 2, 0);
    g.restore();
  }
  g.restore();

  const id = g.getImageData(0, 0, W, H);
  boxBlur(id.data, W, H, blurPx);
  if (noise > 0) {
    for (let i = 0; i < id.data.length; i += 4) {
      const n = rng.normal() * noise;
      id.data[i] += n;
      id.data[i + 1] += n;
      id.data[i + 2] += n;
    }
  }
  g.putImageData(id, 0, 0);
  const bytes = canvas.toBuffer('image/jpeg', jpegQuality);
  return {
    name: `door-${seed}-${String(index).padStart(4, '0')}.jpg`,
    bytes,
    containerNo,
    ...(plate ? { plate: plate.stored } : {}),
    params: { font: font.family, paint: paint.name, layout, tiltDeg, blurPx, noise, jpegQuality },
  };
}

/** A door with nothing painted on it: the reader must answer no container number. */
export function blankDoor(seed: number): Buffer {
  const rng = new Prng(seed);
  const canvas = createCanvas(800, 500);
  drawDoor(canvas.getContext('2d'), 800, 500, PAINTS[rng.int(PAINTS.length)].door, rng);
  return canvas.toBuffer('image/jpeg', 85);
}
