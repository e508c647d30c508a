// The alert rules of CONTRACT section 5, one file each; this table gives every type its severity.
import type { AlertType, Severity } from '../types.ts';
import * as abnormalStop from './abnormal-stop.ts';
import * as departedUnconfirmed from './departed-unconfirmed.ts';
import * as gateMismatch from './gate-mismatch.ts';
import * as inspectionEvasion from './inspection-evasion.ts';
import * as lowBattery from './low-battery.ts';
import * as overdue from './overdue.ts';
import * as routeDeviation from './route-deviation.ts';
import * as sealLinkLost from './seal-link-lost.ts';
import * as sealTamper from './seal-tamper.ts';
import * as signalLost from './signal-lost.ts';
import * as unauthorizedFacility from './unauthorized-facility.ts';

const RULES = [
  sealTamper,
  routeDeviation,
  inspectionEvasion,
  overdue,
  abnormalStop,
  unauthorizedFacility,
  signalLost,
  sealLinkLost,
  lowBattery,
  departedUnconfirmed,
  gateMismatch,
];

export const ALERT_SEVERITY = Object.fromEntries(RULES.map((r) => [r.alertType, r.severity])) as Record<AlertType, Severity>;
