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
  /** Where the engine found it in the image read (pixels), when known. */
  box?: { x0: number; y0: number; x1: number; y1: number };
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
  /** The 11 characters read (with their places), for a window read as it stands. */
  chars?: readonly OcrChar[];
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
  '0': '869', '1': '74', '2': '7', '3': '85', '4': '1', '5': '63', '6': '058', '7': '12', '8': '0369', '9': '80',
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
  return tryAtFirst(value, read, confs, alikesAtOf(value, read));
}

/** Likelihood, beside the repairs found, that the reading is wrong in some other way. */
const ELSEWHERE = 0.1;

/** Characters the engine doubts this much (0–100) may be wrong two at a time. */
export const DOUBTFUL = 60;

/**
 * Glyphs a condensed face draws so alike that the engine reads one as the other with full
 * confidence (Oswald's 7 as 1: its short bar and thin diagonal; its Z as I): a confidence says
 * nothing there, so the twin is tried in a two-character repair whatever the confidence. One
 * direction only, the one such faces lose (a 1 is never read as 7 with confidence).
 */
const CONDENSED_TWIN_DIGIT: Readonly<Record<string, string>> = { '1': '7' };
const CONDENSED_TWIN_LETTER: Readonly<Record<string, string>> = { I: 'Z' };
/** How likely a character read with confidence is its condensed twin. */
const TWIN_DOUBT = 0.25;

/** The condensed twin of the character at i as read (none where it was read in the wrong class). */
function twinAt(value: string, read: string, i: number): string {
  if (i === 3 || read[i] !== value[i]) return '';
  return (i < 3 ? CONDENSED_TWIN_LETTER : CONDENSED_TWIN_DIGIT)[value[i]] ?? '';
}

/**
 * Readings that differ from `value` in two characters, each by a look-alike, and satisfy the check
 * digit: two doubtful characters (confidence below DOUBTFUL, the three least confident at most),
 * or two condensed twins (two 1s that may both be 7s, whatever their confidence). Two errors in
 * one number are common in condensed and monospace paint (a 7 read as 1, a slashed 0 as 8 or 6);
 * the engine's low confidence, or the glyph's twin, marks where they are, which keeps the search
 * small (a chance match of the check digit is one in ten per combination).
 */
export function twoLookAlikeCorrections(value: string, read: string, confs: readonly number[]): string[] {
  const alikesAt = alikesAtOf(value, read);
  const doubtful = [...Array(11).keys()]
    .filter((i) => (confs[i] ?? 0) < DOUBTFUL)
    .sort((a, b) => (confs[a] ?? 0) - (confs[b] ?? 0))
    .slice(0, 3);
  const twins = [...Array(11).keys()].filter((i) => twinAt(value, read, i) !== '');
  const found: string[] = [];
  const tryPairs = (positions: readonly number[], options: (i: number) => string) => {
    for (let x = 0; x < positions.length; x++) {
      for (let y = x + 1; y < positions.length; y++) {
        const [i, j] = [positions[x], positions[y]];
        for (const a of options(i)) {
          for (const b of options(j)) {
            const chars = [...value];
            chars[i] = a;
            chars[j] = b;
            const v = chars.join('');
            if (checkDigitHolds(v) && !found.includes(v)) found.push(v);
          }
        }
      }
    }
  };
  tryPairs(doubtful, alikesAt);
  tryPairs(twins, (i) => twinAt(value, read, i));
  return found;
}

function alikesAtOf(value: string, read: string): (i: number) => string {
  return (i: number): string => {
    const c = value[i];
    const r = read[i];
    if (i === 3) return 'UJZ'.replace(c, '');
    if (i < 3) return r !== c ? (DIGIT_LETTER_ALIKES[r] ?? '').replace(c, '') : (LETTER_ALIKES[c] ?? '');
    return r !== c ? (LETTER_DIGIT_ALIKES[r] ?? '').replace(c, '') : (DIGIT_ALIKES[c] ?? '');
  };
}

function tryAtFirst(value: string, read: string, confs: readonly number[], alikesAt: (i: number) => string): string[] {
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

/** A repaired reading and its share (0–1) of the likelihood among the repairs of one reading. */
export interface WeighedRepair {
  value: string;
  changed: number;
  share: number;
}

/**
 * Every repair of a reading whose check digit fails, one look-alike or two doubtful ones, with its
 * share of the likelihood: the product over the changed characters of how doubtful each was (a
 * character read in the wrong class is surely wrong; otherwise 105 − confidence, in hundredths),
 * less for a look-alike further down its list.
 * Changing one character the engine was sure of is so less likely than changing two it doubted.
 */
export function weighRepairs(value: string, read: string, confs: readonly number[]): WeighedRepair[] {
  const alikesAt = alikesAtOf(value, read);
  // How doubtful the character at i was, and how usual the look-alike put there (likeliest first).
  // In a pair of condensed twins each is doubtful however confidently its glyph was read; a lone
  // twin is weighed by its confidence like any look-alike (one 1 read for a 7 is what the second
  // reading, enlarged and digits only, is for).
  const doubt = (i: number, a: string, twins: boolean) =>
    (read[i] !== value[i] ? 1 : Math.max((105 - (confs[i] ?? 0)) / 100, twins ? TWIN_DOUBT : 0)) /
    (1 + 0.3 * Math.max(0, alikesAt(i).indexOf(a)));
  const singles = lookAlikeCorrections(value, read, confs);
  const pairs = twoLookAlikeCorrections(value, read, confs).filter((v) => !singles.includes(v));
  const weighed = [...singles, ...pairs].map((v) => {
    const at = [...v].flatMap((c, i) => (c !== value[i] ? [i] : []));
    const twins = at.length === 2 && at.every((i) => twinAt(value, read, i) === v[i]);
    return { value: v, changed: at.length, weight: at.reduce((p, i) => p * doubt(i, v[i], twins), 1) };
  });
  // The reading may be wrong where no look-alike reaches: a lone repair of a confident character is doubtful too.
  const total = weighed.reduce((s, r) => s + r.weight, ELSEWHERE);
  return weighed.map((r) => ({ value: r.value, changed: r.changed, share: r.weight / total }));
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
    if (wordStarts.has(start)) {
      missingCategory(chars.slice(start, start + 10), out);
      extraCharacter(chars.slice(start, start + 12), out);
      if (start + 10 === chars.length) missingCheckDigit(chars.slice(start), out);
    }
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
      out.push({ value: mapped.value, valid: true, changes: mapped.changes, repaired: false, confidence, chars: window });
      continue;
    }
    out.push({ value: mapped.value, valid: false, changes: mapped.changes, repaired: false, confidence, chars: window });
    // One fix is a correction; of several, the likeliest takes most of the confidence.
    for (const r of weighRepairs(mapped.value, read, confs)) {
      out.push({ value: r.value, valid: true, changes: mapped.changes + r.changed, repaired: true, confidence: confidence * 0.7 * r.share });
    }
  }
  return out;
}

/**
 * A glyph is sometimes read as two characters (a slashed 0 as "06"), pushing the check digit out
 * of the window: twelve characters from the start of a word are taken with one character of the
 * serial left out, where the rest maps by position and the check digit then holds as read; each
 * such reading weighs as much as the extra character or a neighbour was doubted.
 */
export function extraCharacter(window: readonly OcrChar[], out: ContainerCandidate[]): void {
  if (window.length !== 12) return;
  const doubt = (i: number) => (i < 0 || i >= 12 ? 0 : (105 - window[i].conf) / 100);
  const found: { value: string; changes: number; mean: number; weight: number }[] = [];
  for (let d = 4; d < 12; d++) {
    const rest = window.filter((_, i) => i !== d);
    const mapped = mapByPosition(rest.map((c) => c.ch).join(''));
    if (!mapped || mapped.changes > 1 || !checkDigitHolds(mapped.value) || found.some((f) => f.value === mapped.value)) continue;
    // The glyph split in two: the extra character or the one beside it was doubted.
    const weight = Math.max(doubt(d - 1), doubt(d), doubt(d + 1));
    found.push({ value: mapped.value, changes: mapped.changes, mean: rest.reduce((s, c) => s + c.conf, 0) / 11 / 100, weight });
  }
  const total = found.reduce((s, f) => s + f.weight, ELSEWHERE);
  for (const f of found) {
    out.push({ value: f.value, valid: true, changes: f.changes + 1, repaired: true, confidence: (f.mean * 0.75 ** f.changes * 0.6 * f.weight) / total });
  }
}

/**
 * The boxed check digit is sometimes lost with its box: ten characters that map onto the owner
 * code, category (read as U, J or Z) and serial (one class change at most), a whole run of text, get the check digit
 * computed. Nothing verifies such a number, so it is weak alone and
 * counts where another version of the picture read the same number.
 */
export function missingCheckDigit(window: readonly OcrChar[], out: ContainerCandidate[]): void {
  if (window.length !== 10) return;
  // Mapped by position as any reading (a placeholder where the check digit would be), one change at most.
  const mapped = mapByPosition(`${window.map((c) => c.ch).join('')}0`);
  if (!mapped || mapped.changes > 1 || !'UJZ'.includes(window[3].ch)) return;
  const first10 = mapped.value.slice(0, 10);
  const mean = window.reduce((s, c) => s + c.conf, 0) / 10 / 100;
  out.push({ value: `${first10}${containerCheckDigit(first10)}`, valid: true, changes: mapped.changes + 1, repaired: true, confidence: mean * 0.3 * 0.75 ** mapped.changes });
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

/**
 * A number read a second time in two parts, each part cut out of the picture, enlarged and read
 * with only its class allowed: the owner code and category as letters, the serial and check digit
 * as digits (a digits-only read cannot give I for 1, and the larger glyphs separate a condensed 7
 * from 1). Each part read in full (four letters ending in U, J or Z; seven digits) replaces the
 * first reading's part; the numbers whose check digit then holds are candidates, as confident as
 * the characters of the second reading, less for a part kept from the first. No look-alike
 * repair is tried on it: the first reading's repairs are already candidates.
 */
export function combineRereads(first: string, owner: readonly OcrChar[] | null, serial: readonly OcrChar[] | null): ContainerCandidate[] {
  const ownerOk = owner && owner.length === 4 && /^[A-Z]{3}[UJZ]$/.test(owner.map((c) => c.ch).join('')) ? owner : null;
  const serialOk = serial && serial.length === 7 && /^[0-9]{7}$/.test(serial.map((c) => c.ch).join('')) ? serial : null;
  if (!ownerOk && !serialOk) return [];
  const firstChars = [...first].map((ch) => ({ ch, conf: 60 }));
  const chars = [...(ownerOk ?? firstChars.slice(0, 4)), ...(serialOk ?? firstChars.slice(4))];
  const read = chars.map((c) => c.ch).join('');
  const confs = chars.map((c) => c.conf);
  const kept = (ownerOk ? 0 : 1) + (serialOk ? 0 : 1);
  const confidence = (confs.reduce((s, c) => s + c, 0) / 11 / 100) * 0.85 ** kept;
  const changes = [...read].filter((c, i) => c !== first[i]).length;
  return checkDigitHolds(read) ? [{ value: read, valid: true, changes, repaired: changes > 0, confidence }] : [];
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
