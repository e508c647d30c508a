// Builds the field app (drivers, responsible persons, customs officers on site) into
// dist/field (repo root; ignored by git and lint), served by SealWatch at /field/ (src/web/serve-field-app.ts). A second Vite
// entry beside the Joint Management Center, built on its own so the service worker and manifest
// keep fixed names under /field/:  npx vite build --config web/field/vite.config.ts
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/field/',
  publicDir: 'public',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: '../../dist/field',
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
  },
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:8080' } },
  },
});
