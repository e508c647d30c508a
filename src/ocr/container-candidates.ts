// Container numbers in recognised text. ISO 6346 fixes which positions hold letters (three owner
// letters, then the category U, J or Z) and which hold digits (six serial digits and the check
// digit), so a glyph read in the wrong class is mapped back by position (0 → O in the owner code,
// O → 0 in the serial). Look-alikes within a class (8/6/3, O/D/Q) are tried only where the check
// digit fails, and the check digit then decides between the readings left.
import { containerCheckDigit } from '../core/ids/index.ts';

/** One recognised character and the engine's confidence in it (0–100). */
export interface OcrChar {
  ch: string;
  conf: number;
}

/** A container number found in the text. */
export interface ContainerCandidate {
  /** The 11 characters as mapped (upper case, no spaces). */
  value: string;
  /** The check digit holds. */
  valid: boolean;
  /** Characters changed from what the engine read (by class, then by look-alike). */
  changes: number;
  /** Repaired with the check digit's help (a look-alike swapped, a dropped category letter put back). */
  repaired: boolean;
  /** Mean confidence (0–1) of the characters read, lowered for every change. */
  confidence: number;
}

/** A digit read where a letter belongs (owner code). */
const DIGIT_AS_LETTER: Readonly<Record<string, string>> = { '0': 'O', '1': 'I', '2': 'Z', '4': 'A', '5': 'S', '6': 'G', '7': 'T', '8': 'B' };
/** A letter read where a digit belongs (serial number, check digit). */
const LETTER_AS_DIGIT: Readonly<Record<string, string>> = {
  O: '0', D: '0', Q: '0', U: '0', C: '0', I: '1', L: '1', J: '1', T: '7', Z: '2', S: '5', G: '6', B: '8', A: '4', E: '8',
};
/** Letters a digit read in the owner code may stand for, likeliest first (tried when the check digit fails). */
const DIGIT_LETTER_ALIKES: Readonly<Record<string, string>> = { '0': 'ODQ', '1': 'IJLTZ', '2': 'Z', '4': 'A', '5': 'S', '6': 'G', '7': 'TZ', '8': 'B' };
/** Digits a letter read in the serial may stand for. */
const LETTER_DIGIT_ALIKES: Readonly<Record<string, string>> = {
  O: '0', D: '0', Q: '0', U: '0', C: '0', I: '17', L: '1', J: '1', T: '71', Z: '27', S: '5', G: '6', B: '8', A: '4', E: '8',
};

/** What the category identifier (U, J or Z) is read as. */
const AS_CATEGORY: Readonly<Record<string, string>> = { U: 'U', J: 'J', Z: 'Z', V: 'U', Y: 'U', O: 'U', '0': 'U', W: 'U', '2': 'Z', '7': 'Z', '1': 'J', I: 'J' };
/** Look-alikes within a class, tried only when the check digit fails. */
const LETTER_ALIKES: Readonly<Record<string, string>> = {
  O: 'DQCG', D: 'OB', Q: 'O', C: 'GO', G: 'CO', I: 'LJTZ', L: 'I', J: 'I', T: 'I', B: 'DER', E: 'BF', F: 'EP', P: 'RF', R: 'PB',
  H: 'MN', M: 'NH', N: 'MH', U: 'VO', V: 'UY', K: 'X', X: 'KY', Y: 'V', W: 'V', S: 'B', Z: 'S',
};
const DIGIT_ALIKES: Readonly<Record<string, string>> = {
  '0': '869', '1': '74', '2': '7', '3': '85', '4': '1', '5': '63', '6': '580', '7': '12', '8': '0369', '9': '80',
};

const isLetter = (c: string) => c >= 'A' && c <= 'Z';
const isDigit = (c: string) => c >= '0' && c <= '9';

/** Maps 11 characters onto the ISO 6346 layout by position, or null when a position cannot hold its class. */
export function mapByPosition(chars: string): { value: string; changes: number } | null {
  if (chars.length !== 11) return null;
  let value = '';
  let changes = 0;
  for (let i = 0; i < 11; i++) {
    const c = chars[i];
    let m: string | undefined;
    if (i < 3) m = isLetter(c) ? c : DIGIT_AS_LETTER[c];
    else if (i === 3) m = AS_CATEGORY[c];
    else m = isDigit(c) ? c : LETTER_AS_DIGIT[c];
    if (m === undefined) return null;
    if (m !== c) changes++;
    value += m;
  }
  return { value, changes };
}

export const checkDigitHolds = (value: string): boolean => containerCheckDigit(value.slice(0, 10)) === Number(value[10]);

/**
 * Readings that differ from the mapped `value` in one character by a look-alike and satisfy the
 * check digit. `read` is what the engine gave: a character it read in the wrong class (a digit in
 * the owner code) is surely misread, so those positions are tried alone first, then the least
 * confident ones. An ISO 6346 check digit catches every single substitution, so more than one
 * answer means the reading is ambiguous.
 */
export function lookAlikeCorrections(value: string, read: string, confs: readonly number[]): string[] {
  const alikesAt = (i: number): string => {
    const c = value[i];
    const r = read[i];
    if (i === 3) return 'UJZ'.replace(c, '');
    if (i < 3) return r !== c ? (DIGIT_LETTER_ALIKES[r] ?? '').replace(c, '') : (LETTER_ALIKES[c] ?? '');
    return r !== c ? (LETTER_DIGIT_ALIKES[r] ?? '').replace(c, '') : (DIGIT_ALIKES[c] ?? '');
  };
  const tryAt = (positions: number[]): string[] => {
    const found: string[] = [];
    for (const i of positions) {
      for (const a of alikesAt(i)) {
        const v = value.slice(0, i) + a + value.slice(i + 1);
        if (checkDigitHolds(v) && !found.includes(v)) found.push(v);
      }
    }
    return found;
  };
  const misread = [...Array(11).keys()].filter((i) => read[i] !== value[i]);
  const fromMisread = tryAt(misread);
  if (fromMisread.length) return fromMisread;
  return tryAt([...Array(11).keys()].sort((a, b) => (confs[a] ?? 0) - (confs[b] ?? 0)));
}

/** Class changes beyond this many make a window noise (a weight mark, a slogan), not a number. */
const MAX_CLASS_CHANGES = 3;

/**
 * Every container number in a run of recognised words (spaces and punctuation dropped: doors paint
 * the number as "MSKU 605381 4", often with the check digit boxed, on one line or two). A number
 * starts at the start of a word (or one character in); a window in the middle of other text
 * ("MAX GROSS 30480 KG") is not taken.
 */
export function containerCandidates(words: readonly (readonly OcrChar[])[]): ContainerCandidate[] {
  const ws = words.map((w) => w.filter((c) => /^[A-Z0-9]$/.test(c.ch))).filter((w) => w.length > 0);
  const chars = ws.flat();
  // A number starts at a word's first character, or its second (a stray mark read before it).
  const starts: number[] = [];
  const wordStarts = new Set<number>();
  let offset = 0;
  for (const w of ws) {
    starts.push(offset);
    wordStarts.add(offset);
    if (w.length > 1) starts.push(offset + 1);
    offset += w.length;
  }
  const out: ContainerCandidate[] = [];
  for (const start of starts) {
    if (wordStarts.has(start)) missingCategory(chars.slice(start, start + 10), out);
    if (start + 11 > chars.length) continue;
    const window = chars.slice(start, start + 11);
    const read = window.map((c) => c.ch).join('');
    const mapped = mapByPosition(read);
    if (!mapped || mapped.changes > MAX_CLASS_CHANGES) continue;
    // After a stray mark, the owner code and category must be read as they are.
    const afterStray = !wordStarts.has(start);
    if (afterStray && mapped.value.slice(0, 4) !== read.slice(0, 4)) continue;
    const confs = window.map((c) => c.conf);
    const mean = confs.reduce((s, c) => s + c, 0) / 11 / 100;
    const confidence = mean * 0.75 ** mapped.changes * (afterStray ? 0.9 : 1);
    if (checkDigitHolds(mapped.value)) {
      out.push({ value: mapped.value, valid: true, changes: mapped.changes, repaired: false, confidence });
      continue;
    }
    out.push({ value: mapped.value, valid: false, changes: mapped.changes, repaired: false, confidence });
    // One fix is a correction; of several, the one changing a less confident character is likelier.
    const fixes = lookAlikeCorrections(mapped.value, read, confs);
    const doubt = fixes.map((v) => 105 - confs[[...v].findIndex((c, i) => c !== mapped.value[i])]);
    const total = doubt.reduce((a, b) => a + b, 0);
    fixes.forEach((v, k) => out.push({ value: v, valid: true, changes: mapped.changes + 1, repaired: true, confidence: (confidence * 0.7 * doubt[k]) / total }));
  }
  return out;
}

/**
 * The category letter is a narrow glyph beside the owner code and is sometimes not read at all:
 * three letters and seven digits from the start of a word are taken with U put back (nearly every
 * container is a U), only where the check digit then holds, and with less confidence.
 */
function missingCategory(window: readonly OcrChar[], out: ContainerCandidate[]): void {
  if (window.length !== 10) return;
  const read = window.map((c) => c.ch).join('');
  if (!/^[A-Z]{3}[0-9]{7}$/.test(read)) return;
  const mean = window.reduce((s, c) => s + c.conf, 0) / 10 / 100;
  const value = `${read.slice(0, 3)}U${read.slice(3)}`;
  if (checkDigitHolds(value)) out.push({ value, valid: true, changes: 1, repaired: true, confidence: mean * 0.5 });
}

/** Tallies of one container number over every reading of an image (preprocessings, lines). */
export interface CandidateTally {
  value: string;
  valid: boolean;
  score: number;
  confidence: number;
  /** The reading needed no change at all. */
  asRead: boolean;
  /** Versions of the picture that gave this number. */
  repeats: number;
}

/**
 * The container number an image shows: among readings whose check digit holds, the most confident
 * (a little more for each repeat); null when no reading satisfies the check digit. A rival
 * reading close behind lowers its confidence.
 */
export function chooseContainerNo(candidates: readonly ContainerCandidate[]): CandidateTally | null {
  const tallies = new Map<string, CandidateTally & { count: number }>();
  for (const c of candidates) {
    if (!c.valid) continue;
    const t = tallies.get(c.value) ?? { value: c.value, valid: true, score: 0, confidence: 0, asRead: false, repeats: 0, count: 0 };
    t.confidence = Math.max(t.confidence, c.confidence);
    t.count++;
    t.repeats = t.count;
    // The most confident reading decides; the same number read again (in another version) adds a little.
    t.score = t.confidence * (1 + 0.1 * Math.min(4, t.count - 1));
    if (c.changes === 0) t.asRead = true;
    tallies.set(c.value, t);
  }
  const ranked = [...tallies.values()].sort((a, b) => b.score - a.score);
  const [best, second] = ranked;
  if (!best) return null;
  // A close rival makes the choice doubtful: the confidence falls to 0 as the two scores meet.
  const margin = second ? Math.min(1, (2 * (best.score - second.score)) / best.score) : 1;
  const { count: _count, ...tally } = best;
  return { ...tally, confidence: best.confidence * margin };
}
