// RFC 9457 problem details: every error the API returns has this shape. Services raise domain
// errors (src/core/errors.ts); `domainProblem` is the one place that gives each kind its status.
import { GENERIC_CODE } from '../core/error-codes.ts';
import {
  DomainError,
  FieldErrors,
  conflict as conflictError,
  forbidden as forbiddenError,
  notFound as notFoundError,
  type DomainErrorKind,
  type ErrorParams,
  type FieldError,
} from '../core/errors.ts';

export { FieldErrors, type FieldError };

export class Problem extends Error {
  /** Response headers that go with the problem (Retry-After on a 429). */
  headers: Record<string, string> = {};

  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    /** An extension member: the refusal's stable code (e.g. `role.forbidden`) and its values. */
    readonly code?: string,
    readonly params?: ErrorParams,
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
      ...(this.code ? { code: this.code, params: this.params ?? {} } : {}),
      ...(this.errors ? { errors: this.errors.map(coded) } : {}),
    };
  }
}

/** Every field error carries its code and params (an empty object when the rule names no values). */
const coded = (e: FieldError): FieldError => ({ path: e.path, message: e.message, code: e.code ?? GENERIC_CODE, params: e.params ?? {} });

export const badRequest = (detail: string, errors?: FieldError[]) => new Problem(400, 'Bad Request', detail, errors);
export const unauthorized = (detail = 'Credentials are missing or invalid') => new Problem(401, 'Unauthorized', detail);
// Refusals a route raises itself are the domain's, answered as any domain error is: their wording,
// code and params are written once, in src/core/errors.ts.
export const forbidden = (...a: Parameters<typeof forbiddenError>) => domainProblem(forbiddenError(...a));
export const notFound = (...a: Parameters<typeof notFoundError>) => domainProblem(notFoundError(...a));
export const conflict = (...a: Parameters<typeof conflictError>) => domainProblem(conflictError(...a));
export const tooManyRequests = (detail: string, retryAfterSeconds: number) => {
  const p = new Problem(429, 'Too Many Requests', detail);
  p.headers['retry-after'] = String(Math.max(1, retryAfterSeconds));
  return p;
};
export const unprocessable = (errors: FieldError[], detail = 'The content is not valid') =>
  new Problem(422, 'Unprocessable Content', detail, errors);

const STATUS: Record<DomainErrorKind, [number, string]> = {
  invalid: [422, 'Unprocessable Content'],
  not_found: [404, 'Not Found'],
  forbidden: [403, 'Forbidden'],
  conflict: [409, 'Conflict'],
  unavailable: [503, 'Service Unavailable'],
  too_large: [413, 'Content Too Large'],
  unauthenticated: [401, 'Unauthorized'],
  rate_limited: [429, 'Too Many Requests'],
};

/** The HTTP status a domain error of this kind answers (for results that carry a status per item). */
export const statusOf = (kind: DomainErrorKind): number => STATUS[kind][0];

/** The problem details of a domain error. */
export function domainProblem(err: DomainError): Problem {
  const [status, title] = STATUS[err.kind];
  const p = new Problem(status, title, err.message, err.errors, err.code, err.params);
  if (err.retryAfterS !== undefined) p.headers['retry-after'] = String(Math.max(1, Math.ceil(err.retryAfterS)));
  return p;
}
