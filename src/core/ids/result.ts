import type { ErrorParams } from '../errors.ts';

/**
 * Outcome of checking one identifier. `value` is the normalised form to store; `message` names the
 * rule that failed, in words a portal user can act on; `code` and `params` name it for clients that
 * say it in another language (docs/error-codes.md).
 */
export type IdResult = { ok: true; value: string } | { ok: false; message: string; code: string; params: ErrorParams };

export function ok(value: string): IdResult {
  return { ok: true, value };
}

export function fail(message: string, code: string, params: ErrorParams = {}): IdResult {
  return { ok: false, message, code, params };
}
