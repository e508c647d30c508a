// An MQTT telemetry payload: one Telemetry as JSON or an array of them, for the device the topic
// names. Bad reports are dropped with the reason (logged and counted by the caller); the good
// ones of the same payload are kept, so one bad reading does not block a device's buffer.
import type { Telemetry } from '../../core/types.ts';
import { checkTelemetry, DEFAULT_REPORT_TIME_WINDOW, type Received } from '../../monitor/telemetry-check.ts';

export const MAX_REPORTS_PER_PAYLOAD = 1000;

export interface ParsedPayload {
  reports: Telemetry[];
  /** Why each dropped report (or the whole payload) was refused. */
  problems: string[];
}

/** `received`: when the payload arrived and the window its reports' times must lie in (default: now, the default window). */
export function parseTelemetryPayload(
  deviceId: string,
  payload: Buffer | string,
  received: Received = { atMs: Date.now(), window: DEFAULT_REPORT_TIME_WINDOW },
): ParsedPayload {
  let body: unknown;
  try {
    body = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
  } catch (err) {
    return { reports: [], problems: [`not JSON: ${(err as Error).message}`] };
  }
  const items = Array.isArray(body) ? body : [body];
  if (items.length > MAX_REPORTS_PER_PAYLOAD) return { reports: [], problems: [`more than ${MAX_REPORTS_PER_PAYLOAD} reports`] };
  const reports: Telemetry[] = [];
  const problems: string[] = [];
  items.forEach((item, i) => {
    const path = Array.isArray(body) ? `/${i}` : '';
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      const o = item as Record<string, unknown>;
      // The topic says whose report it is; the body may leave it out but not contradict it.
      if (o.deviceId === undefined) o.deviceId = deviceId;
      else if (o.deviceId !== deviceId) {
        problems.push(`${path}/deviceId: ${String(o.deviceId)} is not the topic's device ${deviceId}`);
        return;
      }
    }
    const r = checkTelemetry(item, path, received);
    if (r.ok) reports.push(r.value);
    else problems.push(...r.errors.map((e) => `${e.path}: ${e.message}`));
  });
  return { reports, problems };
}
