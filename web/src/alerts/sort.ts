// Queue order: the most severe first; within one severity what still needs a person (unacknowledged)
// before what someone is handling, then the newest; resolved last. An acknowledged critical is
// being worked on, not finished, so it stays above every lower alert.
import { SEVERITY_RANK, type Alert, type AlertType, type Severity } from '../api/types.ts';

const STATUS_RANK = { open: 0, acknowledged: 1, resolved: 2 } as const;

export function compareAlerts(a: Alert, b: Alert): number {
  return (
    Number(a.status === 'resolved') - Number(b.status === 'resolved') ||
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
    b.openedAt.localeCompare(a.openedAt)
  );
}

export interface AlertFilter {
  severity: Severity | '';
  alertType: AlertType | '';
  status: 'active' | 'open' | 'acknowledged' | 'resolved';
  text: string;
}

export const DEFAULT_FILTER: AlertFilter = { severity: '', alertType: '', status: 'active', text: '' };

export function matches(a: Alert, f: AlertFilter, containersOf: (a: Alert) => string[] = () => []): boolean {
  if (f.severity && a.severity !== f.severity) return false;
  if (f.alertType && a.alertType !== f.alertType) return false;
  if (f.status === 'active' ? a.status === 'resolved' : a.status !== f.status) return false;
  const q = f.text.trim().toUpperCase().replace(/-/g, '');
  if (q && !a.plate.includes(q) && !containersOf(a).some((c) => c.includes(q)) && !a.cnNos.some((c) => c.toUpperCase().includes(q))) return false;
  return true;
}
