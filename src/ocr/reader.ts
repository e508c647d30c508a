// Reads container numbers and plates from images with Tesseract (tesseract.js, WebAssembly) and
// the English model shipped in @tesseract.js-data/eng: nothing is fetched or cached at run time.
// Workers start once and are reused for every image. Each image is read in several versions
// (src/ocr/preprocess.ts) until one gives a container number whose check digit holds with good
// confidence; the check digit then chooses among everything read.
import { createRequire } from 'node:module';
import path from 'node:path';
import { unavailable } from '../core/errors.ts';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import { chooseContainerNo, combineRereads, containerCandidates, type ContainerCandidate, type OcrChar } from './container-candidates.ts';
import { plateCandidates, type PlateReading } from './plate.ts';
import { cropScaled, decodeGray, toPgm, variants, type Box, type Gray } from './preprocess.ts';

const require = createRequire(import.meta.url);

/** What one image shows, as `sealwatch ocr` and POST /ocr answer it. */
export interface OcrResult {
  /** ISO 6346, check digit verified; null when no reading satisfies it. */
  containerNo: string | null;
  /** 0–1: the recogniser's confidence in the characters, lowered for corrections and rival readings. */
  confidence: number;
  /** A Taiwan registration plate, stored form (KNA6001), when one is readable. */
  plate?: string;
}

/** The result with what the benchmark compares it with: the first version's reading before correction. */
export interface OcrDetail extends OcrResult {
  /** The first version's text as read: 11 characters in the ISO 6346 layout, nothing mapped or checked. */
  asRead: string | null;
  /** The first version's first number mapped by position (O/0, I/1, B/8, S/5...), check digit not used. */
  byPosition: string | null;
  /** Versions of the image read. */
  passes: number;
}

export interface OcrReaderOptions {
  /** Recogniser workers (each a WebAssembly instance of about 50 MB); default 1. */
  workers?: number;
  /** Pictures that may wait for a worker; one more is refused as `unavailable` (default: no limit). */
  maxWaiting?: number;
}

/** Stop reading further versions once a check-digit-valid number is this confident (and read twice). */
const ENOUGH = 0.8;
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const ALPHABET = `${LETTERS}${DIGITS}-`;
/** Numbers read again part by part when the versions left the answer doubtful. */
const REREADS = 2;

/**
 * The box around the characters read on one row (those whose middle is within a character's
 * height of the row's median: a window may join lines), or null when one has no place.
 */
function unionBox(all: readonly OcrChar[]): Box | null {
  if (!all.length || all.some((c) => !c.box)) return null;
  const mid = (c: OcrChar) => (c.box!.y0 + c.box!.y1) / 2;
  const mids = all.map(mid).sort((a, b) => a - b);
  const row = mids[Math.floor(mids.length / 2)];
  const heights = all.map((c) => c.box!.y1 - c.box!.y0).sort((a, b) => a - b);
  const chars = all.filter((c) => Math.abs(mid(c) - row) <= heights[Math.floor(heights.length / 2)]);
  return {
    x0: Math.min(...chars.map((c) => c.box!.x0)),
    y0: Math.min(...chars.map((c) => c.box!.y0)),
    x1: Math.max(...chars.map((c) => c.box!.x1)),
    y1: Math.max(...chars.map((c) => c.box!.y1)),
  };
}

/** The language data in the npm package (LSTM model, integer weights). */
function langPath(): string {
  return path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

export interface Line {
  text: string;
  words: OcrChar[][];
}

function linesOf(data: { blocks: unknown }): Line[] {
  const blocks = (data.blocks ?? []) as {
    paragraphs: { lines: { text: string; words: { symbols: { text: string; confidence: number; bbox?: Box }[] }[] }[] }[];
  }[];
  const out: Line[] = [];
  for (const b of blocks) {
    for (const p of b.paragraphs) {
      for (const l of p.lines) {
        const words = l.words.map((w) =>
          w.symbols.map((s) => ({ ch: s.text.toUpperCase(), conf: s.confidence, ...(s.bbox ? { box: s.bbox } : {}) })),
        );
        out.push({ text: l.text.trim(), words });
      }
    }
  }
  return out;
}

/**
 * An ISO 6346 size-type code (45G1, 22G1, L5R1, read 4261 as often), painted under the number in
 * smaller type: on a tilted door Tesseract may order its line between the owner code's and the serial's.
 */
export const isSizeTypeLine = (text: string): boolean => /^[0-9LM][0-9][0-9A-Z][0-9]$/.test(text.replace(/[^A-Z0-9]/gi, '').toUpperCase());

/**
 * Runs of one to three neighbouring lines, as the number may be split over them; and the same
 * with size-type code lines left out, so that an owner code and its serial come together again.
 */
export function lineRuns(lines: readonly Line[]): OcrChar[][][] {
  const runsOf = (ls: readonly Line[]) => {
    const runs: OcrChar[][][] = [];
    for (let i = 0; i < ls.length; i++) {
      for (let n = 1; n <= 3 && i + n <= ls.length; n++) runs.push(ls.slice(i, i + n).flatMap((l) => l.words));
    }
    return runs;
  };
  const runs = runsOf(lines);
  const kept = lines.filter((l) => !isSizeTypeLine(l.text));
  if (kept.length === lines.length) return runs;
  // Only the runs that join lines the size-type code stood between are new.
  const joined = new Set(runs.map((r) => r.flat().map((c) => c.ch).join('')));
  return [...runs, ...runsOf(kept).filter((r) => !joined.has(r.flat().map((c) => c.ch).join('')))];
}

/**
 * Container candidates in every line, and in two and three neighbouring lines: the owner code
 * above the serial, the boxed check digit found as a line of its own.
 */
function candidatesOf(lines: Line[]): ContainerCandidate[] {
  return lineRuns(lines).flatMap((run) => containerCandidates(run));
}

/** One candidate per number within a version (the line runs overlap): the most confident. */
function bestOfEach(found: ContainerCandidate[]): ContainerCandidate[] {
  const byValue = new Map<string, ContainerCandidate>();
  for (const c of found) {
    const had = byValue.get(c.value);
    if (!had || c.confidence > had.confidence) byValue.set(c.value, c);
  }
  return [...byValue.values()];
}

/** 11 characters exactly as read, in the ISO 6346 layout (what a reader without any correction gives). */
function asReadOf(lines: Line[]): string | null {
  for (const run of lineRuns(lines)) {
    const m = /[A-Z]{3}[UJZ][0-9]{7}/.exec(run.flat().map((c) => c.ch).join('').replace(/[^A-Z0-9]/g, ''));
    if (m) return m[0];
  }
  return null;
}

export class OcrReader {
  private workers: Promise<Worker[]> | null = null;
  private idle: Worker[] = [];
  private waiting: ((w: Worker) => void)[] = [];

  constructor(private readonly options: OcrReaderOptions = {}) {}

  private start(): Promise<Worker[]> {
    this.workers ??= (async () => {
      const n = Math.max(1, this.options.workers ?? 1);
      const ws = await Promise.all(
        Array.from({ length: n }, async () => {
          const w = await createWorker('eng', OEM.LSTM_ONLY, {
            langPath: langPath(),
            gzip: true,
            cacheMethod: 'none',
            logger: () => undefined,
            errorHandler: () => undefined,
          });
          await w.setParameters({
            tessedit_pageseg_mode: PSM.SPARSE_TEXT,
            tessedit_char_whitelist: ALPHABET,
            user_defined_dpi: '300',
            // Tesseract's diagnostics would go to standard output, where `sealwatch ocr` prints its JSON.
            debug_file: '/dev/null',
          });
          return w;
        }),
      );
      this.idle.push(...ws);
      return ws;
    })();
    return this.workers;
  }

  private async acquire(): Promise<Worker> {
    await this.start();
    const w = this.idle.pop();
    if (w) return w;
    if (this.waiting.length >= (this.options.maxWaiting ?? Infinity)) throw unavailable('The recogniser is busy; try again shortly');
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(w: Worker): void {
    const next = this.waiting.shift();
    if (next) next(w);
    else this.idle.push(w);
  }

  /** Reads one image (its file's bytes). Bytes that are no image raise a DomainError naming `path`. */
  async read(bytes: Uint8Array, path = '/body'): Promise<OcrDetail> {
    const gray = await decodeGray(bytes, path);
    const worker = await this.acquire();
    try {
      const candidates: ContainerCandidate[] = [];
      const plates: PlateReading[] = [];
      let asRead: string | null | undefined;
      let byPosition: string | null | undefined;
      let passes = 0;
      const windows: { image: Gray; candidate: ContainerCandidate }[] = [];
      for (const { image } of variants(gray)) {
        passes++;
        const { data } = await worker.recognize(toPgm(image), {}, { text: false, blocks: true });
        const lines = linesOf(data);
        const found = candidatesOf(lines);
        if (asRead === undefined) {
          asRead = asReadOf(lines);
          byPosition = found.find((c) => !c.repaired)?.value ?? null;
        }
        candidates.push(...bestOfEach(found));
        for (const c of found) if (c.chars) windows.push({ image, candidate: c });
        for (const l of lines) plates.push(...plateCandidates(l.text));
        const best = chooseContainerNo(candidates);
        // Both kinds of paint are read (a light number on a dark door, a dark plate on a light one),
        // and two versions must agree: one misreading in ten satisfies the check digit by chance.
        if (passes >= 2 && best && best.confidence >= ENOUGH && best.repeats >= 2) break;
      }
      const sure = chooseContainerNo(candidates);
      if (!sure || sure.confidence < ENOUGH || sure.repeats < 2) candidates.push(...(await this.reread(worker, windows)));
      const best = chooseContainerNo(candidates);
      const plate = plates.sort((a, b) => a.changes - b.changes)[0];
      return {
        containerNo: best?.value ?? null,
        confidence: best ? Math.round(best.confidence * 100) / 100 : 0,
        ...(plate ? { plate: plate.plate } : {}),
        asRead: asRead ?? null,
        byPosition: byPosition ?? null,
        passes,
      };
    } finally {
      this.release(worker);
    }
  }

  /**
   * The most confident windows read again in two parts, each enlarged and read as a single line with
   * only its class allowed (letters for the owner code and category, digits for the rest); the
   * worker's settings are restored after.
   */
  private async reread(worker: Worker, windows: { image: Gray; candidate: ContainerCandidate }[]): Promise<ContainerCandidate[]> {
    const seen = new Set<string>();
    const chosen = windows
      .filter((w) => unionBox(w.candidate.chars!))
      .sort((a, b) => b.candidate.confidence - a.candidate.confidence)
      .filter((w) => !seen.has(w.candidate.value) && seen.add(w.candidate.value))
      .slice(0, REREADS);
    if (!chosen.length) return [];
    const partOf = async (image: Gray, chars: readonly OcrChar[], whitelist: string): Promise<OcrChar[] | null> => {
      const box = unionBox(chars);
      // Enlarged up to 2.5 times, glyphs no taller than about 110 pixels.
      const crop = box && cropScaled(image, box, Math.max(1, Math.min(2.5, 110 / Math.max(1, box.y1 - box.y0))));
      if (!crop) return null;
      await worker.setParameters({ tessedit_pageseg_mode: PSM.SINGLE_LINE, tessedit_char_whitelist: whitelist });
      const { data } = await worker.recognize(toPgm(crop), {}, { text: false, blocks: true });
      return linesOf(data).flatMap((l) => l.words.flat()).filter((c) => whitelist.includes(c.ch) && c.ch.length === 1);
    };
    const out: ContainerCandidate[] = [];
    try {
      for (const { image, candidate } of chosen) {
        const chars = candidate.chars!;
        const owner = await partOf(image, chars.slice(0, 4), LETTERS);
        const serial = await partOf(image, chars.slice(4), DIGITS);
        out.push(...combineRereads(candidate.value, owner, serial));
      }
    } finally {
      await worker.setParameters({ tessedit_pageseg_mode: PSM.SPARSE_TEXT, tessedit_char_whitelist: ALPHABET });
    }
    return out;
  }

  async close(): Promise<void> {
    const ws = this.workers;
    this.workers = null;
    this.idle = [];
    if (ws) await Promise.all((await ws).map((w) => w.terminate()));
  }
}
