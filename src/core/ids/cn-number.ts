// Transport-note (CN, 貨櫃(物)運送單) numbers.
import { fail, ok, type IdResult } from './result.ts';

/**
 * Rule: after trimming and upper-casing, 6 to 20 characters A–Z / 0–9.
 * Yards and warehouses number their notes themselves, so no layout or check digit is imposed;
 * the bounds only keep out typing slips and values that do not fit a fixed-width field.
 * Inner spaces and punctuation are rejected rather than stripped, because two notes must
 * never normalise to the same number.
 */
const MIN_LENGTH = 6;
const MAX_LENGTH = 20;

export function validateCnNo(input: string): IdResult {
  const s = input.trim().toUpperCase();
  if (s.length === 0) return fail('transport note number is empty', 'cn.empty');
  if (!/^[A-Z0-9]+$/.test(s)) {
    return fail(`transport note number may contain only letters and digits, got '${s}'`, 'cn.chars', { value: s });
  }
  if (s.length < MIN_LENGTH || s.length > MAX_LENGTH) {
    return fail(`transport note number must be ${MIN_LENGTH} to ${MAX_LENGTH} characters, got ${s.length}`, 'cn.length', { min: MIN_LENGTH, max: MAX_LENGTH, actual: s.length });
  }
  return ok(s);
}
