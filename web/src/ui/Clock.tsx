// The wall clock in Taipei, with the ROC date in Chinese: officers compare it with alert times.
import { useEffect, useState } from 'react';
import { formatDateTime } from '../../shared/time.ts';
import { useI18n } from '../i18n/index.tsx';

export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

export function Clock() {
  const { lang } = useI18n();
  const now = useNow();
  return <time className="clock">{formatDateTime(now, lang)}</time>;
}
