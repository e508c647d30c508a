// The platform's API from the phone: same origin, the session cookie authenticates; errors come as
// RFC 9457 problems. A failed fetch (no signal) is an ApiError with status 0.
export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail || title);
  }
  get offline(): boolean {
    return this.status === 0;
  }
}

const BASE = '/api/v1';
let onUnauthorized: (() => void) | null = null;
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  const multipart = body instanceof FormData;
  try {
    res = await fetch(BASE + path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined || multipart ? { accept: 'application/json' } : { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : multipart ? body : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError(0, 'offline', (err as Error).message);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: any;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    if (res.status === 401 && onUnauthorized && !path.startsWith('/auth/login')) onUnauthorized();
    throw new ApiError(res.status, data?.title ?? res.statusText, data?.detail ?? '', Array.isArray(data?.errors) ? data.errors : []);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  del: <T>(path: string) => request<T>('DELETE', path),
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, form),
};

export interface Me {
  kind: 'user' | 'key';
  id: string;
  name: string;
  companyUbn: string;
  roles: string[];
  storageCodes: string[];
}

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
