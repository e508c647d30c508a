// Serves the portal (入口網, web/portal, built by Vite into dist/portal) at /portal/: the trade's
// web app (yards, fleets, traders, suppliers) and its public home. The pages are public; the data
// behind them needs a session like any API call, except what customs publishes.
//
// Build: npx vite build --config web/portal/vite.config.ts
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const PORTAL_APP_DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/portal');
export const PORTAL_APP_PATH = '/portal/';

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>SealWatch portal</title><p>The portal has not been built yet: run <code>npx vite build --config web/portal/vite.config.ts</code>.</p>`;

export async function registerPortalApp(app: FastifyInstance, opts: { root?: string } = {}): Promise<void> {
  const root = opts.root ?? PORTAL_APP_DIST;
  await app.register(async (web) => {
    web.addHook('onRoute', (route) => {
      route.config = { ...(route.config as object), auth: false } as typeof route.config;
      route.schema = { ...(route.schema ?? {}), hide: true };
    });
    web.get('/portal', async (_req, reply) => reply.redirect(PORTAL_APP_PATH));
    if (!existsSync(join(root, 'index.html'))) {
      web.get(PORTAL_APP_PATH, async (_req, reply) => reply.type('text/html').send(NOT_BUILT));
      return;
    }
    await web.register(fastifyStatic, {
      root,
      prefix: PORTAL_APP_PATH,
      index: ['index.html'],
      wildcard: false,
      decorateReply: false,
      setHeaders(reply, path) {
        reply.header('cache-control', path.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable');
      },
    });
  });
}
