// A stored seal read as the API shows it (the read history, a trip's reads, the answer to a POST).
import { PHOTO_URL_PREFIX } from '../photos/service.ts';
import type { Row } from '../store/db.ts';

/** A read received this long after it was taken was queued (no signal) or uploaded late. */
export const LATE_READ_MS = 2 * 60_000;

export interface SealReadView {
  readId: string;
  sealNo: string;
  event: string;
  facility: string | null;
  facilityName: string | null;
  lat: number | null;
  lon: number | null;
  containerNo: string | null;
  reader: string;
  readerId: string | null;
  by: string | null;
  readAt: string;
  receivedAt: string;
  late: boolean;
  tripId: string | null;
  cnNo: string | null;
  photoId: string | null;
  photoUrl: string | null;
  photoSha256: string | null;
  note: string | null;
  recordedBy: string;
}

/** A seal_reads row, with `facility_name` when the query joined it. */
export function presentSealRead(r: Row): SealReadView {
  const readAt = new Date(r.read_at);
  const receivedAt = new Date(r.received_at);
  return {
    readId: r.read_id,
    sealNo: r.seal_no,
    event: r.event,
    facility: r.facility ?? null,
    facilityName: r.facility_name ?? null,
    lat: r.lat ?? null,
    lon: r.lon ?? null,
    containerNo: r.container_no ?? null,
    reader: r.reader,
    readerId: r.reader_id ?? null,
    by: r.by_name ?? null,
    readAt: readAt.toISOString(),
    receivedAt: receivedAt.toISOString(),
    late: receivedAt.getTime() - readAt.getTime() > LATE_READ_MS,
    tripId: r.trip_id ?? null,
    cnNo: r.cn_no ?? null,
    photoId: r.photo_id ?? null,
    photoUrl: r.photo_id ? PHOTO_URL_PREFIX + r.photo_id : null,
    photoSha256: r.photo_sha256 ?? null,
    note: r.note ?? null,
    recordedBy: r.recorded_by,
  };
}

/** The select list of a seal read with its facility's name (alias `r` for seal_reads). */
export const SEAL_READ_SELECT = `select r.*, f.name as facility_name from seal_reads r left join facilities f on f.code = r.facility`;
