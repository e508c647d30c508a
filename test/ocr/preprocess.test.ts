// The versions of a picture the recogniser reads: the local threshold finds paint of either
// polarity on a corrugated door, frames around a check digit go, tilt is measured.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCanvas } from '@napi-rs/canvas';
import { adaptiveThreshold, cropScaled, decodeGray, estimateSkew, removeNonText, type Gray } from '../../src/ocr/preprocess.ts';

/** A grey picture drawn with the canvas: background, then `draw` in the given colour. */
function picture(w: number, h: number, background: string, draw: (g: ReturnType<ReturnType<typeof createCanvas>['getContext']>) => void): Gray {
  const c = createCanvas(w, h);
  const g = c.getContext('2d');
  g.fillStyle = background;
  g.fillRect(0, 0, w, h);
  draw(g);
  const rgba = g.getImageData(0, 0, w, h).data;
  const data = new Uint8Array(w * h);
  for (let i = 0; i < data.length; i++) data[i] = rgba[i * 4];
  return { width: w, height: h, data };
}

const black = (img: Gray, x0: number, y0: number, x1: number, y1: number) => {
  let n = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (img.data[y * img.width + x] === 0) n++;
  return n;
};

describe('preprocessing', () => {
  it('finds light paint on a dark door and dark paint on a light one, black on white', () => {
    const bars = (g: any, colour: string) => {
      g.fillStyle = colour;
      g.fillRect(100, 100, 12, 60);
    };
    const dark = picture(300, 300, '#202020', (g) => bars(g, '#f0f0f0'));
    const light = picture(300, 300, '#e0e0e0', (g) => bars(g, '#101010'));
    for (const [img, text] of [[dark, 'light'], [light, 'dark']] as const) {
      const bin = adaptiveThreshold(img, text);
      assert.ok(black(bin, 102, 102, 110, 158) > 0.95 * 8 * 56, `${text} stroke is black`);
      assert.equal(black(bin, 150, 0, 300, 300), 0, `${text}: the plain door stays white`);
      assert.equal(black(adaptiveThreshold(img, text === 'light' ? 'dark' : 'light'), 102, 102, 110, 158), 0, 'the other polarity sees no stroke');
    }
  });

  it('removes the box around a check digit and keeps the digit', () => {
    const img = picture(400, 300, '#ffffff', (g) => {
      g.strokeStyle = '#000';
      g.lineWidth = 5;
      g.strokeRect(100, 80, 90, 120);
      g.fillStyle = '#000';
      g.fillRect(135, 105, 14, 70); // the digit "1"
    });
    const bin = adaptiveThreshold(img, 'dark');
    assert.ok(black(bin, 96, 76, 106, 204) > 100, 'the frame is there before');
    const clean = removeNonText(bin);
    assert.equal(black(clean, 90, 70, 110, 210), 0, 'frame gone');
    assert.ok(black(clean, 135, 105, 149, 175) > 0.9 * 14 * 70, 'digit kept');
  });

  it('measures the tilt of lines of text', () => {
    for (const deg of [-6, 0, 4]) {
      const img = picture(800, 500, '#ffffff', (g) => {
        g.translate(400, 250);
        g.rotate((deg * Math.PI) / 180);
        g.fillStyle = '#000';
        for (let row = 0; row < 3; row++) for (let i = 0; i < 12; i++) g.fillRect(-300 + i * 50, -100 + row * 80, 30, 40);
      });
      const skew = estimateSkew(adaptiveThreshold(img, 'dark'));
      assert.ok(Math.abs(skew - deg) <= 0.5, `tilt ${deg}° measured as ${skew}°`);
    }
  });

  it('refuses bytes that are no picture, naming the field', async () => {
    await assert.rejects(decodeGray(Buffer.from('hello'), '/body/image'), (err: any) => err.kind === 'invalid' && err.errors[0].path === '/body/image');
  });
});

describe('cropScaled', () => {
  it('cuts the box with a margin of a third of its height and enlarges it', () => {
    // 20×10: left half black, right half white.
    const data = new Uint8Array(200).map((_, i) => (i % 20 < 10 ? 0 : 255));
    const img: Gray = { width: 20, height: 10, data };
    const crop = cropScaled(img, { x0: 6, y0: 3, x1: 14, y1: 6 }, 2)!;
    // Margin 1 px: x 5..15, y 2..7 → 10×5, twice as large.
    assert.equal(crop.width, 20);
    assert.equal(crop.height, 10);
    assert.equal(crop.data[0], 0);
    assert.equal(crop.data[19], 255);
    assert.equal(crop.data[9 * 20 + 4], 0);
    assert.equal(crop.data[9 * 20 + 15], 255);
  });

  it('keeps to the image at its edges and refuses a box too small', () => {
    const img: Gray = { width: 20, height: 10, data: new Uint8Array(200).fill(128) };
    const crop = cropScaled(img, { x0: 0, y0: 0, x1: 20, y1: 9 }, 1)!;
    assert.deepEqual([crop.width, crop.height], [20, 10]);
    assert.equal(cropScaled(img, { x0: 5, y0: 5, x1: 6, y1: 6 }), null);
  });
});
