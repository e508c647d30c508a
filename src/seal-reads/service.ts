// Passive seal reads (CONTRACT section 8) coming in from phones, handhelds and lane readers: each
// checked on its own (a batch keeps its good records and names its bad ones), placed, stored with
// its audit entry and handed to the engine as a `sealRead` input in one transaction. The reader's
// `readId` makes an upload idempotent: a phone that uploads its queue again, or twice, stores each
// read once and is answered with the stored read.
import { recordAudit, type Actor } from '../audit/trail.ts';
import { isCustoms, type Principal } from '../auth/roles.ts';
import { newId } from '../auth/secrets.ts';
import { DomainError, forbidden, FieldErrors, invalid, notFound } from '../core/errors.ts';
import { validateContainerNo, validateSealNo } from '../core/ids/index.ts';
import { findBadText } from '../core/text.ts';
import { SEAL_READ_EVENTS, SEAL_READERS, type SealRead, type SealReadEvent, type SealReader } from '../core/types.ts';
import { canSeeNote, codedFacilities, mayRecordSealReadAt, mayRecordSealReads, maySeeSealRead } from '../access/policy.ts';
import type { AppContext } from '../platform.ts';
import type { Queryable, Row } from '../store/db.ts';
import { presentSealRead, SEAL_READ_SELECT, type SealReadView } from './present.ts';

/** Reads in one request. */
export const MAX_READS_PER_REQUEST = 200;
/** A reader's clock may run ahead a little; further ahead is a wrong clock. */
const MAX_AHEAD_MS = 5 * 60_000;
/** A phone's queue older than this is not uploaded as live evidence. */
const MAX_AGE_MS = 7 * 24 * 3600_000;
const READ_ID = /^[A-Za-z0-9_.:-]{1,64}$/;
const KEYS = new Set([
  'readId', 'sealNo', 'event', 'facility', 'lat', 'lon', 'containerNo', 'reader', 'readerId', 'by', 'readAt', 'photoId', 'photoSha256', 'note',
]);

export type ReadOutcome =
  | { index: number; readId: string | null; status: 'stored' | 'duplicate'; read: SealReadView }
  | { index: number; readId: string | null; status: 'rejected'; error: DomainError };

interface CheckedRead {
  readId: string;
  sealNo: string;
  event: SealReadEvent;
  facility: string | null;
  lat: number | null;
  lon: number | null;
  containerNo: string | null;
  reader: SealReader;
  readerId: string | null;
  by: string | null;
  readAt: Date;
  photoId: string | null;
  photoSha256: string | null;
  note: string | null;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function text(o: Record<string, unknown>, key: string, max: number, errs: FieldErrors, at: string): string | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' || v.trim().length === 0 || v.length > max) {
    errs.add(`${at}/${key}`, `must be a non-empty string of at most ${max} characters`, 'string.length', { min: 1, max });
    return null;
  }
  return v.trim();
}

/** The fields of one record, each bad one named under `at` (e.g. /body/reads/3). */
function checkRecord(raw: unknown, at: string, nowMs: number): CheckedRead {
  const errs = new FieldErrors();
  if (!isObj(raw)) throw invalid([{ path: at, message: 'must be an object (a seal read)', code: 'type', params: { type: 'object' } }], 'The seal read is not valid');
  for (const k of Object.keys(raw)) if (!KEYS.has(k)) errs.add(`${at}/${k}`, 'is not a field of a seal read', 'property.unknown', { name: k });
  const bad = findBadText(raw, at);
  if (bad) errs.add(bad.path, bad.message, bad.code, bad.params);
  let sealNo = '';
  if (typeof raw.sealNo !== 'string') errs.add(`${at}/sealNo`, 'is required: the seal number', 'required', { name: 'sealNo' });
  else {
    const v = validateSealNo(raw.sealNo);
    if (v.ok) sealNo = v.value;
    else errs.add(`${at}/sealNo`, v.message, v.code, v.params);
  }
  if (!(SEAL_READ_EVENTS as readonly unknown[]).includes(raw.event)) errs.add(`${at}/event`, `must be one of ${SEAL_READ_EVENTS.join(', ')}`, 'enum', { allowed: SEAL_READ_EVENTS.join(', ') });
  if (!(SEAL_READERS as readonly unknown[]).includes(raw.reader)) errs.add(`${at}/reader`, `must be one of ${SEAL_READERS.join(', ')}`, 'enum', { allowed: SEAL_READERS.join(', ') });
  let readId: string | null = null;
  if (raw.readId !== undefined) {
    if (typeof raw.readId !== 'string' || !READ_ID.test(raw.readId)) errs.add(`${at}/readId`, 'must be 1–64 characters of letters, digits and _ . : -', 'seal_read.read_id');
    else readId = raw.readId;
  }
  const facility = text(raw, 'facility', 20, errs, at);
  let lat: number | null = null;
  let lon: number | null = null;
  if (raw.lat !== undefined || raw.lon !== undefined) {
    const okLat = typeof raw.lat === 'number' && raw.lat >= -90 && raw.lat <= 90;
    const okLon = typeof raw.lon === 'number' && raw.lon >= -180 && raw.lon <= 180;
    if (!okLat) errs.add(`${at}/lat`, 'must be a latitude (−90..90), given with lon', 'position.lat');
    if (!okLon) errs.add(`${at}/lon`, 'must be a longitude (−180..180), given with lat', 'position.lon');
    if (okLat && okLon) [lat, lon] = [raw.lat as number, raw.lon as number];
  }
  if (facility === null && raw.lat === undefined && raw.lon === undefined) errs.add(`${at}/facility`, 'is required unless lat and lon place the read', 'seal_read.place');
  let containerNo: string | null = null;
  if (raw.containerNo !== undefined) {
    const v = typeof raw.containerNo === 'string' ? validateContainerNo(raw.containerNo) : null;
    if (v?.ok) containerNo = v.value;
    else if (v) errs.add(`${at}/containerNo`, v.message, v.code, v.params);
    else errs.add(`${at}/containerNo`, 'must be a container number', 'type', { type: 'string' });
  }
  let readAt = new Date(nowMs);
  if (raw.readAt !== undefined) {
    const ms = typeof raw.readAt === 'string' && /\d{4}-\d\d-\d\dT\d\d:\d\d/.test(raw.readAt) && /(Z|[+-]\d\d:?\d\d)$/i.test(raw.readAt) ? Date.parse(raw.readAt) : NaN;
    if (!Number.isFinite(ms)) errs.add(`${at}/readAt`, 'must be an ISO 8601 time with offset', 'string.format', { format: 'date-time' });
    else if (ms > nowMs + MAX_AHEAD_MS) errs.add(`${at}/readAt`, 'is in the future: check the reader\'s clock', 'time.future');
    else if (ms < nowMs - MAX_AGE_MS) errs.add(`${at}/readAt`, 'is more than 7 days old', 'time.too_old', { maxDays: 7 });
    else readAt = new Date(ms);
  }
  const photoId = text(raw, 'photoId', 64, errs, at);
  let photoSha256: string | null = null;
  if (raw.photoSha256 !== undefined) {
    if (typeof raw.photoSha256 !== 'string' || !/^[0-9a-fA-F]{64}$/.test(raw.photoSha256)) errs.add(`${at}/photoSha256`, 'must be a SHA-256 in hex (64 characters)', 'hash.sha256');
    else photoSha256 = raw.photoSha256.toLowerCase();
  }
  const readerId = text(raw, 'readerId', 64, errs, at);
  const by = text(raw, 'by', 100, errs, at);
  const note = text(raw, 'note', 500, errs, at);
  errs.throwIfAny('The seal read is not valid');
  return {
    readId: readId ?? newId('sr'),
    sealNo,
    event: raw.event as SealReadEvent,
    facility,
    lat,
    lon,
    containerNo,
    reader: raw.reader as SealReader,
    readerId,
    by,
    readAt,
    photoId,
    photoSha256,
    note,
  };
}

/** The seal as the transport notes know it: its newest live note first, with the container it is on. */
async function noteOfSeal(q: Queryable, sealNo: string): Promise<Row | undefined> {
  const [row] = await q.query(
    `select s.seal_no, s.container_no, t.cn_no, t.sender_ubn, t.origin, t.destination, t.plate
     from transport_note_seals s join transport_notes t on t.cn_no = s.cn_no
     where upper(s.seal_no) = $1
     order by (t.status = 'live' and t.closed_at is null) desc, t.updated_at desc limit 1`,
    [sealNo],
  );
  return row;
}

/** A container's live note: a read of a seal no note knows, on a container under a CN, is evidence of a swap. */
async function liveNoteOfContainer(q: Queryable, containerNo: string): Promise<Row | undefined> {
  const [row] = await q.query(
    `select t.cn_no, t.sender_ubn, t.origin, t.destination, t.plate from transport_note_containers c
     join transport_notes t on t.cn_no = c.cn_no
     where c.container_no = $1 and t.status = 'live' and t.closed_at is null order by t.updated_at desc limit 1`,
    [containerNo],
  );
  return row;
}

async function tripOf(ctx: AppContext, sealNo: string, cnNo: string | null): Promise<string | null> {
  const live = ctx.services.monitor?.engine.tripIdForDevice(sealNo) ?? null;
  if (live) return live;
  if (cnNo === null) return null;
  const [row] = await ctx.db.query('select trip_id from trips where $1 = any(cn_nos) order by created_at desc limit 1', [cnNo]);
  return row ? row.trip_id : null;
}

async function storedRead(q: Queryable, readId: string): Promise<Row | undefined> {
  const [row] = await q.query(`${SEAL_READ_SELECT} where r.read_id = $1`, [readId]);
  return row;
}

/** Checks, places and stores one read (with its audit entry and engine input). */
async function recordOne(ctx: AppContext, p: Principal, actor: Actor, raw: unknown, at: string): Promise<{ status: 'stored' | 'duplicate'; read: SealReadView }> {
  const r = checkRecord(raw, at, Date.now());
  const [facility] = r.facility ? await codedFacilities(ctx.db, [r.facility]) : [null];
  if (r.facility && !facility) throw invalid([{ path: `${at}/facility`, message: `no facility ${r.facility}`, code: 'facility.unknown', params: { code: r.facility } }], 'The seal read is not valid');
  if (!mayRecordSealReadAt(p, facility ?? null)) {
    throw new DomainError('forbidden', r.facility
      ? `You do not answer for ${r.facility}: reads there are recorded by its operator, its responsible persons or customs`
      : 'Only customs records a read placed by position alone: name the facility', [{ path: `${at}/facility`, message: 'is not a facility you answer for', code: 'facility.not_yours' }]);
  }
  const note = await noteOfSeal(ctx.db, r.sealNo);
  const byContainer = !note && r.containerNo ? await liveNoteOfContainer(ctx.db, r.containerNo) : undefined;
  if (!note && !byContainer) {
    throw new DomainError('not_found', `Seal ${r.sealNo} is on no transport note`, [{ path: `${at}/sealNo`, message: 'no transport note names this seal (nor, when given, carries the container)', code: 'seal.on_no_note' }],
      undefined, 'not_found', { resource: 'seal_note', id: r.sealNo });
  }
  const sealNo: string = note ? note.seal_no : r.sealNo;
  const cnNo: string | null = (note ?? byContainer)?.cn_no ?? null;
  let photoSha256 = r.photoSha256;
  if (r.photoId) {
    const [photo] = await ctx.db.query('select sha256, uploaded_by, company_ubn from photos where id = $1', [r.photoId]);
    if (!photo || (photo.uploaded_by !== p.id && photo.company_ubn !== p.companyUbn && !isCustoms(p))) {
      throw invalid([{ path: `${at}/photoId`, message: 'is not a photo you uploaded (POST /seal-reads/photos)', code: 'photo.not_yours' }], 'The seal read is not valid');
    }
    if (photoSha256 && photoSha256 !== photo.sha256) throw invalid([{ path: `${at}/photoSha256`, message: 'does not match the photo', code: 'photo.hash_mismatch' }], 'The seal read is not valid');
    photoSha256 = photo.sha256;
  }
  const existing = await storedRead(ctx.db, r.readId);
  if (existing) return { status: 'duplicate', read: presentSealRead(existing) };
  const tripId = await tripOf(ctx, sealNo, cnNo);
  const by = r.by ?? p.name;
  const data: SealRead = {
    sealNo,
    event: r.event,
    ...(r.facility ? { facility: r.facility } : {}),
    ...(r.lat !== null && r.lon !== null ? { lat: r.lat, lon: r.lon } : {}),
    ...(r.containerNo ? { containerNo: r.containerNo } : {}),
    reader: r.reader,
    ...(r.readerId ? { readerId: r.readerId } : {}),
    by,
    ...(photoSha256 ? { photoSha256 } : {}),
    readId: r.readId,
    readAt: r.readAt.toISOString(),
  };
  const stored = await ctx.inputs.transact(async (tx) => {
    const rows = await tx.query(
      `insert into seal_reads (read_id, seal_no, event, facility, lat, lon, container_no, reader, reader_id, by_name, read_at,
         trip_id, cn_no, photo_id, photo_sha256, note, recorded_by, company_ubn)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18)
       on conflict (read_id) do nothing returning read_id`,
      [r.readId, sealNo, r.event, r.facility, r.lat, r.lon, r.containerNo, r.reader, r.readerId, by, r.readAt, tripId, cnNo,
        r.photoId, photoSha256, r.note, p.id, p.companyUbn],
    );
    // Uploaded twice at once: the other request stored it; this one changes nothing.
    if (rows.length === 0) return { result: false, inputs: [] };
    await recordAudit(tx, actor, { action: 'read', resource: 'seal', resourceId: sealNo, after: { ...data, tripId, cnNo } });
    return { result: true, inputs: [{ type: 'sealRead' as const, data }] };
  });
  const row = (await storedRead(ctx.db, r.readId)) as Row;
  return { status: stored ? 'stored' : 'duplicate', read: presentSealRead(row) };
}

/**
 * Records reads; each record's outcome on its own (`at(i)` names its place in the request, for
 * error paths). A caller whose role records no reads is refused as a whole.
 */
export async function recordSealReads(
  ctx: AppContext, p: Principal, actor: Actor, records: readonly unknown[], at: (i: number) => string,
): Promise<ReadOutcome[]> {
  if (!mayRecordSealReads(p)) throw forbidden('Seal reads are recorded by customs, yard staff and responsible persons');
  if (records.length > MAX_READS_PER_REQUEST) {
    throw new DomainError('too_large', `At most ${MAX_READS_PER_REQUEST} reads in one request`, [{ path: '/body/reads', message: `must hold at most ${MAX_READS_PER_REQUEST} reads`, code: 'array.too_long', params: { limit: MAX_READS_PER_REQUEST } }]);
  }
  const out: ReadOutcome[] = [];
  for (let i = 0; i < records.length; i++) {
    const raw = records[i];
    const readId = isObj(raw) && typeof raw.readId === 'string' ? raw.readId : null;
    try {
      const done = await recordOne(ctx, p, actor, raw, at(i));
      out.push({ index: i, readId: done.read.readId, ...done });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      out.push({ index: i, readId, status: 'rejected', error: err });
    }
  }
  return out;
}

/** Whether the caller may see reads taken under this CN (cached per request by the caller). */
async function noteVisible(q: Queryable, p: Principal, cnNo: string | null, cache: Map<string, boolean>): Promise<boolean> {
  if (cnNo === null) return false;
  const known = cache.get(cnNo);
  if (known !== undefined) return known;
  const [n] = await q.query('select sender_ubn, origin, destination from transport_notes where cn_no = $1', [cnNo]);
  const seen = !!n && (await canSeeNote(q, p, { cnNo, senderUbn: n.sender_ubn, origin: n.origin, destination: n.destination }));
  cache.set(cnNo, seen);
  return seen;
}

/** The reads of a seal the caller may see, oldest first; not_found when there are none. */
export async function sealReadHistory(ctx: AppContext, p: Principal, sealNoRaw: string, limit = 100, offset = 0): Promise<{ sealNo: string; reads: SealReadView[] }> {
  const v = validateSealNo(sealNoRaw);
  if (!v.ok) throw notFound(`Seal ${sealNoRaw}`, 'seal', sealNoRaw);
  const rows = await ctx.db.query(`${SEAL_READ_SELECT} where upper(r.seal_no) = $1 order by r.read_at, r.received_at, r.read_id`, [v.value]);
  const cache = new Map<string, boolean>();
  const visible: Row[] = [];
  for (const r of rows) if (maySeeSealRead(p, r, await noteVisible(ctx.db, p, r.cn_no ?? null, cache))) visible.push(r);
  if (visible.length === 0) throw notFound(`Reads of seal ${v.value}`, 'seal_reads', v.value);
  return { sealNo: visible[0].seal_no, reads: visible.slice(offset, offset + limit).map(presentSealRead) };
}

/** The reads of a trip (the caller already may see the trip), oldest first. */
export async function tripSealReads(q: Queryable, tripId: string, cnNos: readonly string[]): Promise<SealReadView[]> {
  const rows = await q.query(
    `${SEAL_READ_SELECT} where r.trip_id = $1 or (r.trip_id is null and r.cn_no = any($2)) order by r.read_at, r.received_at, r.read_id`,
    [tripId, [...cnNos]],
  );
  return rows.map(presentSealRead);
}

/** The CN and container a seal's door photo belongs to (so whoever sees the CN sees it), if a note names the seal. */
export async function photoTargetOfSeal(q: Queryable, sealNoRaw: string): Promise<{ cnNo?: string; containerNo?: string }> {
  const v = validateSealNo(sealNoRaw);
  if (!v.ok) throw invalid([{ path: '/body/sealNo', message: v.message, code: v.code, params: v.params }], 'The seal number is not valid');
  const note = await noteOfSeal(q, v.value);
  return note ? { cnNo: note.cn_no, containerNo: note.container_no } : {};
}
