// What an upload really is, by its first bytes (the name and the declared type can say anything).
// Photos from phones: JPEG, PNG, WebP, and HEIC/HEIF (iPhone camera default).

export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/heic';

/** ISO-BMFF brands of HEIF images (HEVC-coded or not). */
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1']);

export function sniffImage(b: Uint8Array): ImageType | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v)) return 'image/png';
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (b.length >= 12 && ascii(4, 8) === 'ftyp') {
    // The major brand, then the compatible brands up to the end of the ftyp box.
    const boxSize = ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
    const end = Math.min(b.length, boxSize >= 16 ? boxSize : 12);
    if (HEIF_BRANDS.has(ascii(8, 12))) return 'image/heic';
    for (let i = 16; i + 4 <= end; i += 4) if (HEIF_BRANDS.has(ascii(i, i + 4))) return 'image/heic';
  }
  return null;
}

export const EXTENSION: Record<ImageType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
};
