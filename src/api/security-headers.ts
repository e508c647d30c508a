// Security headers on every answer (pages, API, docs), by @fastify/helmet. The Content-Security-Policy
// allows what the monitoring centre, the field app and the API docs load and nothing else: scripts
// and styles from this origin (inline style attributes, which React and swagger-ui set), MapLibre's
// blob: workers and data:/blob: images, the stream's WebSocket on this origin, and the online
// basemap's origin when MAP_STYLE_URL names one, and the e-map tiles of the National Land Surveying
// and Mapping Center (the console's street map when online). Nobody may frame the pages. HSTS only over TLS:
// on plain HTTP it would mean nothing, and behind a proxy TRUST_PROXY says whether TLS was used.
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

const HSTS = 'max-age=31536000; includeSubDomains';

function originOf(url: string | undefined): string[] {
  if (!url) return [];
  try {
    return [new URL(url).origin];
  } catch {
    return [];
  }
}

/** The NLSC WMTS (臺灣通用電子地圖) the console offers as a street map; see web/src/map/basemaps.ts. */
export const NLSC_TILES_ORIGIN = 'https://wmts.nlsc.gov.tw';

export function contentSecurityPolicy(mapStyleUrl?: string): Record<string, string[]> {
  const map = originOf(mapStyleUrl);
  const tiles = [...map, NLSC_TILES_ORIGIN];
  return {
    defaultSrc: ["'self'"],
    baseUri: ["'self'"],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    formAction: ["'self'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:', ...tiles],
    fontSrc: ["'self'", 'data:', ...map],
    connectSrc: ["'self'", ...tiles],
    workerSrc: ["'self'", 'blob:'],
    childSrc: ["'self'", 'blob:'],
    manifestSrc: ["'self'"],
  };
}

export async function registerSecurityHeaders(app: FastifyInstance, opts: { mapStyleUrl?: string } = {}): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(opts.mapStyleUrl) },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    hsts: false,
  });
  app.addHook('onRequest', async (req, reply) => {
    if (req.protocol === 'https') reply.header('strict-transport-security', HSTS);
  });
}
