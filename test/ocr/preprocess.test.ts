// The versions of a picture the recogniser reads: the local threshold finds paint of either
// polarity on a corrugated door, frames around a check digit go, tilt is measured.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCanvas } from '@napi-rs/canvas';
import { adaptiveThreshold, decodeGray, estimateSkew, removeNonText, type Gray } from '../../src/ocr/preprocess.ts';

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
