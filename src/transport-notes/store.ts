// Transport notes in the database: the current version, the version history, and the containers
// and seals of the current version.
import type { TransportNote } from '../core/types.ts';
import type { Queryable, Row } from '../store/db.ts';
import type { CurrentNote } from './lifecycle.ts';

/** Advisory-lock classes: one note number, one seal number. Same numbers on every server process. */
const LOCK_NOTE = 727020;
const LOCK_SEAL = 727021;

export function toCurrent(r: Row): CurrentNote {
  return {
    cnNo: r.cn_no,
    version: r.version,
    status: r.status,
    senderUbn: r.sender_ubn,
    origin: r.origin,
    destination: r.destination,
    confirmedAt: r.confirmed_at ? new Date(r.confirmed_at) : null,
    body: r.body,
  };
}

export async function findNote(q: Queryable, cnNo: string): Promise<Row | undefined> {
  const [row] = await q.query('select * from transport_notes where cn_no = $1', [cnNo]);
  return row;
}

/**
 * Serialises every change to one note number (including the first insert, which no row lock can
 * cover) and returns the row as it stands under that lock.
 */
export async function lockNote(tx: Queryable, cnNo: string): Promise<Row | undefined> {
  await tx.query('select pg_advisory_xact_lock($1, hashtext($2))', [LOCK_NOTE, cnNo]);
  const [row] = await tx.query('select * from transport_notes where cn_no = $1 for update', [cnNo]);
  return row;
}

/** Locks seal numbers in sorted order, so two notes sharing seals never deadlock, then lists their holders. */
export async function lockSealHolders(tx: Queryable, sealNos: string[], exceptCnNo: string): Promise<Map<string, Row>> {
  const sorted = [...new Set(sealNos)].sort();
  if (sorted.length === 0) return new Map();
  // One statement for all seals; the ordered subquery fixes the locking order.
  await tx.query('select pg_advisory_xact_lock($1, hashtext(s)) from (select unnest($2::text[]) as s order by 1) ordered', [LOCK_SEAL, sorted]);
  const rows = await tx.query(
    `select s.seal_no, n.cn_no, n.sender_ubn from transport_note_seals s join transport_notes n on n.cn_no = s.cn_no
     where s.seal_no = any($1) and s.cn_no <> $2 and n.status = 'live' and n.closed_at is null`,
    [sorted, exceptCnNo],
  );
  return new Map(rows.map((r) => [r.seal_no, r]));
}

export interface VersionWrite {
  note: TransportNote;
  version: number;
  status: 'live' | 'cancelled';
  fn: string;
  actor: { kind: string; id: string; companyUbn: string | null };
  /** Clear a recorded confirmation (reissue, or a replacement with other seals). */
  clearConfirmation: boolean;
  /** A cancelled number issued again starts afresh: not closed either. */
  reissue: boolean;
}

async function writeContents(tx: Queryable, note: TransportNote, replacing: boolean): Promise<void> {
  if (replacing) {
    await tx.query('delete from transport_note_containers where cn_no = $1', [note.cnNo]);
    await tx.query('delete from transport_note_seals where cn_no = $1', [note.cnNo]);
  }
  const containers = note.containers;
  await tx.query(
    `insert into transport_note_containers (cn_no, position, container_no, seal_type)
     select $1, p - 1, c, t from unnest($2::text[], $3::text[]) with ordinality as x(c, t, p)`,
    [note.cnNo, containers.map((c) => c.no), containers.map((c) => c.sealType)],
  );
  const seals = containers.flatMap((c) => c.sealNos.map((s) => [s, c.no]));
  if (seals.length === 0) return;
  await tx.query(
    `insert into transport_note_seals (cn_no, seal_no, container_no) select $1, s, c from unnest($2::text[], $3::text[]) as x(s, c)`,
    [note.cnNo, seals.map(([s]) => s), seals.map(([, c]) => c)],
  );
}

/** Writes one accepted version: the current row (inserted or updated), its history row, its contents. */
export async function writeVersion(tx: Queryable, w: VersionWrite): Promise<Row> {
  const n = w.note;
  const [row] = await tx.query(
    `insert into transport_notes (cn_no, version, status, sender_ubn, origin, destination, route_code, plate, driver_id,
       requires_confirmation, body)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)
     on conflict (cn_no) do update set version = excluded.version, status = excluded.status, sender_ubn = excluded.sender_ubn,
       origin = excluded.origin, destination = excluded.destination, route_code = excluded.route_code, plate = excluded.plate,
       driver_id = excluded.driver_id, requires_confirmation = excluded.requires_confirmation, body = excluded.body,
       confirmed_at = case when $12 then null else transport_notes.confirmed_at end,
       confirmed_by = case when $12 then null else transport_notes.confirmed_by end,
       confirmation = case when $12 then null else transport_notes.confirmation end,
       closed_at = case when $13 then null else transport_notes.closed_at end,
       updated_at = now()
     returning *`,
    [n.cnNo, w.version, w.status, n.senderUbn, n.origin, n.destination, n.routeCode ?? null, n.plate, n.driverId,
      n.requiresConfirmation, JSON.stringify(n), w.clearConfirmation, w.reissue],
  );
  await tx.query(
    `insert into transport_note_versions (cn_no, version, function, body, actor_kind, actor_id, actor_company_ubn)
     values ($1,$2,$3,$4,$5,$6,$7)`,
    [n.cnNo, w.version, w.fn, JSON.stringify(n), w.actor.kind, w.actor.id, w.actor.companyUbn],
  );
  // A cancel keeps the contents of the version it cancels, so the containers' history stays findable.
  if (w.status === 'live') await writeContents(tx, n, w.version > 1);
  return row;
}

export async function noteHistory(q: Queryable, cnNo: string): Promise<Row[]> {
  return q.query('select * from transport_note_versions where cn_no = $1 order by version', [cnNo]);
}
