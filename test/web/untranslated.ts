// Finding English left in a zh-TW page: every visible text node (and placeholder) with a word of
// three or more Latin letters, except data. Data is what the page marks as such (translate="no",
// data-value, a .mono code, <code>/<pre>), and tokens that are identifiers by their form: anything
// with a digit in it (container numbers, plates, seal and trip ids, times), e-mail-like and dotted
// names (usernames), and the few words the product keeps in Latin letters in Chinese too.
import type { Page } from 'playwright-core';

/** Words that stay in Latin letters in the Chinese interface: names, units, standards. */
export const KEPT_WORDS = [
  'SealWatch', 'English', 'API', 'App', 'Webhook', 'HTTP', 'HTTPS', 'URL', 'NFC', 'RFID', 'OBU', 'GPS', 'OCR', 'CSV', 'PDF',
  'JSON', 'ZIP', 'UBN', 'PWA', 'SW', 'IP', 'ID', 'CN', 'HS', 'km', 'MapLibre', 'OpenStreetMap', 'Signature', 'GeoJSON',
  'HDOP', 'MQTT', 'JT808',
];

export interface Untranslated {
  text: string;
  where: string;
}

/**
 * Runs in the page. Kept as source text: the test runner's transform would add helpers to a
 * function literal that the page does not have.
 */
const IN_PAGE = `(kept, values) => {
  const keptSet = new Set(kept.map((w) => w.toLowerCase()));
  const isData = (el) =>
    !!el && !!el.closest('[translate="no"], [data-value], .mono, code, pre, script, style, noscript, .maplibregl-control-container, .maplibregl-canvas-container');
  const english = (raw) =>
    values
      .reduce((t, v) => t.split(v).join(' '), raw)
      .split(/[\\s,，、。：:;；()（）[\\]「」"'“”‘’·|/…→←+=<>!?！？]+/)
      .filter((tok) => tok && !/\\d/.test(tok) && !/[@_]/.test(tok) && !/^[\\w-]+\\.[\\w.-]+$/.test(tok))
      .flatMap((tok) => tok.match(/[A-Za-z]{3,}/g) || [])
      .filter((w) => !keptSet.has(w.toLowerCase()));
  const where = (el) => {
    const holder = el.closest('[data-testid]');
    const id = holder ? holder.getAttribute('data-testid') : null;
    const cls = typeof el.className === 'string' && el.className ? '.' + el.className.split(' ')[0] : '';
    return el.tagName.toLowerCase() + cls + (id ? ' in [' + id + ']' : '');
  };
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    const text = (n.textContent || '').trim();
    if (!el || !text || isData(el)) continue;
    if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
    if (english(text).length) out.push({ text, where: where(el) });
  }
  for (const el of Array.from(document.querySelectorAll('[placeholder], [aria-label], [title]'))) {
    if (isData(el) || !el.checkVisibility()) continue;
    for (const attr of ['placeholder', 'aria-label', 'title']) {
      const v = el.getAttribute(attr);
      if (v && english(v).length) out.push({ text: attr + '="' + v + '"', where: where(el) });
    }
  }
  return out;
}`;

/**
 * The English words in visible, non-data text of the page now. `dataValues` are values the test
 * made (facility names, say) wherever they appear, for pages that show them without marking them.
 */
export async function findUntranslated(page: Page, dataValues: string[] = []): Promise<Untranslated[]> {
  const values = [...dataValues].filter(Boolean).sort((a, b) => b.length - a.length);
  return page.evaluate(`(${IN_PAGE})(${JSON.stringify(KEPT_WORDS)}, ${JSON.stringify(values)})`) as Promise<Untranslated[]>;
}
