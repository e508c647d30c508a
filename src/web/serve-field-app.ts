// Serves the field app (web/field, built by Vite into dist/field) at /field/: the phone app
// of drivers, responsible persons and customs officers on site, installable as a PWA. The pages
// are public; the data behind them needs a session like any API call.
//
// Build: npx vite build --config web/field/vite.config.ts
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const FIELD_APP_DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/field');
export const FIELD_APP_PATH = '/field/';

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>SealWatch field</title><p>The field app has not been built yet: run <code>npx vite build --config web/field/vite.config.ts</code>.</p>`;

export async function registerFieldApp(app: FastifyInstance, opts: { root?: string } = {}): Promise<void> {
  const root = opts.root ?? FIELD_APP_DIST;
  await app.register(async (web) => {
    web.addHook('onRoute', (route) => {
      route.config = { ...(route.config as object), auth: false } as typeof route.config;
      route.schema = { ...(route.schema ?? {}), hide: true };
    });
    web.get('/field', async (_req, reply) => reply.redirect(FIELD_APP_PATH));
    if (!existsSync(join(root, 'index.html'))) {
      web.get(FIELD_APP_PATH, async (_req, reply) => reply.type('text/html').send(NOT_BUILT));
      return;
    }
    await web.register(fastifyStatic, {
      root,
      prefix: FIELD_APP_PATH,
      index: ['index.html'],
      wildcard: false,
      decorateReply: false,
      setHeaders(reply, path) {
        // The shell, the service worker and the manifest must be fresh so an update takes effect;
        // hashed assets never change.
        const fresh = /(index\.html|sw\.js|manifest\.webmanifest)$/.test(path);
        reply.header('cache-control', fresh ? 'no-cache' : 'public, max-age=31536000, immutable');
        if (path.endsWith('sw.js')) reply.header('service-worker-allowed', FIELD_APP_PATH);
      },
    });
  });
}
