// Calls of the operations views the shared client has no verb for (PATCH), and report URLs.
import { api, ApiError } from '../api/client.ts';

export { api };

export async function patch<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(`/api/v1${path}`, {
    method: 'PATCH',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) {
    const p = text ? JSON.parse(text) : {};
    throw new ApiError(res.status, p.title ?? 'error', p.detail ?? res.statusText);
  }
  return JSON.parse(text) as T;
}

/** A Taipei calendar day (YYYY-MM-DD) as the instant of its midnight. */
export const taipeiMidnight = (day: string): string => new Date(`${day}T00:00:00+08:00`).toISOString();

/** The Taipei calendar day of an instant, YYYY-MM-DD. */
export const taipeiDay = (t: number): string => new Date(t + 8 * 3600_000).toISOString().slice(0, 10);
