// Who may be told of what: nobody hears of more than they could read through the API, whatever
// their rules ask for.
//
// - An alert: by the monitoring rule (monitoring.ts): customs every alert; a company those naming
//   it (a fleet its own trucks', a yard the CNs it sent and the trips to its facilities); a driver
//   only those of the truck it drives; a judicial office those referred to it.
// - An application's decision: the people of the applicant company (customs made the decision).
// - A declaration's change: customs, and the people of the companies the declaration names (its
//   producer says which, as the declarations query does).
import { CUSTOMS_ROLES, isCustoms, type Principal } from '../auth/roles.ts';
import type { NotificationEvent } from '../notifications/events.ts';
import type { Queryable, Row } from '../store/db.ts';
import { canSeeMonitored } from './monitoring.ts';
import { bind } from './sql.ts';

/** The alerts row the rule reads; for an alert not stored (yet), its facts from the event. */
export function alertRowOf(e: Extract<NotificationEvent, { kind: 'alert' }>, stored?: Row): Row {
  return stored ?? { alert_id: e.alert.alertId, trip_id: e.alert.tripId, plate: e.alert.plate, cn_nos: e.alert.cnNos, visible_to: e.audience };
}

export async function mayBeToldOf(q: Queryable, p: Principal, e: NotificationEvent, alertRow?: Row): Promise<boolean> {
  switch (e.kind) {
    case 'alert':
      return canSeeMonitored(q, p, alertRowOf(e, alertRow));
    case 'application_decided':
      return p.companyUbn === e.companyUbn;
    case 'declaration_changed':
      return isCustoms(p) || e.companyUbns.includes(p.companyUbn);
  }
}

/**
 * The users (`<alias>`: a users row) who might be told of the event: a superset of those the rule
 * above lets through, so that it reads only a few people's facts.
 */
export function mayBeToldWhere(e: NotificationEvent, alias: string, params: unknown[]): string {
  const customs = () => `${alias}.roles && ${bind(params, [...CUSTOMS_ROLES])}::text[]`;
  switch (e.kind) {
    case 'alert':
      return `(${customs()} or 'judicial' = any(${alias}.roles) or ${alias}.company_ubn = any(${bind(params, e.audience)}::text[]))`;
    case 'application_decided':
      return `${alias}.company_ubn = ${bind(params, e.companyUbn)}`;
    case 'declaration_changed':
      return `(${customs()} or ${alias}.company_ubn = any(${bind(params, e.companyUbns)}::text[]))`;
  }
}
