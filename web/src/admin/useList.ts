// A list fetched from the API, with its error and a way to fetch it again after a change.
import { useCallback, useEffect, useState } from 'react';
import { api, asList, ApiError } from '../api/client.ts';

export function useList<T>(path: string) {
  const [items, setItems] = useState<T[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    api.get(path).then(
      (r) => {
        setItems(asList<T>(r));
        setError(null);
      },
      (err) => setError(errorText(err)),
    );
  }, [path]);
  useEffect(reload, [reload]);
  return { items, error, reload };
}

export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.errors.length ? err.errors.map((e) => e.message).join('；') : err.detail || err.title;
  return err instanceof Error ? err.message : String(err);
}
