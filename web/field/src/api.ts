// The platform's API from the phone (web/shared/api-client.ts): same origin, the session cookie
// authenticates; errors come as RFC 9457 problems. A failed fetch (no signal) is an ApiError with
// status 0. The shapes below are the field endpoints' answers (src/api/routes/field.ts).
import { createApi } from '../../shared/api-client.ts';

export { ApiError, type FieldError } from '../../shared/api-client.ts';
export type { Me } from '../../shared/api-types.ts';

export const api = createApi();

export interface SealView {
  id: string;
  state: string | null;
  link: string | null;
  battery: number | null;
  lastTs: string | null;
  containerNo: string;
  pairedObu: string | null;
}

export interface DriverTask {
  tripId: string | null;
  state: string | null;
  cnNos: string[];
  plate: string;
  driverId: string;
  driverMatches: boolean;
  containers: { no: string; sealType: string; sealNos: string[] }[];
  origin: { code: string; name: string | null };
  destination: { code: string; name: string | null };
  route: { code: string; maxDurationMin: number; checkpoints: string[] } | null;
  departedAt: string | null;
  deadline: string | null;
  seals: SealView[];
  vehicleObu: string | null;
}

export interface DriverBinding {
  nationalId: string;
  plate: string;
  source: 'app' | 'rfid';
  since: string;
}

export interface PendingContainer {
  cnNo: string;
  containerNo: string;
  sealNos: string[];
  plate: string;
  origin: string;
  originName: string | null;
  destination: string;
  destinationName: string | null;
  tripState: string | null;
  sealsLocked: boolean;
  seals: { id: string; state: string | null }[];
}

export interface FieldSeal {
  sealId: string;
  cnNo: string;
  containerNo: string;
  plate: string;
  origin: string;
  destination: string;
  tripId: string | null;
  tripState: string | null;
  state: string | null;
  unlock?: { status: string; sentAt: string | null; acknowledgedAt: string | null; error: string | null } | null;
}

export interface OfflineToken {
  token: string;
  expiresAt: string;
  jti: string;
  sealId: string;
  tripId: string;
  cnNo: string;
  containerNo: string;
}
