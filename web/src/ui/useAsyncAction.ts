// A button's async work: busy while running, the server's refusal in the reader's language when it fails.
import { useCallback, useState } from 'react';
import { apiErrorText } from '../../shared/errors.ts';
import { useI18n } from '../i18n/index.tsx';

export function useAsyncAction<T>(fn: () => Promise<T>) {
  const { lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const run = useCallback(async () => {
    setBusy(true);
    setFailure(null);
    try {
      return await fn();
    } catch (err) {
      setFailure(err);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, [fn]);
  const error = failure === null ? null : typeof failure === 'string' ? failure : apiErrorText(failure, lang);
  return { busy, error, run, setError: (e: string | null) => setFailure(e) };
}
