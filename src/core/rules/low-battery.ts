// low_battery (low): a seal's or OBU's battery below lowBatteryPercent; clears at
// lowBatteryClearPercent or more. The gap between the two thresholds keeps a level hovering around
// 20 % from opening an alert per report.
import type { Severity } from '../types.ts';
import { CLEAR, NONE, OPEN } from './actions.ts';
import type { RuleParams } from './rule.ts';

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
