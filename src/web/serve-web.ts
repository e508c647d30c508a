// Serves the Joint Management Center (web/dist, built by Vite) at "/" from SealWatch itself,
// with the console's settings at /web-config.json. The pages are public; the data behind them
// needs a session like any API call.
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export interface WebOptions {
  /** The built app; default web/dist in the repo. */
  root?: string;
  /** A MapLibre style URL for an online basemap; default the offline coastline (config.web, MAP_STYLE_URL). */
  mapStyleUrl?: string;
  /** Target time to acknowledge an alert, in seconds (config.web, ACK_TARGET_SECONDS; default 180). */
  ackTargetSeconds?: number;
  /** A PMTiles vector tile file offered as the offline street map (config.web, MAP_PMTILES_PATH). */
  pmtilesPath?: string;
}

/** Where the console finds the offline street map; a map reads it piece by piece (HTTP ranges). */
export const OFFLINE_TILES_PATH = '/map/offline.pmtiles';

export const WEB_DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../../web/dist');

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>SealWatch</title>
<p>The web app has not been built yet: run <code>npm run build:web</code>. The API is at <a href="/api/docs">/api/docs</a>.</p>`;

export async function registerWeb(app: FastifyInstance, opts: WebOptions = {}): Promise<void> {
  const root = opts.root ?? WEB_DIST;
  const config = { mapStyleUrl: opts.mapStyleUrl, ackTargetSeconds: opts.ackTargetSeconds ?? 180, ...(opts.pmtilesPath ? { offlineTilesUrl: OFFLINE_TILES_PATH } : {}) };
  if (opts.pmtilesPath) await registerOfflineTiles(app, opts.pmtilesPath);

  await app.register(async (web) => {
    // Everything in this scope is public (the login page must load without a session).
    web.addHook('onRoute', (route) => {
      route.config = { ...(route.config as object), auth: false } as typeof route.config;
      route.schema = { ...(route.schema ?? {}), hide: true };
    });
    web.get('/web-config.json', async () => config);
    if (!existsSync(join(root, 'index.html'))) {
      web.get('/', async (_req, reply) => reply.type('text/html').send(NOT_BUILT));
      return;
    }
    await web.register(fastifyStatic, {
      root,
      index: ['index.html'],
      wildcard: false,
      // Hashed assets never change; index.html and the service worker must always be fresh so a deploy takes effect.
      cacheControl: false,
      setHeaders(reply, path) {
        reply.header('cache-control', /(index\.html|sw\.js)$/.test(path) ? 'no-cache' : 'public, max-age=31536000, immutable');
      },
    });
  });
}


/**
 * The offline street map for signed-in users (outside the public scope: the session cookie the map's
 * requests carry authenticates them). @fastify/static answers Range requests, which is how a PMTiles
 * reader takes one directory or tile at a time from a file of any size.
 */
async function registerOfflineTiles(app: FastifyInstance, path: string): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(fastifyStatic, { root: dirname(path), serve: false });
    scope.get(OFFLINE_TILES_PATH, { schema: { hide: true } }, (_req, reply) => reply.header('cache-control', 'private, max-age=3600').sendFile(basename(path), { acceptRanges: true }));
  });
}
