// What the OpenAPI document says of a route that its plugin leaves unsaid: a summary derived from
// the method and path ("List vehicles", "Delete a vehicle") and a 2xx response (any JSON) where the
// route declares none. A route's own summary and response schema always win; the alerts and their
// procedures declare theirs in full. Kept in one place so the resource plugins stay as they are.
import type { FastifyInstance, RouteOptions } from 'fastify';

const PREFIX = /^\/api\/v\d+/;

function singular(word: string): string {
  const w = word.replace(/-/g, ' ');
  if (w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.endsWith('sses') || w.endsWith('shes')) return w.slice(0, -2);
  return w.endsWith('s') ? w.slice(0, -1) : w;
}

const article = (w: string) => (/^[aeiou]/.test(w) ? `an ${w}` : `a ${w}`);

/** "GET /api/v1/vehicles/:plate" → "A vehicle by its plate". */
export function derivedSummary(method: string, url: string): string {
  const segs = url.replace(PREFIX, '').split('/').filter(Boolean);
  const last = segs.at(-1) ?? '';
  const isParam = (s: string) => s.startsWith(':');
  const resource = [...segs].reverse().find((s) => !isParam(s)) ?? 'resource';
  const words = resource.replace(/-/g, ' ');
  const onItem = isParam(last);
  const param = onItem ? last.slice(1) : '';
  const parent = segs.length >= 2 && isParam(segs.at(-2)!) ? singular(segs.at(-3) ?? '') : null;
  switch (method) {
    case 'GET':
      if (onItem) return `${article(singular(words))[0].toUpperCase()}${article(singular(words)).slice(1)} by its ${param}`;
      return parent ? `The ${words} of ${article(parent)}` : `List ${words}`;
    case 'POST':
      if (parent) return `${words[0].toUpperCase()}${words.slice(1)}: for ${article(parent)}`;
      return `Create ${article(singular(words))}`;
    case 'PUT':
    case 'PATCH':
      if (onItem) return `Change ${article(singular(words))}`;
      return parent ? `Set the ${words} of ${article(parent)}` : `Change the ${words}`;
    case 'DELETE':
      return onItem ? `Delete ${article(singular(words))}` : `Delete the ${words}`;
    default:
      return `${method} ${words}`;
  }
}

const ANY_SUCCESS = { description: 'Success (the resource as JSON)' };

export function registerDocsDefaults(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const schema = (route.schema ?? {}) as { hide?: boolean; summary?: string; response?: Record<string, unknown> };
    if (schema.hide || methods.includes('HEAD')) return;
    const response = schema.response ?? {};
    const hasSuccess = Object.keys(response).some((code) => /^2/i.test(code));
    route.schema = {
      ...schema,
      summary: schema.summary?.trim() ? schema.summary : derivedSummary(String(methods[0]), route.url),
      ...(hasSuccess ? {} : { response: { ...response, '2xx': ANY_SUCCESS } }),
    };
  });
}
