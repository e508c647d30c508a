// Domain errors: what a service says went wrong, in its own terms. Services raise these and know
// nothing of HTTP; the API's error handler alone turns them into RFC 9457 problem details (and a
// gateway into its protocol's reply).

/** Values a rule's message names (a limit, the expected check digit, a crossing point), by name. */
export type ErrorParams = Record<string, string | number>;

/**
 * One bad field: a JSON Pointer to it (e.g. `/body/plate`), the rule it broke in English, and the
 * rule's stable code with its values, so a client can say the same in the reader's language
 * (docs/error-codes.md lists them). Every rule names its code, so no client is left with a generic
 * "not valid".
 */
export interface FieldError {
  path: string;
  message: string;
  code: string;
  params?: ErrorParams;
}

export type DomainErrorKind =
  /** The content breaks a rule (field errors say which). */
  | 'invalid'
  /** Nothing the caller may see by that name. */
  | 'not_found'
  /** The caller may see it but not do this. */
  | 'forbidden'
  /** The state does not allow it (e.g. replacing a CN after confirmation). */
  | 'conflict'
  /** A part the operation needs is not running or not reachable; try again later. */
  | 'unavailable'
  /** The content is larger than allowed. */
  | 'too_large'
  /** No, or no valid, credentials. */
  | 'unauthenticated'
  /** Too many attempts; `retryAfterS` says when to try again. */
  | 'rate_limited';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly errors?: FieldError[],
    readonly retryAfterS?: number,
    /** A stable code of the whole refusal (e.g. `role.forbidden`), beside the English message. */
    readonly code?: string,
    readonly params?: ErrorParams,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (errors: FieldError[], detail = 'The content is not valid') => new DomainError('invalid', detail, errors);
export const invalidField = (path: string, message: string, code: string, params?: ErrorParams) =>
  invalid([{ path, message, code, ...(params ? { params } : {}) }]);
/**
 * Nothing by that name the caller may see: `resource` is a word of a small vocabulary (`vehicle`,
 * `transport_note`, ...) and `id` the name asked for, so a client can say which in its own words.
 */
export const notFound = (what: string, resource: string, id: string) =>
  new DomainError('not_found', `${what} not found`, undefined, undefined, 'not_found', { resource, id });
export const forbidden = (detail = 'Your role does not allow this', code = 'forbidden', params?: ErrorParams) =>
  new DomainError('forbidden', detail, undefined, undefined, code, params);
/** The state does not allow it: every conflict names its rule's code, so a client can say which. */
export const conflict = (detail: string, code: string, params?: ErrorParams) => new DomainError('conflict', detail, undefined, undefined, code, params);
export const unavailable = (detail: string) => new DomainError('unavailable', detail);
export const tooLarge = (detail: string) => new DomainError('too_large', detail);
export const unauthenticated = (detail = 'Credentials are missing or invalid') => new DomainError('unauthenticated', detail);
export const rateLimited = (detail: string, retryAfterS: number) => new DomainError('rate_limited', detail, undefined, retryAfterS);

/** Collects field errors while checking a body; throws `invalid` naming every bad field at the end. */
export class FieldErrors {
  readonly list: FieldError[] = [];
  add(path: string, message: string, code: string, params?: ErrorParams): void {
    this.list.push({ path, message, code, ...(params ? { params } : {}) });
  }
  get empty(): boolean {
    return this.list.length === 0;
  }
  throwIfAny(detail?: string): void {
    if (this.list.length) throw invalid(this.list, detail);
  }
}
