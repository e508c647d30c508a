// The platform's API from the portal (web/shared/api-client.ts): same origin, the session cookie
// authenticates; errors come as RFC 9457 problems naming each bad field.
import { createApi } from '../../shared/api-client.ts';
import { apiErrorText } from '../../shared/errors.ts';
import { storedLang } from '../../shared/i18n.ts';

/** Where the portal keeps the reader's language choice. */
export const PORTAL_LANG_KEY = 'sw.portal.lang';

export { ApiError, type FieldError } from '../../shared/api-client.ts';
export type { CompanyView, Me } from '../../shared/api-types.ts';

export const api = createApi();

/** The message of an error for the page, in the language chosen (kept under the portal's key). */
export function messageOf(err: unknown): string {
  return apiErrorText(err, storedLang(PORTAL_LANG_KEY));
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
