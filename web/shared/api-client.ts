// Fetch for /api/v1, shared by the console and the field app. The session cookie authenticates a
// browser; a bearer token, when one is given, goes in the Authorization header instead. Errors
// arrive as RFC 9457 problem details and become an ApiError carrying the field errors; a fetch that
// never reached the server (no signal) is an ApiError with status 0.
import type { FieldError } from './api-types.ts';

export type { FieldError };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    /** The refusal's own stable code (e.g. `role.forbidden`) and its params, when it has one. */
    readonly code?: string,
    readonly params?: Record<string, string | number>,
  ) {
    super(detail || title);
    this.name = 'ApiError';
  }
  /** The request never reached the server. */
  get offline(): boolean {
    return this.status === 0;
  }
  /** The message for one field ("/body/name" or "name"), for showing it beside the input. */
  fieldError(field: string): string | undefined {
    return this.errors.find((e) => e.path === field || e.path.split('/').includes(field))?.message;
  }
}

/** The error a failed answer stands for: its problem details when it has them, its status line when not. */
export async function problemError(res: Response): Promise<ApiError> {
  const body = parseJson(await res.text());
  const problem = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const errors = Array.isArray(problem.errors) ? (problem.errors as unknown[]).filter(isFieldError) : [];
  const params = problem.params && typeof problem.params === 'object' ? (problem.params as Record<string, string | number>) : undefined;
  return new ApiError(
    res.status,
    typeof problem.title === 'string' ? problem.title : res.statusText,
    typeof problem.detail === 'string' ? problem.detail : '',
    errors,
    typeof problem.code === 'string' ? problem.code : undefined,
    params,
  );
}

function isFieldError(e: unknown): e is FieldError {
  return !!e && typeof e === 'object' && typeof (e as FieldError).path === 'string' && typeof (e as FieldError).message === 'string';
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export interface ApiOptions {
  /** Prefix of relative paths; default "/api/v1". */
  base?: string;
  /** A bearer token to send; without one the session cookie authenticates. */
  token?: () => string | null;
  /** For tests; default the global fetch. */
  fetch?: typeof fetch;
}

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  del<T>(path: string): Promise<T>;
  /** A multipart upload (photos): the browser sets the boundary. */
  upload<T>(path: string, form: FormData): Promise<T>;
  /** Called when the session has ended (401 on anything but the login itself). */
  onUnauthorized(fn: (() => void) | null): void;
}

export function createApi(options: ApiOptions = {}): ApiClient {
  const base = options.base ?? '/api/v1';
  let unauthorized: (() => void) | null = null;

  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const multipart = typeof FormData !== 'undefined' && body instanceof FormData;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined && !multipart) headers['content-type'] = 'application/json';
    const token = options.token?.();
    if (token) headers.authorization = `Bearer ${token}`;
    let res: Response;
    try {
      res = await (options.fetch ?? fetch)(path.startsWith('/api/') ? path : base + path, {
        method,
        credentials: 'same-origin',
        headers,
        body: body === undefined ? undefined : multipart ? (body as FormData) : JSON.stringify(body),
      });
    } catch (err) {
      throw new ApiError(0, 'offline', err instanceof Error ? err.message : String(err));
    }
    if (!res.ok) {
      if (res.status === 401 && unauthorized && !path.startsWith('/auth/login')) unauthorized();
      throw await problemError(res);
    }
    if (res.status === 204) return undefined as T;
    return parseJson(await res.text()) as T;
  }

  return {
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body ?? {}),
    put: (path, body) => request('PUT', path, body),
    del: (path) => request('DELETE', path),
    upload: (path, form) => request('POST', path, form),
    onUnauthorized: (fn) => {
      unauthorized = fn;
    },
  };
}

/** Lists may come bare or wrapped ({items}, {data}, {trips}, ...): take the first array found. */
export function asList<T = any>(raw: unknown): T[] {
  if (Array.isArray(raw)) return raw as T[];
  if (raw && typeof raw === 'object') {
    for (const key of ['items', 'data', 'results']) {
      const v = (raw as Record<string, unknown>)[key];
      if (Array.isArray(v)) return v as T[];
    }
    for (const v of Object.values(raw)) if (Array.isArray(v)) return v as T[];
  }
  return [];
}

/** "?a=1&b=x" from the parameters that have a value; "" when none has. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
