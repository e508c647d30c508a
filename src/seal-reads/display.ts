// What an e-paper seal (電子紙封條) shows for its trip: the CN number, the container, where it is
// going (the destination's Chinese name), the deadline in Taiwan time and a QR code of the CN
// number, as text and as a small monochrome bitmap a seal writer loads: 296×128 (a common 2.9"
// e-paper panel), as a 1-bit PNG or a binary PBM (P4). Drawn with @napi-rs/canvas in Noto Sans TC,
// then thresholded to black and white.
import { createRequire } from 'node:module';
import { deflateSync, crc32 } from 'node:zlib';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import QRCode from 'qrcode';
import type { Principal } from '../auth/roles.ts';
import { notFound } from '../core/errors.ts';
import { validateSealNo } from '../core/ids/index.ts';
import { canSeeNote } from '../access/policy.ts';
import type { AppContext } from '../platform.ts';

export const DISPLAY_WIDTH = 296;
export const DISPLAY_HEIGHT = 128;
const FONT_FAMILY = 'Noto Sans TC';

export interface SealDisplay {
  sealNo: string;
  cnNo: string;
  containerNo: string;
  tripId: string | null;
  origin: { code: string; name: string | null };
  destination: { code: string; name: string | null };
  /** Departure + the route's time limit, in Asia/Taipei; before departure from now (estimated). */
  deadline: string | null;
  deadlineEstimated: boolean;
  deadlineText: string | null;
  maxDurationMin: number | null;
  /** The text the QR code holds: the CN number. */
  qr: string;
  lines: string[];
  bitmap: { width: number; height: number };
}

/** `ms` as Taiwan wall-clock time with its offset (+08:00, no daylight saving). */
function taipeiIso(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00');
}

/** The display of the seal's newest live CN (else its newest), if the caller may see that CN. */
export async function sealDisplay(ctx: AppContext, p: Principal, sealNoRaw: string, nowMs = Date.now()): Promise<SealDisplay> {
  const v = validateSealNo(sealNoRaw);
  if (!v.ok) throw notFound(`Seal ${sealNoRaw}`, 'seal', sealNoRaw);
  const [note] = await ctx.db.query(
    `select s.seal_no, s.container_no, t.cn_no, t.sender_ubn, t.origin, t.destination, t.route_code
     from transport_note_seals s join transport_notes t on t.cn_no = s.cn_no
     where upper(s.seal_no) = $1 and t.status = 'live'
     order by (t.closed_at is null) desc, t.updated_at desc limit 1`,
    [v.value],
  );
  if (!note || !(await canSeeNote(ctx.db, p, { cnNo: note.cn_no, senderUbn: note.sender_ubn, origin: note.origin, destination: note.destination }))) {
    throw notFound(`Seal ${v.value}`, 'seal', v.value);
  }
  const [facilities, routes, trips] = await Promise.all([
    ctx.db.query('select code, name from facilities where code = any($1)', [[note.origin, note.destination]]),
    note.route_code
      ? ctx.db.query('select body from routes where code = $1', [note.route_code])
      : ctx.db.query('select body from routes where origin = $1 and destination = $2 order by updated_at desc limit 1', [note.origin, note.destination]),
    ctx.db.query('select trip_id, departed_at from trips where $1 = any(cn_nos) order by created_at desc limit 1', [note.cn_no]),
  ]);
  const name = (code: string) => facilities.find((f) => f.code === code)?.name ?? null;
  const maxDurationMin: number | null = typeof routes[0]?.body?.maxDurationMin === 'number' ? routes[0].body.maxDurationMin : null;
  const departedMs = trips[0]?.departed_at ? new Date(trips[0].departed_at).getTime() : null;
  const deadlineMs = maxDurationMin === null ? null : (departedMs ?? nowMs) + maxDurationMin * 60_000;
  const deadline = deadlineMs === null ? null : taipeiIso(deadlineMs);
  const deadlineText = deadline === null ? null : `${deadline.slice(0, 10).replace(/-/g, '/')} ${deadline.slice(11, 16)}`;
  const destName = name(note.destination);
  return {
    sealNo: note.seal_no,
    cnNo: note.cn_no,
    containerNo: note.container_no,
    tripId: trips[0]?.trip_id ?? null,
    origin: { code: note.origin, name: name(note.origin) },
    destination: { code: note.destination, name: destName },
    deadline,
    deadlineEstimated: deadline !== null && departedMs === null,
    deadlineText,
    maxDurationMin,
    qr: note.cn_no,
    lines: [
      `CN ${note.cn_no}`,
      `櫃號 ${note.container_no}`,
      `運往 ${destName ?? note.destination}`,
      `期限 ${deadlineText ?? '—'}`,
    ],
    bitmap: { width: DISPLAY_WIDTH, height: DISPLAY_HEIGHT },
  };
}

let fontReady = false;
function ensureFont(): void {
  if (fontReady) return;
  const require = createRequire(import.meta.url);
  GlobalFonts.registerFromPath(require.resolve('@expo-google-fonts/noto-sans-tc/400Regular/NotoSansTC_400Regular.ttf'), FONT_FAMILY);
  fontReady = true;
}

/** The display drawn and thresholded: one byte per pixel, 1 = black, row by row. */
export function renderDisplayBits(d: Pick<SealDisplay, 'qr' | 'lines'>): Uint8Array {
  ensureFont();
  const w = DISPLAY_WIDTH;
  const h = DISPLAY_HEIGHT;
  const canvas = createCanvas(w, h);
  const g = canvas.getContext('2d');
  g.fillStyle = '#fff';
  g.fillRect(0, 0, w, h);
  // The QR code, whole modules only (no anti-aliasing), with its 4-module quiet zone, left.
  const qr = QRCode.create(d.qr, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const scale = Math.max(1, Math.floor(h / (n + 8)));
  const qrSide = (n + 8) * scale;
  const x0 = 4 * scale;
  const y0 = Math.floor((h - qrSide) / 2) + 4 * scale;
  g.fillStyle = '#000';
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if (qr.modules.get(y, x)) g.fillRect(x0 + x * scale, y0 + y * scale, scale, scale);
  // The text, right of the code; each line shrunk to fit.
  const left = qrSide + 2;
  const room = w - left - 2;
  const lineH = Math.floor(h / d.lines.length);
  d.lines.forEach((line, i) => {
    let size = Math.min(22, lineH - 6);
    g.font = `${size}px "${FONT_FAMILY}"`;
    while (size > 9 && g.measureText(line).width > room) {
      size--;
      g.font = `${size}px "${FONT_FAMILY}"`;
    }
    g.textBaseline = 'middle';
    g.fillText(line, left, Math.round(lineH * i + lineH / 2));
  });
  const rgba = g.getImageData(0, 0, w, h).data;
  const bits = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) {
    const lum = 0.299 * rgba[i * 4] + 0.587 * rgba[i * 4 + 1] + 0.114 * rgba[i * 4 + 2];
    bits[i] = lum < 128 ? 1 : 0;
  }
  return bits;
}

/** Rows packed 8 pixels a byte, most significant bit first; `black` is the bit value of a black pixel. */
function packRows(bits: Uint8Array, w: number, h: number, black: 0 | 1): Buffer {
  const stride = Math.ceil(w / 8);
  const out = Buffer.alloc(stride * h, black === 1 ? 0 : 0xff);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (bits[y * w + x] !== 1) continue;
      const i = y * stride + (x >> 3);
      const mask = 0x80 >> (x & 7);
      out[i] = black === 1 ? out[i] | mask : out[i] & ~mask;
    }
  }
  return out;
}

/** Binary PBM (P4): 1 = black. */
export function toPbm(bits: Uint8Array, w = DISPLAY_WIDTH, h = DISPLAY_HEIGHT): Buffer {
  return Buffer.concat([Buffer.from(`P4\n${w} ${h}\n`, 'ascii'), packRows(bits, w, h, 1)]);
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td) >>> 0);
  return Buffer.concat([len, td, crc]);
}

/** A 1-bit grayscale PNG (colour type 0, bit depth 1: 0 = black, 1 = white). */
export function toPng1(bits: Uint8Array, w = DISPLAY_WIDTH, h = DISPLAY_HEIGHT): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // grayscale
  const rows = packRows(bits, w, h, 0);
  const stride = Math.ceil(w / 8);
  const raw = Buffer.alloc((stride + 1) * h);
  for (let y = 0; y < h; y++) rows.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride); // filter 0 per row
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
