// Builds the Joint Management Center into web/dist, served by SealWatch itself at "/".
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { buildBasemap } from './build/basemap.ts';

/** `virtual:basemap`: Taiwan's coastline from Natural Earth, cut at build time (see build/basemap.ts). */
function basemapPlugin(): Plugin {
  const id = 'virtual:basemap';
  return {
    name: 'sealwatch-basemap',
    resolveId: (source) => (source === id ? `\0${id}` : null),
    load: (resolved) => (resolved === `\0${id}` ? `export default ${JSON.stringify(buildBasemap())};` : null),
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [basemapPlugin()],
  // React's automatic JSX runtime through esbuild: no Babel needed for a production build.
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1600,
    sourcemap: false,
  },
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:8080', ws: true } },
  },
});
