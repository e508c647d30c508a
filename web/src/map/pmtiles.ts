// A reader of PMTiles v3 archives (one file of vector tiles, read by HTTP range requests) as the
// MapLibre protocol `pmtiles://<url of the file>`, so the console has a street map on a network
// with no internet. Directories are cached per archive; tiles are fetched as asked for.
// Format: https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md
import { addProtocol, type AddProtocolAction } from 'maplibre-gl';

const HEADER_BYTES = 127;
/** The header and root directory are within the first 16 KiB by the format's rule: one request. */
const FIRST_READ = 16_384;

export interface PMTilesHeader {
  rootOffset: number;
  rootLength: number;
  metadataOffset: number;
  metadataLength: number;
  leafOffset: number;
  tileDataOffset: number;
  internalCompression: number;
  tileCompression: number;
  tileType: number;
  minZoom: number;
  maxZoom: number;
  bounds: [number, number, number, number];
}

export interface DirEntry {
  tileId: number;
  offset: number;
  length: number;
  runLength: number;
}

const COMPRESSION_NONE = 1;
const COMPRESSION_GZIP = 2;
const TILE_MVT = 1;

export function readHeader(bytes: Uint8Array): PMTilesHeader {
  if (bytes.length < HEADER_BYTES || new TextDecoder().decode(bytes.subarray(0, 7)) !== 'PMTiles') throw new Error('not a PMTiles archive');
  if (bytes[7] !== 3) throw new Error(`PMTiles version ${bytes[7]} is not supported (3 is)`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u64 = (at: number) => v.getUint32(at, true) + v.getUint32(at + 4, true) * 2 ** 32;
  const e7 = (at: number) => v.getInt32(at, true) / 1e7;
  return {
    rootOffset: u64(8),
    rootLength: u64(16),
    metadataOffset: u64(24),
    metadataLength: u64(32),
    leafOffset: u64(40),
    tileDataOffset: u64(56),
    internalCompression: bytes[97],
    tileCompression: bytes[98],
    tileType: bytes[99],
    minZoom: bytes[100],
    maxZoom: bytes[101],
    bounds: [e7(102), e7(106), e7(110), e7(114)],
  };
}

/** Reads unsigned varints (up to 2^53) in sequence. */
class Varints {
  at = 0;
  constructor(private bytes: Uint8Array) {}
  next(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (this.at >= this.bytes.length) throw new Error('PMTiles directory ends inside a number');
      const b = this.bytes[this.at++];
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
    }
  }
}

export function readDirectory(bytes: Uint8Array): DirEntry[] {
  const r = new Varints(bytes);
  const n = r.next();
  const entries: DirEntry[] = Array.from({ length: n }, () => ({ tileId: 0, offset: 0, length: 0, runLength: 0 }));
  let id = 0;
  for (const e of entries) e.tileId = id += r.next();
  for (const e of entries) e.runLength = r.next();
  for (const e of entries) e.length = r.next();
  entries.forEach((e, i) => {
    const o = r.next();
    e.offset = o === 0 && i > 0 ? entries[i - 1].offset + entries[i - 1].length : o - 1;
  });
  return entries;
}

/** The tile's position on the Hilbert curve of its zoom, after all tiles of the zooms before it. */
export function tileId(z: number, x: number, y: number): number {
  const n = 2 ** z;
  let before = 0;
  for (let i = 0; i < z; i++) before += 4 ** i;
  let d = 0;
  let tx = x;
  let ty = y;
  for (let s = n / 2; s >= 1; s /= 2) {
    const rx = (tx & s) > 0 ? 1 : 0;
    const ry = (ty & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry === 0) {
      if (rx === 1) {
        tx = n - 1 - tx;
        ty = n - 1 - ty;
      }
      [tx, ty] = [ty, tx];
    }
  }
  return before + d;
}

/** The entry holding `id`: the last one at or before it (a run or a leaf directory). */
export function findEntry(entries: DirEntry[], id: number): DirEntry | null {
  let lo = 0;
  let hi = entries.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (entries[mid].tileId <= id) lo = mid + 1;
    else hi = mid - 1;
  }
  const e = hi >= 0 ? entries[hi] : null;
  if (!e) return null;
  if (e.runLength === 0) return e; // a leaf directory: search it
  return id - e.tileId < e.runLength ? e : null;
}

async function decompress(bytes: Uint8Array, compression: number): Promise<Uint8Array> {
  if (compression === COMPRESSION_NONE || compression === 0) return bytes;
  if (compression !== COMPRESSION_GZIP) throw new Error(`PMTiles compression ${compression} is not supported (none or gzip are)`);
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** One archive on the server. */
export class PMTilesArchive {
  private head: Promise<{ header: PMTilesHeader; root: DirEntry[] }> | null = null;
  private leaves = new Map<number, Promise<DirEntry[]>>();

  constructor(readonly url: string) {}

  private async range(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
    const res = await fetch(this.url, { headers: { range: `bytes=${offset}-${offset + length - 1}` }, signal, credentials: 'same-origin' });
    if (!res.ok) throw new Error(`${this.url}: ${res.status}`);
    const all = new Uint8Array(await res.arrayBuffer());
    // A server that ignores Range sends the whole file (200): take the part asked for.
    return res.status === 200 ? all.subarray(offset, offset + length) : all;
  }

  private start(): Promise<{ header: PMTilesHeader; root: DirEntry[] }> {
    this.head ??= (async () => {
      const first = await this.range(0, FIRST_READ);
      const header = readHeader(first);
      const rootBytes = header.rootOffset + header.rootLength <= first.length ? first.subarray(header.rootOffset, header.rootOffset + header.rootLength) : await this.range(header.rootOffset, header.rootLength);
      return { header, root: readDirectory(await decompress(rootBytes, header.internalCompression)) };
    })().catch((err) => {
      this.head = null; // a failed start is retried by the next request
      throw err;
    });
    return this.head;
  }

  async header(): Promise<PMTilesHeader> {
    return (await this.start()).header;
  }

  async metadata(): Promise<Record<string, unknown>> {
    const h = await this.header();
    if (h.metadataLength === 0) return {};
    const bytes = await decompress(await this.range(h.metadataOffset, h.metadataLength), h.internalCompression);
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  }

  /** The tile's bytes (decompressed), or null when the archive has none there. */
  async tile(z: number, x: number, y: number, signal?: AbortSignal): Promise<Uint8Array | null> {
    const { header, root } = await this.start();
    if (z < header.minZoom || z > header.maxZoom) return null;
    const id = tileId(z, x, y);
    let entries = root;
    // Leaf directories nest at most a few levels; the bound guards against a malformed archive.
    for (let depth = 0; depth < 4; depth++) {
      const e = findEntry(entries, id);
      if (!e) return null;
      if (e.runLength > 0) return decompress(await this.range(header.tileDataOffset + e.offset, e.length, signal), header.tileCompression);
      entries = await this.leaf(header, e);
    }
    return null;
  }

  private leaf(header: PMTilesHeader, e: DirEntry): Promise<DirEntry[]> {
    const at = header.leafOffset + e.offset;
    let p = this.leaves.get(at);
    if (!p) {
      p = this.range(at, e.length).then(async (b) => readDirectory(await decompress(b, header.internalCompression)));
      this.leaves.set(at, p);
    }
    return p;
  }
}

const archives = new Map<string, PMTilesArchive>();
const archive = (url: string) => {
  let a = archives.get(url);
  if (!a) archives.set(url, (a = new PMTilesArchive(url)));
  return a;
};

const TILE_URL = /^pmtiles:\/\/(.+)\/(\d+)\/(\d+)\/(\d+)$/;

/**
 * `pmtiles://<file url>` answers a TileJSON; `pmtiles://<file url>/{z}/{x}/{y}` a tile. The file's
 * list of layers is left out: the street style names layers of two schemas, and MapLibre reports
 * every one a file lacks as an error when the list is given.
 */
export const pmtilesProtocol: AddProtocolAction = async (params, abort) => {
  const m = TILE_URL.exec(params.url);
  if (m) {
    const bytes = await archive(m[1]).tile(Number(m[2]), Number(m[3]), Number(m[4]), abort.signal);
    return { data: bytes ?? new Uint8Array(0) };
  }
  const url = params.url.slice('pmtiles://'.length);
  const a = archive(url);
  const [h, meta] = await Promise.all([a.header(), a.metadata()]);
  if (h.tileType !== TILE_MVT) throw new Error(`${url}: only vector tiles (MVT) are supported`);
  return {
    data: {
      tilejson: '3.0.0',
      tiles: [`pmtiles://${url}/{z}/{x}/{y}`],
      minzoom: h.minZoom,
      maxzoom: h.maxZoom,
      bounds: h.bounds,
      attribution: typeof meta.attribution === 'string' ? meta.attribution : undefined,
    },
  };
};

let installed = false;
export function installPMTiles(): void {
  if (installed) return;
  installed = true;
  addProtocol('pmtiles', pmtilesProtocol);
}
