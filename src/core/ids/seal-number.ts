// Seal numbers (封條號碼) as printed on a seal, encoded in its NFC tag, barcode or QR code, or typed.
import { fail, ok, type IdResult } from './result.ts';

/**
 * Rule: after trimming and upper-casing, 1 to 64 characters A–Z, 0–9 and `-`, `_`, `.`, `/`.
 * Seal numbers are the supplier's (no layout or check digit is published for them), so only what
 * cannot be one is refused: spaces inside, other punctuation, a typing slip of length. Reading is
 * case-insensitive (a barcode and a hand-typed number of the same seal agree).
 */
const MAX_LENGTH = 64;

export function validateSealNo(input: string): IdResult {
  const s = input.trim().toUpperCase();
  if (s.length === 0) return fail('seal number is empty', 'seal.empty');
  if (s.length > MAX_LENGTH) return fail(`seal number must be at most ${MAX_LENGTH} characters, got ${s.length}`, 'seal.length', { max: MAX_LENGTH, actual: s.length });
  if (!/^[A-Z0-9][A-Z0-9._/-]*$/.test(s)) {
    return fail(`seal number may contain only letters, digits and - _ . / (starting with a letter or digit), got '${s}'`, 'seal.chars', { value: s });
  }
  return ok(s);
}
