// The translation mechanism of both apps: Traditional Chinese (Taiwan) by default, English on
// request, the choice kept in the browser. Each app brings its own tables; zh-TW is the source of
// the keys, and a key missing from English falls back to the Chinese text, then to the key itself.
import { createContext, createElement, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

export type Lang = 'zh-TW' | 'en';
export const DEFAULT_LANG: Lang = 'zh-TW';
export type Params = Record<string, string | number>;

/** zh-TW complete; English may lag behind by a key or two. */
export interface Tables<K extends string> {
  'zh-TW': Record<K, string>;
  en: Partial<Record<K, string>>;
}

/** "{n} records" with {n: 3}; a placeholder without a value stays visible rather than vanishing. */
export function interpolate(text: string, params?: Params): string {
  return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] === undefined ? whole : String(params[name]))) : text;
}

export function lookup<K extends string>(tables: Tables<K>, lang: Lang, key: K, params?: Params): string {
  return interpolate(tables[lang][key] ?? tables[DEFAULT_LANG][key] ?? key, params);
}

/** A key built from a server value (`alertType.seal_tamper`, `state.null`); the raw value when there is no such key. */
export function lookupDynamic<K extends string>(tables: Tables<K>, lang: Lang, prefix: string, value: string | null | undefined): string {
  const key = `${prefix}.${value ?? 'null'}` as K;
  return key in tables[DEFAULT_LANG] ? lookup(tables, lang, key) : String(value ?? '');
}

/** The language kept from an earlier visit, else the default: the apps do not follow the browser's language. */
export function storedLang(storageKey: string, storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): Lang {
  try {
    return storage?.getItem(storageKey) === 'en' ? 'en' : DEFAULT_LANG;
  } catch {
    return DEFAULT_LANG;
  }
}

export function htmlLang(lang: Lang): string {
  return lang === 'en' ? 'en' : 'zh-Hant-TW';
}

export interface I18n<K extends string> {
  lang: Lang;
  t: (key: K, params?: Params) => string;
  /** Translated server value: `td('alertType', 'seal_tamper')`. */
  td: (prefix: string, value: string | null | undefined) => string;
  setLang: (lang: Lang) => void;
}

/** An app's provider and hook over its own tables, its choice kept under `storageKey`. */
export function createI18n<K extends string>(tables: Tables<K>, storageKey: string) {
  const Context = createContext<I18n<K> | null>(null);

  function I18nProvider({ children }: { children: ReactNode }) {
    const [lang, setLangState] = useState<Lang>(() => {
      const l = storedLang(storageKey);
      document.documentElement.lang = htmlLang(l);
      return l;
    });
    const setLang = useCallback((l: Lang) => {
      localStorage.setItem(storageKey, l);
      document.documentElement.lang = htmlLang(l);
      setLangState(l);
    }, []);
    const value = useMemo<I18n<K>>(
      () => ({ lang, setLang, t: (key, params) => lookup(tables, lang, key, params), td: (prefix, v) => lookupDynamic(tables, lang, prefix, v) }),
      [lang, setLang],
    );
    return createElement(Context.Provider, { value }, children);
  }

  function useI18n(): I18n<K> {
    const ctx = useContext(Context);
    if (!ctx) throw new Error('useI18n outside I18nProvider');
    return ctx;
  }

  return { I18nProvider, useI18n };
}
