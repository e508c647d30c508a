// Text that can be stored: PostgreSQL refuses NUL characters in text, and an unpaired UTF-16
// surrogate has no UTF-8 form (it would be stored as U+FFFD). Every entry point checks with this.

// eslint-disable-next-line no-control-regex
const NUL = /\u0000/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why `s` cannot be stored as text, or undefined when it can. */
export function unstorableText(s: string): string | undefined {
  if (NUL.test(s)) return 'must not contain NUL characters';
  if (LONE_SURROGATE.test(s)) return 'must not contain unpaired surrogates (not valid Unicode)';
  return undefined;
}
