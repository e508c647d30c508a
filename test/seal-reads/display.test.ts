// The e-paper seal's bitmap: 296×128, black and white only (a 1-bit PNG and a P4 PBM of the same
// pixels), the QR code decodes to the CN number, and the text is drawn (Chinese included).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { loadImage, createCanvas } from '@napi-rs/canvas';
import zxing from '@zxing/library';

const { BinaryBitmap, HybridBinarizer, QRCodeReader, RGBLuminanceSource } = zxing;
import { DISPLAY_HEIGHT, DISPLAY_WIDTH, renderDisplayBits, toPbm, toPng1 } from '../../src/seal-reads/display.ts';

const DISPLAY = { qr: 'CNP00000041', lines: ['CN CNP00000041', '櫃號 CSQU0000826', '運往 高雄港大林蒲貨櫃場', '期限 2026/12/07 14:30'] };

/** Decodes a QR code from RGBA pixels. */
function decodeQr(rgba: Uint8ClampedArray | Uint8Array, w: number, h: number): string {
  const lum = new Uint8ClampedArray(w * h);
  for (let i = 0; i < w * h; i++) lum[i] = rgba[i * 4];
  const source = new RGBLuminanceSource(lum, w, h);
  return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source))).getText();
}

test('the PNG is 296×128, 1-bit grayscale, and its QR code decodes to the CN number', async () => {
  const png = toPng1(renderDisplayBits(DISPLAY));
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(png.toString('ascii', 12, 16), 'IHDR');
  assert.equal(png.readUInt32BE(16), DISPLAY_WIDTH);
  assert.equal(png.readUInt32BE(20), DISPLAY_HEIGHT);
  assert.equal(png[24], 1, 'bit depth 1');
  assert.equal(png[25], 0, 'grayscale');
  const img = await loadImage(png);
  assert.equal(img.width, 296);
  assert.equal(img.height, 128);
  const c = createCanvas(img.width, img.height);
  const g = c.getContext('2d');
  g.drawImage(img, 0, 0);
  const rgba = g.getImageData(0, 0, img.width, img.height).data;
  const values = new Set<number>();
  for (let i = 0; i < rgba.length; i += 4) values.add(rgba[i]);
  assert.deepEqual([...values].sort((a, b) => a - b), [0, 255], 'black and white only');
  assert.equal(decodeQr(rgba, img.width, img.height), 'CNP00000041');
  // The text half is not empty: the four lines are drawn right of the code.
  let ink = 0;
  for (let y = 0; y < 128; y++) for (let x = 140; x < 296; x++) if (rgba[(y * 296 + x) * 4] === 0) ink++;
  assert.ok(ink > 500, `text drawn (${ink} black pixels)`);
});

test('the PBM (P4) holds the same pixels, 1 = black, and decodes too', () => {
  const bits = renderDisplayBits(DISPLAY);
  const pbm = toPbm(bits);
  const header = 'P4\n296 128\n';
  assert.equal(pbm.toString('ascii', 0, header.length), header);
  assert.equal(pbm.length, header.length + 37 * 128);
  const rgba = new Uint8Array(296 * 128 * 4);
  for (let y = 0; y < 128; y++) {
    for (let x = 0; x < 296; x++) {
      const bit = (pbm[header.length + y * 37 + (x >> 3)] >> (7 - (x & 7))) & 1;
      assert.equal(bit, bits[y * 296 + x]);
      rgba.fill(bit ? 0 : 255, (y * 296 + x) * 4, (y * 296 + x) * 4 + 4);
    }
  }
  assert.equal(decodeQr(rgba, 296, 128), 'CNP00000041');
  // The PNG's rows carry the same bits, inverted (PNG grayscale: 0 is black).
  const png = toPng1(bits);
  const idat = png.subarray(33 + 8, png.length - 12 - 4);
  const raw = inflateSync(idat);
  assert.equal(raw.length, 38 * 128);
  assert.equal(raw[1 + 0] ^ 0xff, pbm[header.length]);
});
