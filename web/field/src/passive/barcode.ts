// Reading a seal's printed code from a photo: the seal carries its number as a barcode (Code 128 or
// Code 39), a QR code or a Data Matrix. The browser's BarcodeDetector is used where it exists
// (Android Chrome, macOS); elsewhere @zxing/library decodes the picture. The photo is drawn
// scaled down first: a 12-megapixel phone picture decodes as well at 1,200 px and much faster.
// The readers are imported one by one: the package's index pulls in every symbology and the
// browser helpers, twice the size, and declares no sideEffects for the bundler to drop them.
import BinaryBitmap from '@zxing/library/esm/core/BinaryBitmap';
import DecodeHintType from '@zxing/library/esm/core/DecodeHintType';
import type Reader from '@zxing/library/esm/core/Reader';
import RGBLuminanceSource from '@zxing/library/esm/core/RGBLuminanceSource';
import HybridBinarizer from '@zxing/library/esm/core/common/HybridBinarizer';
import DataMatrixReader from '@zxing/library/esm/core/datamatrix/DataMatrixReader';
import Code128Reader from '@zxing/library/esm/core/oned/Code128Reader';
import Code39Reader from '@zxing/library/esm/core/oned/Code39Reader';
import QRCodeReader from '@zxing/library/esm/core/qrcode/QRCodeReader';

const DETECTOR_FORMATS = ['qr_code', 'data_matrix', 'code_128', 'code_39', 'pdf417', 'aztec'];
const MAX_SIDE = 1200;

interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: ImageBitmapSource): Promise<DetectedBarcode[]>;
}
interface BarcodeDetectorCtor {
  new (opts?: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats?: () => Promise<string[]>;
}

/** The browser's detector when it exists and knows at least one seal format. */
async function nativeDetector(): Promise<BarcodeDetectorLike | null> {
  const Ctor = (globalThis as unknown as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector;
  if (!Ctor) return null;
  try {
    const supported = (await Ctor.getSupportedFormats?.()) ?? DETECTOR_FORMATS;
    const formats = DETECTOR_FORMATS.filter((f) => supported.includes(f));
    return formats.length ? new Ctor({ formats }) : null;
  } catch {
    return null;
  }
}

interface Grey {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** The picture in grey levels (one byte a pixel, what ZXing reads), its longer side at most MAX_SIDE. */
function greyOf(bitmap: ImageBitmap): Grey {
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d', { willReadFrequently: true })!;
  g.drawImage(bitmap, 0, 0, width, height);
  const rgba = g.getImageData(0, 0, width, height).data;
  const data = new Uint8ClampedArray(width * height);
  for (let i = 0, j = 0; j < data.length; i += 4, j++) data[j] = (rgba[i] * 299 + rgba[i + 1] * 587 + rgba[i + 2] * 114) / 1000;
  return { data, width, height };
}

function crop(img: Grey, x: number, y: number, width: number, height: number): Grey {
  const data = new Uint8ClampedArray(width * height);
  for (let row = 0; row < height; row++) data.set(img.data.subarray((y + row) * img.width + x, (y + row) * img.width + x + width), row * width);
  return { data, width, height };
}

/**
 * The whole picture first, then nine half-size windows (a 3×3 grid, overlapping): ZXing's Data
 * Matrix and 1D finders search from the middle of what they are given and lose a small code at the
 * side of a busy door; in a window the code is near the middle. Each symbology's reader is asked
 * on its own, so one's failure is not logged as another's.
 */
function zxingDecode(bitmap: ImageBitmap): string[] {
  const hints = new Map<DecodeHintType, unknown>([[DecodeHintType.TRY_HARDER, true]]);
  const readers: Reader[] = [new QRCodeReader(), new DataMatrixReader(), new Code128Reader(), new Code39Reader()];
  const img = greyOf(bitmap);
  const windows: Grey[] = [img];
  const w = Math.floor(img.width / 2);
  const h = Math.floor(img.height / 2);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) windows.push(crop(img, Math.floor((i * img.width) / 4), Math.floor((j * img.height) / 4), w, h));
  for (const win of windows) {
    const found: string[] = [];
    for (const reader of readers) {
      try {
        const bitmapOf = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(win.data, win.width, win.height)));
        found.push(reader.decode(bitmapOf, hints).getText());
      } catch {
        // Not found by this reader in this window.
      } finally {
        reader.reset();
      }
    }
    if (found.length) return found;
  }
  return [];
}

/** Every code found in the picture, trimmed, without repeats; none found is an empty list. */
export async function decodeCodes(image: Blob): Promise<string[]> {
  const bitmap = await createImageBitmap(image);
  try {
    const native = await nativeDetector();
    let found: string[] = [];
    if (native) found = (await native.detect(bitmap).catch(() => [])).map((b) => b.rawValue);
    if (found.length === 0) found = zxingDecode(bitmap);
    return [...new Set(found.map((s) => s.trim()).filter(Boolean))];
  } finally {
    bitmap.close();
  }
}
