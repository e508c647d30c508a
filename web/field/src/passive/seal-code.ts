// From what a seal gives (a printed code, an NFC tag, typed digits) to its seal number, checked by
// the platform's own rule (src/core/ids/seal-number.ts), and matched against the numbers the
// transport note binds to the container.
import { validateSealNo } from '../../../../src/core/ids/seal-number.ts';

/**
 * A code may be the bare number, a URL ending in it (…/seals/EPS-000123, or ?seal=…), or
 * "SEAL:EPS-000123"; the seal number is taken out of it and checked.
 */
export function sealNoFromCode(raw: string): string | null {
  let s = raw.trim();
  try {
    if (/^https?:\/\//i.test(s)) {
      const u = new URL(s);
      s = u.searchParams.get('seal') ?? u.searchParams.get('sealNo') ?? decodeURIComponent(u.pathname.split('/').filter(Boolean).pop() ?? '');
    }
  } catch {
    // not a URL after all
  }
  s = s.replace(/^seal[:=]/i, '');
  const r = validateSealNo(s);
  return r.ok ? r.value : null;
}

/** The typed number, normalised, or null when the rule refuses it. */
export function checkTyped(input: string): string | null {
  const r = validateSealNo(input);
  return r.ok ? r.value : null;
}

/** The expected seal the read number is, if any (the note's numbers are compared normalised). */
export function matchExpected(read: string, expected: readonly string[]): string | null {
  return expected.find((e) => (checkTyped(e) ?? e) === read) ?? null;
}
