// Named fixed-width layouts, shipped as src/transport-notes/layouts/<name>.json and checked when
// first read: a broken shipped layout is a bug, reported loudly rather than per upload.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkLayout, type Layout } from './fixed-width.ts';

const LAYOUT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'layouts');
const NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/i;

let cache: Map<string, Layout> | undefined;

function loadAll(): Map<string, Layout> {
  const out = new Map<string, Layout>();
  for (const file of readdirSync(LAYOUT_DIR).filter((f) => f.endsWith('.json')).sort()) {
    const name = file.slice(0, -'.json'.length);
    const { layout, errors } = checkLayout(JSON.parse(readFileSync(join(LAYOUT_DIR, file), 'utf8')), name, '');
    if (!layout) throw new Error(`layout ${file} is not valid: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
    out.set(name, layout);
  }
  return out;
}

export function namedLayouts(): Map<string, Layout> {
  cache ??= loadAll();
  return cache;
}

export function namedLayout(name: string): Layout | undefined {
  return NAME.test(name) ? namedLayouts().get(name) : undefined;
}
