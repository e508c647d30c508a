// low_battery (low): a seal's or OBU's battery below lowBatteryPercent; clears at
// lowBatteryClearPercent or more. The gap between the two thresholds keeps a level hovering around
// 20 % from opening an alert per report.
import type { Severity } from '../types.ts';
import { CLEAR, NONE, OPEN } from './actions.ts';
import type { DeviceReport, DeviceRule, RuleDevice, RuleHost, RuleParams, RuleTrip } from './rule.ts';

export const alertType = 'low_battery';
export const severity: Severity = 'low';

export const params: RuleParams<'lowBatteryPercent' | 'lowBatteryClearPercent'> = {
  defaults: { lowBatteryPercent: 20, lowBatteryClearPercent: 25 },
};

export interface BatteryParams {
  lowBatteryPercent: number;
  lowBatteryClearPercent: number;
}

export interface BatteryState {
  batteryLow: boolean;
}

export function onBattery(s: BatteryState, percent: number, p: BatteryParams): number {
  if (!Number.isFinite(percent)) return NONE;
  if (!s.batteryLow && percent < p.lowBatteryPercent) {
    s.batteryLow = true;
    return OPEN;
  }
  if (s.batteryLow && percent >= p.lowBatteryClearPercent) {
    s.batteryLow = false;
    return CLEAR;
  }
  return NONE;
}

/** The rule's state on a device: the episode and its open alert (and the trip it is on). */
export class BatteryEpisode implements BatteryState {
  batteryLow = false;
  alertId: string | null = null;
  alertTrip: RuleTrip | null = null;
}

export const deviceRule: DeviceRule<BatteryEpisode> = {
  alertType,
  newState: () => new BatteryEpisode(),
  report(host: RuleHost, dev: RuleDevice, s: BatteryEpisode, r: DeviceReport): void {
    const percent = r.battery;
    if (percent !== percent || percent === r.prevBattery) return;
    const trip = r.trip;
    const a = onBattery(s, percent, trip ? trip.params : host.params);
    if (a === OPEN) {
      const plate = trip ? trip.plate : (dev.plate ?? '');
      s.alertTrip = trip;
      s.alertId = host.openAlert(alertType, trip ? trip.id : plate || dev.id, trip, plate,
        trip && trip.hasPos ? trip.lat : dev.hasFix ? dev.lat : null,
        trip && trip.hasPos ? trip.lon : dev.hasFix ? dev.lon : null,
        { deviceId: dev.id, deviceKind: r.kind, battery: percent });
    } else if (a === CLEAR && s.alertId !== null) {
      host.clearAlert(s.alertId, alertType, s.alertTrip);
      s.alertId = null;
      s.alertTrip = null;
    }
  },
};
