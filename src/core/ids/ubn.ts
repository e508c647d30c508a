// Unified business numbers (統一編號), e.g. 04595252.
import { fail, ok, type IdResult } from './result.ts';

const WEIGHTS = [1, 2, 1, 2, 1, 2, 4, 1] as const;
/** Since 2023 numbers are issued on the divisible-by-5 rule; it accepts every older number too. */
const DIVISOR = 5;

function digitSum(n: number): number {
  return Math.floor(n / 10) + (n % 10);
}

export function validateUbn(input: string): IdResult {
  const s = input.trim();
  if (s.length === 0) return fail('unified business number is empty', 'ubn.empty');
  if (!/^\d+$/.test(s)) return fail('unified business number must contain digits only', 'ubn.digits');
  if (s.length !== 8) return fail(`unified business number must be 8 digits, got ${s.length}`, 'ubn.length', { expected: 8, actual: s.length });
  const digits = Array.from(s, Number);
  const sum = digits.reduce((acc, d, i) => acc + digitSum(d * WEIGHTS[i]), 0);
  if (sum % DIVISOR === 0) return ok(s);
  // 7 × 4 = 28 → 2 + 8 = 10, which may count as either 1 or 0: the sum may also be one higher.
  if (digits[6] === 7) {
    if ((sum + 1) % DIVISOR === 0) return ok(s);
    return fail(
      `weighted digit sum is ${sum} (or ${sum + 1} with a 7th digit of 7), neither divisible by ${DIVISOR}`,
      'ubn.check',
      { sum, divisor: DIVISOR },
    );
  }
  return fail(`weighted digit sum is ${sum}, not divisible by ${DIVISOR}`, 'ubn.check', { sum, divisor: DIVISOR });
}
