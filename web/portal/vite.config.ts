// Builds the portal (入口網) for the trade into dist/portal (repo root; ignored by git and lint),
// served by SealWatch at /portal/ (src/api/portal-app.ts). A third Vite entry beside the Joint
// Management Center and the field app, sharing web/shared:  npx vite build --config web/portal/vite.config.ts
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/portal/',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: '../../dist/portal',
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
  },
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:8080' } },
  },
});
