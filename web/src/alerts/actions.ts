// What an officer does with an alert; each answer replaces the alert in the live store so every
// view shows the change at once (the stream tells the other consoles).
import { api } from '../api/client.ts';
import { normalizeAlert } from '../api/normalize.ts';
import type { AlertDetail } from '../../shared/api-types.ts';
import type { Alert, Resolution } from '../api/types.ts';
import { liveStore } from '../live/store.ts';

/** After each step the alert is read again with its history, so notes and names are current. */
async function apply(id: string, promise: Promise<unknown>): Promise<Alert> {
  await promise;
  const a = normalizeAlert(await api.get<AlertDetail>(`/alerts/${encodeURIComponent(id)}`));
  liveStore.updateAlert(a);
  return a;
}

export async function loadAlertDetail(id: string): Promise<Alert> {
  const a = normalizeAlert(await api.get<AlertDetail>(`/alerts/${encodeURIComponent(id)}`));
  liveStore.updateAlert(a);
  return a;
}

const path = (id: string, action: string) => `/alerts/${encodeURIComponent(id)}/${action}`;

export const alertActions = {
  acknowledge: (id: string) => apply(id, api.post(path(id, 'ack'), {})),
  assign: (id: string, userId: string) => apply(id, api.post(path(id, 'assign'), { to: userId })),
  addNote: (id: string, text: string) => apply(id, api.post(path(id, 'notes'), { note: text })),
  resolve: (id: string, resolution: Resolution, note: string) => apply(id, api.post(path(id, 'resolve'), { resolution, note })),
};
