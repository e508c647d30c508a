// RFC 9457 problem details: every error the API returns has this shape.
export interface FieldError {
  path: string;
  message: string;
}

export class Problem extends Error {
  /** Response headers that go with the problem (Retry-After on a 429). */
  headers: Record<string, string> = {};

  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
  ) {
    super(detail ?? title);
  }

  toJSON(instance?: string) {
    return {
      type: 'about:blank',
      title: this.title,
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

export const badRequest = (detail: string, errors?: FieldError[]) => new Problem(400, 'Bad Request', detail, errors);
export const unauthorized = (detail = 'Credentials are missing or invalid') => new Problem(401, 'Unauthorized', detail);
export const forbidden = (detail = 'Your role does not allow this') => new Problem(403, 'Forbidden', detail);
export const notFound = (what: string) => new Problem(404, 'Not Found', `${what} not found`);
export const conflict = (detail: string) => new Problem(409, 'Conflict', detail);
export const tooManyRequests = (detail: string, retryAfterSeconds: number) => {
  const p = new Problem(429, 'Too Many Requests', detail);
  p.headers['retry-after'] = String(Math.max(1, retryAfterSeconds));
  return p;
};
export const unprocessable = (errors: FieldError[], detail = 'The content is not valid') =>
  new Problem(422, 'Unprocessable Content', detail, errors);

/** Collects field errors while checking a body; throws 422 naming every bad field at the end. */
export class FieldErrors {
  readonly list: FieldError[] = [];
  add(path: string, message: string): void {
    this.list.push({ path, message });
  }
  get empty(): boolean {
    return this.list.length === 0;
  }
  throwIfAny(detail?: string): void {
    if (this.list.length) throw unprocessable(this.list, detail);
  }
}
