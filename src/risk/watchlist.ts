// The customs watchlist of drivers, vehicles and companies (a level, a reason, an optional end),
// and officers' records of seizures and inspection findings: both feed riskOfParties. Audited.
import type { Actor } from '../audit/trail.ts';
import { conflict, notFound } from '../core/errors.ts';
import type { Platform } from '../platform.ts';
import { writeAudited } from '../registry/write.ts';
import type { Db } from '../store/db.ts';
import { presentWatch, type PartyKind, type WatchEntry, WATCH_LEVELS } from './parties.ts';

export interface WatchInput {
  kind: PartyKind;
  partyId: string;
  level: (typeof WATCH_LEVELS)[number];
  reason: string;
  until?: string;
}

const who = (a: Actor) => `${a.kind}:${a.id}`;

/** Entries in force (and, with `all`, those removed or ended too), newest first. */
export async function listWatchlist(db: Db, opt: { kind?: PartyKind; partyId?: string; all?: boolean } = {}): Promise<WatchEntry[]> {
  const params: unknown[] = [];
  const w: string[] = [];
  if (!opt.all) w.push('removed_at is null and (until is null or until > now())');
  if (opt.kind) w.push(`party_kind = $${params.push(opt.kind)}`);
  if (opt.partyId) w.push(`party_id = $${params.push(opt.partyId)}`);
  const rows = await db.query(`select * from risk_watchlist ${w.length ? 'where ' + w.join(' and ') : ''} order by id desc limit 1000`, params);
  return rows.map(presentWatch);
}

export async function addToWatchlist(ctx: Platform, actor: Actor, e: WatchInput): Promise<WatchEntry> {
  return writeAudited(ctx, actor, async (tx) => {
    const [same] = await tx.query(
      `select id from risk_watchlist where party_kind = $1 and party_id = $2 and removed_at is null and (until is null or until > now())`,
      [e.kind, e.partyId],
    );
    if (same) {
      throw conflict(`${e.kind} ${e.partyId} is already on the watchlist (entry ${same.id}); remove it first to change it`, 'watchlist.listed', { partyKind: e.kind, partyId: e.partyId, entry: Number(same.id) });
    }
    const [row] = await tx.query(
      `insert into risk_watchlist (party_kind, party_id, level, reason, until, created_by) values ($1,$2,$3,$4,$5,$6) returning *`,
      [e.kind, e.partyId, e.level, e.reason, e.until ?? null, who(actor)],
    );
    const entry = presentWatch(row);
    return { result: entry, audit: { action: 'create', resource: 'risk_watchlist', resourceId: String(entry.id), after: entry }, inputs: [] };
  });
}

export async function removeFromWatchlist(ctx: Platform, actor: Actor, id: number): Promise<void> {
  await writeAudited(ctx, actor, async (tx) => {
    const [row] = await tx.query(`update risk_watchlist set removed_at = now(), removed_by = $2 where id = $1 and removed_at is null returning *`, [id, who(actor)]);
    if (!row) throw notFound(`Watchlist entry ${id}`, 'watchlist_entry', String(id));
    return { result: null, audit: { action: 'delete', resource: 'risk_watchlist', resourceId: String(id), before: presentWatch(row) }, inputs: [] };
  });
}

export interface PartyEventInput {
  kind: PartyKind;
  partyId: string;
  event: 'seizure' | 'finding';
  note: string;
  tripId?: string;
}

/** An officer records a seizure or an inspection finding against a party. */
export async function recordPartyEvent(ctx: Platform, actor: Actor, e: PartyEventInput) {
  return writeAudited(ctx, actor, async (tx) => {
    const [row] = await tx.query(
      `insert into risk_party_events (party_kind, party_id, kind, note, trip_id, recorded_by) values ($1,$2,$3,$4,$5,$6) returning *`,
      [e.kind, e.partyId, e.event, e.note, e.tripId ?? null, who(actor)],
    );
    const view = { id: Number(row.id), kind: row.party_kind, partyId: row.party_id, event: row.kind, note: row.note, tripId: row.trip_id, recordedBy: row.recorded_by, at: new Date(row.at).toISOString() };
    return { result: view, audit: { action: 'create', resource: 'risk_party_event', resourceId: String(view.id), after: view }, inputs: [] };
  });
}
