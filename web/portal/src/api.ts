// The platform's API from the portal (web/shared/api-client.ts): same origin, the session cookie
// authenticates; errors come as RFC 9457 problems naming each bad field.
import { createApi } from '../../shared/api-client.ts';

export { ApiError, type FieldError } from '../../shared/api-client.ts';
export type { Me } from '../../shared/api-types.ts';

export const api = createApi();

/** The message of an error for the page: its detail, or its first field error. */
export function messageOf(err: unknown): string {
  if (err && typeof err === 'object' && 'detail' in err) {
    const e = err as { detail: string; title: string; errors?: { path: string; message: string }[] };
    return e.errors?.length ? e.errors.map((x) => `${x.path.replace(/^\/body\/?/, '')}: ${x.message}`).join('；') : e.detail || e.title;
  }
  return String(err);
}

export interface Announcement {
  id: string;
  kind: 'news' | 'download';
  category: string | null;
  title: string;
  body: string;
  file: { name: string; contentType: string; sizeBytes: number; href: string } | null;
  publishedAt: string;
}

export interface Application {
  id: string;
  kind: 'account' | 'fleet' | 'type_approval';
  companyUbn: string;
  companyName: string | null;
  subject: string;
  details: Record<string, unknown>;
  status: 'submitted' | 'in_review' | 'approved' | 'rejected';
  decisionNote: string | null;
  decidedAt: string | null;
  createdAt: string;
  steps: { status: string; at: string; by: string; note: string | null }[];
}

export interface NoteRow {
  cnNo: string;
  version: number;
  status: 'live' | 'cancelled';
  note: { origin: string; destination: string; plate: string; containers: { no: string; sealNos: string[] }[]; declarationNo?: string };
  updatedAt: string;
  tripId: string | null;
  tripState: string | null;
}

/** GET /declarations/{no} (CONTRACT section 9). */
export interface Declaration {
  declarationNo: string;
  clearance: { kind: string; status: string; releaseCode?: string; statusAt: string } | null;
  containers: { containerNo: string; status: string; tripId?: string; tripState?: string; lastPosition?: { lat: number; lon: number; ts: string } | null; lastEventAt: string | null }[];
}

export interface DeviceHealth {
  id: string;
  kind: string;
  plate: string | null;
  battery: number | null;
  sealState: string | null;
  link: string | null;
  lastReportAt: string | null;
  tripId: string | null;
}
