// What a search text could be, by the identifier rules of DOMAIN.md.
import { validateContainerNo } from '../../../src/core/ids/container-number.ts';
import { validateNationalId } from '../../../src/core/ids/national-id.ts';

export interface SearchKinds {
  containerNo: string | null;
  tripFilters: [string, string][];
}

export function classify(raw: string): SearchKinds {
  const compact = raw.trim().toUpperCase().replace(/[\s-]/g, '');
  const container = validateContainerNo(compact);
  if (container.ok) return { containerNo: container.value, tripFilters: [['containerNo', container.value]] };
  const filters: [string, string][] = [];
  if (validateNationalId(compact).ok) filters.push(['driverId', compact]);
  if (/^[A-Z0-9]{4,8}$/.test(compact)) filters.push(['plate', compact]);
  if (/^[A-Z0-9]{6,}$/.test(compact)) filters.push(['cnNo', compact], ['declarationNo', compact]);
  return { containerNo: null, tripFilters: filters };
}
