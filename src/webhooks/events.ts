// Webhook events about transport notes, written to the delivery outbox in the transaction that
// changes the note: a note is never stored without its deliveries, nor the other way round.
import { randomBytes } from 'node:crypto';
import type { TransportNote } from '../core/types.ts';
import type { Queryable } from '../store/db.ts';

export const NOTE_EVENTS = ['transportNote.incoming', 'transportNote.updated', 'transportNote.cancelled'] as const;
export type NoteEvent = (typeof NOTE_EVENTS)[number];

export interface NoteChange {
  kind: 'created' | 'replaced' | 'cancelled';
  cnNo: string;
  version: number;
  status: 'live' | 'cancelled';
  note: TransportNote;
  /** For a replacement: the destination before it (the yard that expected the containers until now). */
  previousDestination?: string;
}

interface Recipient {
  id: string;
  events: string[];
}

export const newDeliveryId = () => `whd_${randomBytes(12).toString('base64url')}`;

/**
 * Subscriptions told about notes going to a facility: those of the company operating it, and
 * customs' own; either may narrow itself to some facilities.
 */
async function recipients(tx: Queryable, destination: string): Promise<Recipient[]> {
  return tx.query<Recipient & { id: string }>(
    `select s.id, s.events from webhook_subscriptions s join companies c on c.ubn = s.company_ubn
     where s.deleted_at is null
       and (cardinality(s.facilities) = 0 or $1 = any(s.facilities))
       and ('customs' = any(c.roles)
            or exists (select 1 from facilities f where f.code = $1 and f.operator_ubn = s.company_ubn))
     order by s.id`,
    [destination],
  );
}

interface Delivery {
  subscription: string;
  event: NoteEvent;
  data: Record<string, unknown>;
}

/** Which subscription hears what about a change. A replacement that moves the destination tells the old yard it is off. */
async function deliveriesFor(tx: Queryable, c: NoteChange): Promise<Delivery[]> {
  const full = { cnNo: c.cnNo, version: c.version, status: c.status, note: c.note };
  const now = await recipients(tx, c.note.destination);
  if (c.kind === 'created') return now.map((r) => ({ subscription: r.id, event: 'transportNote.incoming', data: full }));
  if (c.kind === 'cancelled') return now.map((r) => ({ subscription: r.id, event: 'transportNote.cancelled', data: full }));
  const before = c.previousDestination && c.previousDestination !== c.note.destination ? await recipients(tx, c.previousDestination) : now;
  const knew = new Set(before.map((r) => r.id));
  const hears = new Set(now.map((r) => r.id));
  const out: Delivery[] = now.map((r) => ({
    subscription: r.id,
    event: knew.has(r.id) ? 'transportNote.updated' : 'transportNote.incoming',
    data: full,
  }));
  for (const r of before) {
    if (hears.has(r.id)) continue;
    out.push({
      subscription: r.id,
      event: 'transportNote.cancelled',
      data: { cnNo: c.cnNo, version: c.version, status: c.status, reason: 'destinationChanged' },
    });
  }
  const subscribed = new Map([...before, ...now].map((r) => [r.id, r.events]));
  return out.filter((d) => subscribed.get(d.subscription)!.includes(d.event));
}

export async function enqueueNoteChange(tx: Queryable, change: NoteChange): Promise<number> {
  const deliveries = await deliveriesFor(tx, change);
  const occurredAt = new Date().toISOString();
  for (const d of deliveries) {
    await tx.query('insert into webhook_deliveries (id, subscription, event, payload) values ($1,$2,$3,$4)', [
      newDeliveryId(),
      d.subscription,
      d.event,
      JSON.stringify({ event: d.event, occurredAt, data: d.data }),
    ]);
  }
  return deliveries.length;
}
