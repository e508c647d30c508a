// The alert's context (seals, whom to call, the procedure) and bulk acknowledgement, against the
// API; the procedures for the editor.
import { api } from '../api/client.ts';
import { normalizeAlert } from '../api/normalize.ts';
import type { AlertResource } from '../../shared/api-types.ts';
import { liveStore } from '../live/store.ts';

export interface Contact {
  ubn: string;
  name: string;
  contactName: string | null;
  contactPhone: string | null;
}

export interface Procedure {
  alertType: string;
  steps: { 'zh-TW': string[]; en: string[] };
  builtIn: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface AlertContext {
  alertId: string;
  sealIds: string[];
  driver: { nationalId: string; name: string; phone: string | null } | null;
  fleet: Contact | null;
  yard: Contact | null;
  origin: string | null;
  destination: string | null;
  procedure: Procedure;
}

export const loadAlertContext = (id: string) => api.get<AlertContext>(`/alerts/${encodeURIComponent(id)}/context`);

interface BulkResult {
  results: { alertId: string; outcome: 'acknowledged' | 'unchanged' | 'failed'; status: number; detail?: string; alert?: AlertResource }[];
}

/** Acknowledges the alerts in one request; the live store takes each changed alert at once. */
export async function acknowledgeAll(ids: string[]): Promise<{ ok: number; failed: number }> {
  const r = await api.post<BulkResult>('/alerts/ack', { alertIds: ids });
  for (const x of r.results) if (x.alert) liveStore.updateAlert(normalizeAlert(x.alert));
  return { ok: r.results.filter((x) => x.outcome !== 'failed').length, failed: r.results.filter((x) => x.outcome === 'failed').length };
}

export const procedures = {
  list: () => api.get<Procedure[]>('/alert-procedures'),
  save: (alertType: string, steps: Procedure['steps']) => api.put<Procedure>(`/alert-procedures/${encodeURIComponent(alertType)}`, { steps }),
  reset: (alertType: string) => api.del<Procedure>(`/alert-procedures/${encodeURIComponent(alertType)}`),
};

/** Telephone link target: digits and a leading plus only. */
export const telHref = (phone: string) => `tel:${phone.replace(/[^\d+]/g, '')}`;
