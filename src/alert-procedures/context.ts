// What the officer handling an alert needs at hand beside the alert itself: every seal it names,
// the driver and how to reach them, the transport company (fleet) and the yard that sent the CN
// with their contacts, and the procedure for its type.
import type { Queryable, Row } from '../store/db.ts';
import { getProcedure, type ProcedureView } from './service.ts';

export interface Contact {
  ubn: string;
  name: string;
  contactName: string | null;
  contactPhone: string | null;
}

export interface AlertContext {
  alertId: string;
  sealIds: string[];
  driver: { nationalId: string; name: string; phone: string | null } | null;
  fleet: Contact | null;
  yard: Contact | null;
  origin: string | null;
  destination: string | null;
  procedure: ProcedureView;
}

/** The seals an alert names: `sealIds` (one tampering of several seals), else its one `sealId`. */
export function sealIdsOf(detail: Record<string, unknown>): string[] {
  if (Array.isArray(detail.sealIds)) return detail.sealIds.filter((s): s is string => typeof s === 'string');
  return typeof detail.sealId === 'string' ? [detail.sealId] : [];
}

async function company(q: Queryable, ubn: unknown): Promise<Contact | null> {
  if (typeof ubn !== 'string') return null;
  const [c] = await q.query('select ubn, name, contact_name, contact_phone from companies where ubn = $1', [ubn]);
  return c ? { ubn: c.ubn, name: c.name, contactName: c.contact_name ?? null, contactPhone: c.contact_phone ?? null } : null;
}

export async function alertContext(q: Queryable, alert: Row): Promise<AlertContext> {
  const cnNos = (alert.cn_nos as string[] | null) ?? [];
  const [note] = cnNos.length
    ? await q.query('select sender_ubn, driver_id, origin, destination, plate from transport_notes where cn_no = any($1) order by status = \'live\' desc limit 1', [cnNos])
    : [];
  const [driverRow] = note ? await q.query('select national_id, name, phone, fleet_ubn from drivers where national_id = $1', [note.driver_id]) : [];
  const plate = (note?.plate as string | undefined) ?? (alert.plate as string | null);
  const [vehicle] = plate ? await q.query('select fleet_ubn from vehicles where plate = $1', [plate]) : [];
  return {
    alertId: alert.alert_id,
    sealIds: sealIdsOf((alert.detail ?? {}) as Record<string, unknown>),
    driver: driverRow ? { nationalId: driverRow.national_id, name: driverRow.name, phone: driverRow.phone ?? null } : null,
    fleet: await company(q, vehicle?.fleet_ubn ?? driverRow?.fleet_ubn),
    yard: await company(q, note?.sender_ubn),
    origin: (note?.origin as string | undefined) ?? null,
    destination: (note?.destination as string | undefined) ?? null,
    procedure: await getProcedure(q, alert.alert_type),
  };
}
