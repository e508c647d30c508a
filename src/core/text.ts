// Text that can be stored: PostgreSQL refuses NUL characters in text, and an unpaired UTF-16
// surrogate has no UTF-8 form (it would be stored as U+FFFD). Every entry point checks with this.

import type { FieldError } from './errors.ts';

/** A rule of storable text: its English words and its stable code. */
interface TextRule {
  message: string;
  code: string;
}

// eslint-disable-next-line no-control-regex
const NUL = /\u0000/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The rule `s` breaks if it were stored as text, or undefined when it can be stored. */
export function unstorableTextRule(s: string): TextRule | undefined {
  if (NUL.test(s)) return { message: 'must not contain NUL characters', code: 'text.nul' };
  if (LONE_SURROGATE.test(s)) return { message: 'must not contain unpaired surrogates (not valid Unicode)', code: 'text.surrogate' };
  return undefined;
}

/** Why `s` cannot be stored as text, or undefined when it can. */
export function unstorableText(s: string): string | undefined {
  return unstorableTextRule(s)?.message;
}

export const MAX_NESTING = 32;

const pointer = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

/** The first bad string (as a value or a key) in `value`, or too deep a nesting; iterative, so depth cannot overflow the stack. */
export function findBadText(value: unknown, root: string): FieldError | undefined {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: root, depth: 0 }];
  while (stack.length) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const rule = unstorableTextRule(v);
      if (rule) return { path, ...rule };
    } else if (v !== null && typeof v === 'object') {
      if (depth >= MAX_NESTING) return { path, message: `must not nest more than ${MAX_NESTING} levels deep`, code: 'json.too_deep', params: { limit: MAX_NESTING } };
      for (const [k, child] of Object.entries(v)) {
        const rule = unstorableTextRule(k);
        if (rule) return { path: `${path}/${pointer(k)}`, message: `property name ${rule.message}`, code: rule.code };
        stack.push({ v: child, path: `${path}/${pointer(k)}`, depth: depth + 1 });
      }
    }
  }
  return undefined;
}
