/**
 * Outcome of checking one identifier. `value` is the normalised form to store;
 * `message` names the rule that failed, in words a portal user can act on.
 */
export type IdResult = { ok: true; value: string } | { ok: false; message: string };

export function ok(value: string): IdResult {
  return { ok: true, value };
}

export function fail(message: string): IdResult {
  return { ok: false, message };
}
