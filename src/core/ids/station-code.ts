// Station codes (起運站 / 運往站代碼), e.g. CD198.
import { fail, ok, type IdResult } from './result.ts';

/** Customs office named by a station code's first letter. */
export const CUSTOMS_OFFICES: Readonly<Record<string, string>> = {
  A: 'Keelung',
  B: 'Kaohsiung',
  C: 'Taipei',
  D: 'Taichung',
};

export function customsOfficeOf(code: string): string | undefined {
  return CUSTOMS_OFFICES[code.trim().toUpperCase().charAt(0)];
}

/**
 * Any leading letter is accepted, not only the four customs offices: facility codes
 * (terminals, rest areas, inspection stations) are used as station codes too.
 */
export function validateStationCode(input: string): IdResult {
  const s = input.trim().toUpperCase();
  if (s.length === 0) return fail('station code is empty', 'station.empty');
  if (!/^[A-Z0-9]+$/.test(s)) return fail(`station code may contain only letters and digits, got '${s}'`, 'station.chars', { value: s });
  if (s.length < 2 || s.length > 10) return fail(`station code must be 2 to 10 characters, got ${s.length}`, 'station.length', { min: 2, max: 10, actual: s.length });
  if (!/^[A-Z]/.test(s)) return fail(`station code must start with a letter, got '${s[0]}'`, 'station.first_letter', { value: s[0] });
  return ok(s);
}
