// A tiny PMTiles v3 archive for tests: one vector tile (MVT) per zoom 0..2 over Taiwan, each with
// a `roads` layer (a line across the island) and a `places` layer (one named point). Written by
// hand from the two specs, so the console's reader is tested against the format, not against
// itself: https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md and
// https://github.com/mapbox/vector-tile-spec/tree/master/2.1
import { gzipSync } from 'node:zlib';

type LonLat = [number, number];

export const FIXTURE_PLACE = '測試港';
export const FIXTURE_ROAD: LonLat[] = [
  [120.2, 22.6],
  [120.7, 23.5],
  [121.5, 25.0],
];
export const FIXTURE_PLACE_AT: LonLat = [121.0, 23.6];
const EXTENT = 4096;

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
}
const zigzag = (n: number) => (n << 1) ^ (n >> 31);
const key = (field: number, wire: number) => varint((field << 3) | wire);
const bytesField = (field: number, b: number[] | Uint8Array) => [...key(field, 2), ...varint(b.length), ...b];
const textField = (field: number, s: string) => bytesField(field, new TextEncoder().encode(s));
const uintField = (field: number, n: number) => [...key(field, 0), ...varint(n)];
const packed = (field: number, xs: number[]) => bytesField(field, xs.flatMap(varint));

/** Tile pixel coordinates (0..EXTENT) of a point in tile z/x/y. */
function tileXY([lon, lat]: LonLat, z: number, x: number, y: number): [number, number] {
  const n = 2 ** z;
  const mx = ((lon + 180) / 360) * n;
  const my = ((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * n;
  return [Math.round((mx - x) * EXTENT), Math.round((my - y) * EXTENT)];
}

/** MoveTo the first point, LineTo the rest, as zigzag deltas. */
function geometry(points: [number, number][]): number[] {
  const out: number[] = [];
  let cx = 0;
  let cy = 0;
  points.forEach(([px, py], i) => {
    if (i === 0) out.push((1 & 7) | (1 << 3));
    if (i === 1) out.push((2 & 7) | ((points.length - 1) << 3));
    out.push(zigzag(px - cx), zigzag(py - cy));
    cx = px;
    cy = py;
  });
  return out;
}

function layer(name: string, features: number[][], keys: string[], values: string[]): number[] {
  return [
    ...uintField(15, 2),
    ...textField(1, name),
    ...features.flatMap((f) => bytesField(2, f)),
    ...keys.flatMap((k) => textField(3, k)),
    ...values.flatMap((v) => bytesField(4, textField(1, v))),
    ...uintField(5, EXTENT),
  ];
}

export function fixtureTile(z: number, x: number, y: number): Uint8Array {
  const road = [...uintField(1, 1), ...uintField(3, 2), ...packed(4, geometry(FIXTURE_ROAD.map((p) => tileXY(p, z, x, y))))];
  const place = [...uintField(1, 2), ...packed(2, [0, 0]), ...uintField(3, 1), ...packed(4, geometry([tileXY(FIXTURE_PLACE_AT, z, x, y)]))];
  return new Uint8Array([...bytesField(3, layer('roads', [road], [], [])), ...bytesField(3, layer('places', [place], ['name'], [FIXTURE_PLACE]))]);
}

/** Hilbert tile id, written out from the spec independently of the console's reader. */
function tileId(z: number, x: number, y: number): number {
  let acc = 0;
  for (let i = 0; i < z; i++) acc += 4 ** i;
  const n = 2 ** z;
  let d = 0;
  for (let s = n / 2; s >= 1; s /= 2) {
    const rx = x & s ? 1 : 0;
    const ry = y & s ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry === 0) {
      if (rx === 1) {
        x = n - 1 - x;
        y = n - 1 - y;
      }
      [x, y] = [y, x];
    }
  }
  return acc + d;
}

function u64(view: DataView, at: number, n: number) {
  view.setUint32(at, n % 2 ** 32, true);
  view.setUint32(at + 4, Math.floor(n / 2 ** 32), true);
}

/** The archive: tiles at z0..2 covering Taiwan, root directory gzip-compressed (as most files are). */
export function buildFixture(): Buffer {
  const tiles = [
    [0, 0, 0],
    [1, 1, 0],
    [2, 3, 1],
  ].map(([z, x, y]) => ({ id: tileId(z, x, y), data: fixtureTile(z, x, y) }));
  tiles.sort((a, b) => a.id - b.id);
  let offset = 0;
  const entries = tiles.map((t) => {
    const e = { id: t.id, offset, length: t.data.length };
    offset += t.data.length;
    return e;
  });
  let prev = 0;
  const dir = [
    ...varint(entries.length),
    ...entries.flatMap((e) => {
      const delta = e.id - prev;
      prev = e.id;
      return varint(delta);
    }),
    ...entries.flatMap(() => varint(1)),
    ...entries.flatMap((e) => varint(e.length)),
    ...entries.flatMap((e) => varint(e.offset + 1)),
  ];
  const root = gzipSync(Buffer.from(dir));
  const metadata = gzipSync(Buffer.from(JSON.stringify({ vector_layers: [{ id: 'roads', fields: {} }, { id: 'places', fields: { name: 'String' } }], attribution: 'test' })));
  const tileData = Buffer.concat(tiles.map((t) => Buffer.from(t.data)));

  const header = Buffer.alloc(127);
  header.write('PMTiles', 0, 'ascii');
  header[7] = 3;
  const v = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const rootOffset = 127;
  const metadataOffset = rootOffset + root.length;
  const leafOffset = metadataOffset + metadata.length;
  const dataOffset = leafOffset;
  u64(v, 8, rootOffset);
  u64(v, 16, root.length);
  u64(v, 24, metadataOffset);
  u64(v, 32, metadata.length);
  u64(v, 40, leafOffset);
  u64(v, 48, 0);
  u64(v, 56, dataOffset);
  u64(v, 64, tileData.length);
  u64(v, 72, tiles.length);
  u64(v, 80, tiles.length);
  u64(v, 88, tiles.length);
  header[96] = 1; // clustered
  header[97] = 2; // internal compression: gzip
  header[98] = 1; // tile compression: none
  header[99] = 1; // MVT
  header[100] = 0; // min zoom
  header[101] = 2; // max zoom
  v.setInt32(102, 119_000_0000, true);
  v.setInt32(106, 21_000_0000, true);
  v.setInt32(110, 123_000_0000, true);
  v.setInt32(114, 26_000_0000, true);
  header[118] = 2;
  v.setInt32(119, 121_000_0000, true);
  v.setInt32(123, 23_500_0000, true);
  return Buffer.concat([header, root, metadata, tileData]);
}
