// Taiwan registration plates in recognised text: a letter group and a digit group joined by a
// hyphen (ABC-1234, AB-1234, 1234-AB, 123-ABC, ABC-123). The hyphen tells a plate from the other
// text on a truck; within each group a glyph read in the wrong class is mapped back as for
// container numbers. Answered in SealWatch's stored form, without the hyphen (KNA-6001 → KNA6001).
import { normalizePlate } from '../core/ids/index.ts';

/** Plate shapes: letter (L) and digit (D) groups either side of the hyphen. */
const SHAPES: readonly [string, string][] = [
  ['LLL', 'DDDD'],
  ['LL', 'DDDD'],
  ['DDDD', 'LL'],
  ['DDD', 'LLL'],
  ['LLL', 'DDD'],
];

const AS_LETTER: Readonly<Record<string, string>> = { '0': 'O', '1': 'I', '2': 'Z', '4': 'A', '5': 'S', '6': 'G', '8': 'B' };
const AS_DIGIT: Readonly<Record<string, string>> = { O: '0', D: '0', Q: '0', I: '1', L: '1', Z: '2', S: '5', G: '6', B: '8', T: '7', A: '4' };

function mapGroup(group: string, shape: string): { text: string; changes: number } | null {
  if (group.length !== shape.length) return null;
  let text = '';
  let changes = 0;
  for (let i = 0; i < group.length; i++) {
    const c = group[i];
    const want = shape[i];
    const isL = c >= 'A' && c <= 'Z';
    const isD = c >= '0' && c <= '9';
    const m = want === 'L' ? (isL ? c : AS_LETTER[c]) : isD ? c : AS_DIGIT[c];
    if (m === undefined) return null;
    if (m !== c) changes++;
    text += m;
  }
  return { text, changes };
}

export interface PlateReading {
  /** Stored form, without the hyphen. */
  plate: string;
  /** As written on the plate, e.g. KNA-6001. */
  display: string;
  changes: number;
}

/** Plates in one line of text (hyphens may be read as any dash; spaces around them are ignored). */
export function plateCandidates(line: string): PlateReading[] {
  const text = line.toUpperCase().replace(/[‐‑‒–—―_~=]/g, '-').replace(/\s*-\s*/g, '-');
  const out: PlateReading[] = [];
  for (const token of text.split(/[^A-Z0-9-]+/)) {
    const m = /^([A-Z0-9]{2,4})-([A-Z0-9]{2,4})$/.exec(token);
    if (!m) continue;
    let best: PlateReading | null = null;
    for (const [left, right] of SHAPES) {
      const a = mapGroup(m[1], left);
      const b = mapGroup(m[2], right);
      if (!a || !b) continue;
      const reading = { plate: normalizePlate(`${a.text}${b.text}`), display: `${a.text}-${b.text}`, changes: a.changes + b.changes };
      if (!best || reading.changes < best.changes) best = reading;
    }
    if (best) out.push(best);
  }
  return out;
}
