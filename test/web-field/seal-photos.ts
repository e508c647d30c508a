// Test pictures of a container door carrying a passive seal with its printed code: the code made by
// bwip-js (Code 128, QR or Data Matrix, as seal makers print them), pasted on a label on a
// corrugated door with @napi-rs/canvas, a little rotated, the way a phone photographs it.
import bwipjs from 'bwip-js/node';
import { createCanvas, loadImage } from '@napi-rs/canvas';

export type Symbology = 'code128' | 'qrcode' | 'datamatrix';

export async function sealCode(text: string, symbology: Symbology): Promise<Buffer> {
  const twoD = symbology !== 'code128';
  const common = { bcid: symbology, text, paddingwidth: 8, paddingheight: 8, backgroundcolor: 'FFFFFF' };
  return bwipjs.toBuffer(twoD ? { ...common, scale: 6 } : { ...common, scale: 3, height: 14, includetext: true });
}

/** A 960×720 JPEG-sized PNG of a door with the seal's code on a label near the locking bar. */
export async function doorWithSeal(text: string, symbology: Symbology): Promise<Buffer> {
  const w = 960;
  const h = 720;
  const c = createCanvas(w, h);
  const g = c.getContext('2d');
  for (let x = 0; x < w; x += 24) {
    g.fillStyle = (x / 24) % 2 ? '#1f5a96' : '#2a6aa8';
    g.fillRect(x, 0, 24, h);
  }
  g.fillStyle = '#f2f2f2';
  g.fillRect(60, 50, 360, 70);
  g.fillStyle = '#111';
  g.font = 'bold 40px sans-serif';
  g.fillText('CSQU 305438 3', 75, 100);
  g.fillStyle = '#9aa3ab';
  g.fillRect(620, 0, 26, h);
  const code = await loadImage(await sealCode(text, symbology));
  const scale = Math.min(1, 340 / code.width);
  g.save();
  g.translate(540, 300);
  g.rotate(-0.06);
  g.fillStyle = '#f5c41c';
  g.fillRect(-14, -14, code.width * scale + 28, code.height * scale + 28);
  g.drawImage(code, 0, 0, code.width * scale, code.height * scale);
  g.restore();
  return c.toBuffer('image/png');
}
