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

/** The queue of the person logged in (`userId`), or nothing to send when no one who reads seals is. */
export function useReadQueue(userId: string | null): ReadQueueState {
  const enabled = userId !== null;
  const online = useOnline();
  const [batches, setBatches] = useState<QueuedBatch[]>([]);
  const [last, setLast] = useState<FlushOutcome | null>(null);

  const reload = useCallback(() => {
    if (userId === null) setBatches([]);
    else queuedBatches(userId).then(setBatches, () => undefined);
  }, [userId]);
  const flush = useCallback(async () => {
    if (!navigator.onLine || userId === null) return null;
    const out = await flushReads(userId);
    if (out.uploaded || out.duplicates || out.refused.length) setLast(out);
    return out;
  }, [userId]);

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
