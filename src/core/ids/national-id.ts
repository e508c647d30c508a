// Taiwan national ID (身分證) and resident certificate (居留證) numbers, e.g. A123456789.
import { fail, ok, type IdResult } from './result.ts';

/** Area letter values; the order is historical, not alphabetical (I, O, W, Z were added later). */
const AREA_VALUES: Readonly<Record<string, number>> = {
  A: 10, B: 11, C: 12, D: 13, E: 14, F: 15, G: 16, H: 17, J: 18, K: 19, L: 20, M: 21, N: 22,
  P: 23, Q: 24, R: 25, S: 26, T: 27, U: 28, V: 29, X: 30, Y: 31, W: 32, Z: 33, I: 34, O: 35,
};

const CITIZEN_SECOND = '12';
/** Resident certificates issued since 2021 use the citizen layout with 8 or 9. */
const RESIDENT_SECOND = '89';
/**
 * Resident certificates issued before 2021 carry a letter A–D in second place; the letter
 * counts as the units digit of its area value (A→0, B→1, C→2, D→3). They stay valid until
 * they expire, so they are still met at the gate.
 */
const OLD_RESIDENT_SECOND = 'ABCD';

const DIGIT_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 1, 1] as const;

export function validateNationalId(input: string): IdResult {
  const s = input.trim().toUpperCase();
  if (s.length === 0) return fail('national ID is empty', 'national_id.empty');
  if (s.length !== 10) return fail(`national ID must be 10 characters, got ${s.length}`, 'national_id.length', { expected: 10, actual: s.length });
  const area = AREA_VALUES[s[0]];
  if (area === undefined) return fail(`first character must be a letter A–Z, got '${s[0]}'`, 'national_id.first_letter', { value: s[0] });
  const second = s[1];
  const oldStyle = OLD_RESIDENT_SECOND.includes(second);
  if (!oldStyle && !CITIZEN_SECOND.includes(second) && !RESIDENT_SECOND.includes(second)) {
    return fail(
      `second character must be 1 or 2 (citizen), 8 or 9 (resident certificate) or A–D (old resident certificate), got '${second}'`,
      'national_id.second_char',
      { value: second },
    );
  }
  const rest = s.slice(2);
  if (!/^\d{8}$/.test(rest)) return fail(`characters 3 to 10 must be digits, got '${rest}'`, 'national_id.digits', { value: rest });

  const secondDigit = oldStyle ? AREA_VALUES[second] % 10 : Number(second);
  const digits = [secondDigit, ...Array.from(rest, Number)];
  let sum = Math.floor(area / 10) + (area % 10) * 9;
  for (let i = 0; i < 8; i++) sum += digits[i] * DIGIT_WEIGHTS[i];
  const expected = (10 - (sum % 10)) % 10;
  const check = digits[8];
  if (check !== expected) return fail(`check digit is ${check}, expected ${expected}`, 'national_id.check_digit', { actual: check, expected });
  return ok(s);
}
