// Facility names are often kept bilingual, "高雄港第六貨櫃中心 (Kaohsiung Port Container Terminal 6)":
// show the part in the officer's language, the whole name when it has no such parts.
import type { Lang } from '../i18n/lang.ts';

const BILINGUAL = /^(.*\S)\s*[(（]([^()（）]*[A-Za-z][^()（）]*)[)）]\s*$/;

export function localName(name: string, lang: Lang): string {
  const m = BILINGUAL.exec(name);
  if (!m) return name;
  return lang === 'en' ? m[2].trim() : m[1].trim();
}
