// Text that can be stored: PostgreSQL refuses NUL characters in text, and an unpaired UTF-16
// surrogate has no UTF-8 form (it would be stored as U+FFFD). Every entry point checks with this.

import type { FieldError } from './errors.ts';

// eslint-disable-next-line no-control-regex
const NUL = /\u0000/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why `s` cannot be stored as text, or undefined when it can. */
export function unstorableText(s: string): string | undefined {
  if (NUL.test(s)) return 'must not contain NUL characters';
  if (LONE_SURROGATE.test(s)) return 'must not contain unpaired surrogates (not valid Unicode)';
  return undefined;
}

export const MAX_NESTING = 32;

const pointer = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

/** The first bad string (as a value or a key) in `value`, or too deep a nesting; iterative, so depth cannot overflow the stack. */
export function findBadText(value: unknown, root: string): FieldError | undefined {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: root, depth: 0 }];
  while (stack.length) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const message = unstorableText(v);
      if (message) return { path, message };
    } else if (v !== null && typeof v === 'object') {
      if (depth >= MAX_NESTING) return { path, message: `must not nest more than ${MAX_NESTING} levels deep` };
      for (const [k, child] of Object.entries(v)) {
        const message = unstorableText(k);
        if (message) return { path: `${path}/${pointer(k)}`, message: `property name ${message}` };
        stack.push({ v: child, path: `${path}/${pointer(k)}`, depth: depth + 1 });
      }
    }
  }
  return undefined;
}
