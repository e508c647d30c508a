// A list fetched from the API, with its error and a way to fetch it again after a change.
import { useCallback, useEffect, useState } from 'react';
import { api, asList } from '../api/client.ts';
import { apiErrorText } from '../../shared/errors.ts';
import { useI18n } from '../i18n/index.tsx';
import type { Lang } from '../../shared/i18n.ts';

export function useList<T>(path: string) {
  const { lang } = useI18n();
  const [items, setItems] = useState<T[] | null>(null);
  // Kept as it failed and put in words when shown, so a language switch re-words it.
  const [failure, setFailure] = useState<unknown>(null);
  const reload = useCallback(() => {
    api.get(path).then(
      (r) => {
        setItems(asList<T>(r));
        setFailure(null);
      },
      (err) => setFailure(err),
    );
  }, [path]);
  useEffect(reload, [reload]);
  return { items, error: failure === null ? null : errorText(failure, lang), reload };
}

/** A failure in the reader's language: a refusal's code, or each field error's (web/shared/errors.ts). */
export function errorText(err: unknown, lang: Lang): string {
  return apiErrorText(err, lang);
}
