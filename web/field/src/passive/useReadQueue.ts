// The read queue as the screens see it: how many reads wait, and the outcome of the last upload.
// Uploads start when the app opens, when the connection comes back, after each new read, and every
// 30 s while something waits.
import { useCallback, useEffect, useState } from 'react';
import { useOnline } from '../online.ts';
import { onQueueChange, queuedBatches, type QueuedBatch } from './read-queue.ts';
import { flushReads, type FlushOutcome } from './upload.ts';

export interface ReadQueueState {
  batches: QueuedBatch[];
  count: number;
  last: FlushOutcome | null;
  flush(): Promise<FlushOutcome | null>;
  dismiss(): void;
}

export function useReadQueue(enabled: boolean): ReadQueueState {
  const online = useOnline();
  const [batches, setBatches] = useState<QueuedBatch[]>([]);
  const [last, setLast] = useState<FlushOutcome | null>(null);

  const reload = useCallback(() => {
    queuedBatches().then(setBatches, () => undefined);
  }, []);
  const flush = useCallback(async () => {
    if (!navigator.onLine) return null;
    const out = await flushReads();
    if (out.uploaded || out.duplicates || out.refused.length) setLast(out);
    return out;
  }, []);

  useEffect(() => {
    reload();
    return onQueueChange(reload);
  }, [reload]);
  useEffect(() => {
    if (enabled && online) void flush();
  }, [enabled, online, flush]);
  useEffect(() => {
    if (!enabled || batches.length === 0) return;
    const id = setInterval(() => void flush(), 30_000);
    return () => clearInterval(id);
  }, [enabled, batches.length, flush]);

  return {
    batches,
    count: batches.reduce((n, b) => n + b.reads.length, 0),
    last,
    flush,
    dismiss: () => setLast(null),
  };
}
