// Which API resources this server offers (and which filters its lists take), read from its
// OpenAPI document, so the console leaves out what the server does not have rather than fail on it.
import { api } from './client.ts';

let paths: Map<string, Set<string>> | null = null;

const key = (p: string) => p.replace(/^\/api\/v1/, '').replace(/\{[^}]+\}/g, '{}').replace(/:[A-Za-z]+/g, '{}');

export async function loadCapabilities(): Promise<void> {
  try {
    const doc = await api.get<{ paths?: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> }>('/api/openapi.json');
    paths = new Map();
    for (const [p, ops] of Object.entries(doc.paths ?? {})) {
      const query = new Set((ops.get?.parameters ?? []).filter((x) => x.in === 'query').map((x) => x.name));
      paths.set(key(p), query);
    }
  } catch {
    paths = null; // unknown: assume everything is there
  }
}

/** `has('/alerts/{}/ack')`: path parameters written as {}. */
export function has(path: string): boolean {
  return paths === null || paths.has(path);
}

/** Whether a list takes this query filter (unknown servers: assume it does). */
export function takesFilter(path: string, name: string): boolean {
  if (paths === null) return true;
  return paths.get(path)?.has(name) ?? false;
}
