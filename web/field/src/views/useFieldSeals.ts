// The person's seals on live transport notes (GET /field/seals), searched by part of a seal,
// container, plate or CN number, and kept current while the list is on screen.
import { useCallback, useEffect, useState } from 'react';
import { api, type FieldSeal } from '../api.ts';

const REFRESH_MS = 15_000;

export function useFieldSeals(q: string, enabled = true) {
  const [list, setList] = useState<FieldSeal[] | null>(null);
  const load = useCallback(() => {
    if (!enabled || !navigator.onLine) return;
    const query = q.trim();
    api.get<FieldSeal[]>(`/field/seals${query ? `?q=${encodeURIComponent(query)}` : ''}`).then(setList, () => undefined);
  }, [q, enabled]);
  useEffect(() => {
    const first = setTimeout(load, 250);
    const every = setInterval(load, REFRESH_MS);
    return () => {
      clearTimeout(first);
      clearInterval(every);
    };
  }, [load]);
  return { list, reload: load };
}
