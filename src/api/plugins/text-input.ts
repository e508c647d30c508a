// Text the API accepts is text PostgreSQL can store and JSON can carry: no NUL characters
// (PostgreSQL refuses them in text) and no unpaired UTF-16 surrogates (they cannot be encoded as
// UTF-8 and would be stored as U+FFFD). Checked once for every route, in path parameters, query
// strings and JSON bodies, before the route's own validation; nesting is bounded too, since no
// SealWatch body nests deeper than a GeoJSON MultiPolygon.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { unstorableText } from '../../core/text.ts';
import { unprocessable, type FieldError } from '../problem.ts';

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

async function textInput(app: FastifyInstance) {
  app.addHook('preValidation', async (req) => {
    const bad =
      findBadText(req.params, '/params') ??
      findBadText(req.query, '/querystring') ??
      (Buffer.isBuffer(req.body) ? undefined : findBadText(req.body, '/body'));
    if (bad) throw unprocessable([bad], 'The request contains text that cannot be stored');
  });
}

export default fp(textInput, { name: 'sealwatch-text-input' });
