// Vehicle registration plates, stored without "-" (KNA-6001 → KNA6001).
import { fail, ok, type IdResult } from './result.ts';

export function normalizePlate(input: string): string {
  return input.replace(/[\s-]+/g, '').toUpperCase();
}

export function validatePlate(input: string): IdResult {
  const s = normalizePlate(input);
  if (s.length === 0) return fail('plate is empty', 'plate.empty');
  if (!/^[A-Z0-9]+$/.test(s)) return fail(`plate may contain only letters and digits, got '${s}'`, 'plate.chars', { value: s });
  if (s.length < 2 || s.length > 8) return fail(`plate must be 2 to 8 characters, got ${s.length}`, 'plate.length', { min: 2, max: 8, actual: s.length });
  if (!/\d/.test(s)) return fail('plate must contain at least one digit', 'plate.no_digit');
  return ok(s);
}
