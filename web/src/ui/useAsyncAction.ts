// A button's async work: busy while running, the server's message when it fails.
import { useCallback, useState } from 'react';
import { ApiError } from '../api/client.ts';

export function useAsyncAction<T>(fn: () => Promise<T>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async () => {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (err) {
      setError(err instanceof ApiError ? err.detail || err.title : err instanceof Error ? err.message : String(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, [fn]);
  return { busy, error, run, setError };
}
