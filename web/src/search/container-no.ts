// Whether a search text is a container number (ISO 6346, check digit right), by the identifier
// rules of DOMAIN.md: then the search page also shows that container's latest status. A text
// shaped like a container number or national ID whose check digit is wrong is named as such, since
// no record can carry it and "no results" alone would not say why.
import { validateContainerNo } from '../../../src/core/ids/container-number.ts';
import { validateNationalId } from '../../../src/core/ids/national-id.ts';
import type { CodedError } from '../../shared/errors.ts';

const compact = (raw: string) => raw.trim().toUpperCase().replace(/[\s-]/g, '');

export function containerNoIn(raw: string): string | null {
  const r = validateContainerNo(compact(raw));
  return r.ok ? r.value : null;
}

/** The broken check digit of a text shaped like a container number or national ID, or null. */
export function wrongCheckDigitIn(raw: string): CodedError | null {
  const s = compact(raw);
  const r = /^[A-Z]{3}[UJZ]\d{7}$/.test(s) ? validateContainerNo(s) : /^[A-Z][1289A-D]\d{8}$/.test(s) ? validateNationalId(s) : null;
  return r && !r.ok && r.code.endsWith('.check_digit') ? r : null;
}
