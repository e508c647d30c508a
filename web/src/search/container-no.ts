// Whether a search text is a container number (ISO 6346, check digit right), by the identifier
// rules of DOMAIN.md: then the search page also shows that container's latest status.
import { validateContainerNo } from '../../../src/core/ids/container-number.ts';

export function containerNoIn(raw: string): string | null {
  const r = validateContainerNo(raw.trim().toUpperCase().replace(/[\s-]/g, ''));
  return r.ok ? r.value : null;
}
