// ISO 6346 freight container numbers, e.g. CSQU3054383.
import { fail, ok, type IdResult } from './result.ts';

/** ISO 6346 letter values: 10 upwards, skipping multiples of 11 (11, 22, 33). */
const LETTER_VALUES: Readonly<Record<string, number>> = {
  A: 10, B: 12, C: 13, D: 14, E: 15, F: 16, G: 17, H: 18, I: 19, J: 20, K: 21, L: 23, M: 24,
  N: 25, O: 26, P: 27, Q: 28, R: 29, S: 30, T: 31, U: 32, V: 34, W: 35, X: 36, Y: 37, Z: 38,
};

/** U freight container, J detachable equipment, Z trailer or chassis. */
const CATEGORY_IDENTIFIERS = 'UJZ';

function charValue(ch: string, position: number): number {
  if (ch >= '0' && ch <= '9') return ch.charCodeAt(0) - 48;
  const v = LETTER_VALUES[ch];
  if (v === undefined) throw new RangeError(`invalid character '${ch}' at position ${position + 1}`);
  return v;
}

/**
 * Check digit of the first 10 characters (owner code, category, serial number).
 * A remainder of 10 maps to 0, as the standard allows.
 */
export function containerCheckDigit(first10: string): number {
  const s = first10.toUpperCase();
  if (s.length !== 10) throw new RangeError(`expected 10 characters, got ${s.length}`);
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += charValue(s[i], i) * 2 ** i;
  return (sum % 11) % 10;
}

export function validateContainerNo(input: string): IdResult {
  const s = input.replace(/\s+/g, '').toUpperCase();
  if (s.length === 0) return fail('container number is empty', 'container.empty');
  if (s.length !== 11) return fail(`container number must be 11 characters, got ${s.length}`, 'container.length', { expected: 11, actual: s.length });
  const owner = s.slice(0, 3);
  if (!/^[A-Z]{3}$/.test(owner)) return fail(`owner code must be 3 letters, got '${owner}'`, 'container.owner', { value: owner });
  const category = s[3];
  if (!CATEGORY_IDENTIFIERS.includes(category)) {
    return fail(`category identifier must be U, J or Z, got '${category}'`, 'container.category', { value: category });
  }
  const serial = s.slice(4, 10);
  if (!/^\d{6}$/.test(serial)) return fail(`serial number must be 6 digits, got '${serial}'`, 'container.serial', { value: serial });
  const check = s[10];
  if (!/^\d$/.test(check)) return fail(`check digit must be a digit, got '${check}'`, 'container.check_digit_char', { value: check });
  const expected = containerCheckDigit(s.slice(0, 10));
  if (Number(check) !== expected) return fail(`check digit is ${check}, expected ${expected}`, 'container.check_digit', { actual: Number(check), expected });
  return ok(s);
}
