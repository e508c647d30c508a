// Location report → SealWatch Telemetry (CONTRACT section 3).
import type { SealReport, Telemetry } from '../../core/types.ts';
import { deviceIdFromPhone } from './device-id.ts';
import type { Jt808Location } from './messages/location.ts';
import type { Jt808Lock } from './messages/vendor-items.ts';

/**
 * Maps one decoded 0x0200 report (or one entry of a 0x0704 batch) from terminal `phone`.
 *
 * - Without a GNSS fix (status bit 1 clear) lat, lon, speed and heading are left out: terminals
 *   send a stale or zero position then, and the monitor must not judge corridors on it. The
 *   report still counts as a sign of life.
 * - ts is the fix time; when the terminal's clock field is unusable, `receivedAt` (the time the
 *   gateway read the frame) stands in, so the report is not lost.
 * - battery is the terminal's own charge in percent, when a vendor item carries it.
 * - hdop is absent: JT/T 808 does not report it.
 * - seals lists the e-locks the terminal reports (vendor lock lists), locked or unlocked.
 */
export function toTelemetry(phone: string, location: Jt808Location, receivedAt: string = new Date().toISOString()): Telemetry {
  const telemetry: Telemetry = { deviceId: deviceIdFromPhone(phone), ts: location.time ?? receivedAt };
  if (location.positioned) {
    telemetry.lat = location.lat;
    telemetry.lon = location.lon;
    telemetry.speedKmh = location.speedKmh;
    telemetry.heading = location.heading;
  }
  if (location.batteryPercent !== undefined) telemetry.battery = location.batteryPercent;
  if (location.locks && location.locks.length > 0) telemetry.seals = location.locks.map(toSealReport);
  return telemetry;
}

function toSealReport(lock: Jt808Lock): SealReport {
  return { id: lock.id, state: lock.locked ? 'locked' : 'unlocked' };
}
