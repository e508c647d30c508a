// A hand-written dictionary per language; zh-TW is the default and the source of the keys.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { en } from './en.ts';
import { zhTW } from './zh-TW.ts';

import type { Lang } from './lang.ts';

export type { Lang };
export type MessageKey = keyof typeof zhTW;
const dictionaries: Record<Lang, Record<MessageKey, string>> = { 'zh-TW': zhTW, en };
const STORAGE_KEY = 'sw.lang';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translate(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  const text = dictionaries[lang][key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`)) : text;
}

/** Looks a dynamic key up (an alert type from the server, say) and falls back to the raw value. */
export function translateDynamic(lang: Lang, prefix: string, value: string): string {
  const key = `${prefix}.${value}` as MessageKey;
  return dictionaries[lang][key] ?? value;
}

interface I18n {
  lang: Lang;
  t: Translate;
  /** Translated enum value: `td('alertType', 'seal_tamper')`. */
  td: (prefix: string, value: string) => string;
  setLang: (lang: Lang) => void;
}

const I18nContext = createContext<I18n | null>(null);

function initialLang(): Lang {
  const saved = localStorage.getItem(STORAGE_KEY);
  return saved === 'en' ? 'en' : 'zh-TW';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(STORAGE_KEY, l);
    document.documentElement.lang = l === 'en' ? 'en' : 'zh-Hant-TW';
    setLangState(l);
  }, []);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, params) => translate(lang, key, params),
      td: (prefix, v) => translateDynamic(lang, prefix, v),
    }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
