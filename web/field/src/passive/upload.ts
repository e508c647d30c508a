// Sends the queued reads: the door photo first (once: its id is kept on the batch), then the reads
// in one batch. A read the platform stored, or already had (same readId), or refused for good (4xx:
// unknown seal, not your facility) leaves the queue; a read that met no signal or a server error
// stays for the next try. One upload runs at a time, so a read is never sent twice at once.
import { api, ApiError } from '../api.ts';
import type { CodedError } from '../../../shared/errors.ts';
import { dropBatch, putBatch, queuedBatches, type QueuedBatch } from './read-queue.ts';

export interface UploadResult {
  status: 'stored' | 'duplicate' | 'rejected';
  readId: string;
  error?: { status: number; title?: string; detail?: string; errors?: { path: string; message: string; code?: string; params?: Record<string, string | number> }[] };
}
interface BatchAnswer {
  stored: number;
  duplicates: number;
  rejected: number;
  results: UploadResult[];
}

export interface FlushOutcome {
  uploaded: number;
  duplicates: number;
  /** Each refused read with the reason as the platform gave it (code and params for the reader's language). */
  refused: ({ sealNo: string } & CodedError)[];
  left: number;
}

/** No signal, a session to renew (the reads wait for the next log-in), or the platform busy: try again later. */
const retryable = (status: number) => status === 0 || status === 401 || status === 408 || status === 429 || status >= 500;

async function sendBatch(b: QueuedBatch, out: FlushOutcome): Promise<boolean> {
  if (b.photo && !b.photoId) {
    const form = new FormData();
    form.set('sealNo', b.reads[0]?.sealNo ?? '');
    form.set('photo', b.photo, 'door.jpg');
    try {
      const meta = await api.upload<{ id: string }>('/seal-reads/photos', form);
      b = { ...b, photoId: meta.id, photo: undefined };
      await putBatch(b);
    } catch (err) {
      const e = err as ApiError;
      if (retryable(e.status)) return false;
      // A photo the platform will not take (too large, not an image) must not hold the reads back.
      b = { ...b, photo: undefined };
      await putBatch(b);
    }
  }
  const reads = b.reads.map((r) => (b.photoId ? { ...r, photoId: b.photoId } : r));
  let answer: BatchAnswer;
  try {
    answer = await api.post<BatchAnswer>('/seal-reads', { reads });
  } catch (err) {
    const e = err as ApiError;
    if (retryable(e.status)) return false;
    const first = e.errors[0];
    for (const r of b.reads) out.refused.push({ sealNo: r.sealNo, message: first?.message ?? e.detail ?? e.message, code: first?.code ?? e.code, params: first?.params ?? e.params });
    await dropBatch(b.batchId);
    return true;
  }
  const keep = new Set<string>();
  for (const r of answer.results) {
    const read = b.reads.find((x) => x.readId === r.readId);
    if (r.status === 'stored') out.uploaded++;
    else if (r.status === 'duplicate') out.duplicates++;
    else if (r.error && retryable(r.error.status)) keep.add(r.readId);
    else {
      const first = r.error?.errors?.[0];
      out.refused.push({ sealNo: read?.sealNo ?? r.readId, message: first?.message ?? r.error?.detail ?? r.error?.title ?? '', code: first?.code, params: first?.params });
    }
  }
  if (keep.size === 0) await dropBatch(b.batchId);
  else await putBatch({ ...b, reads: b.reads.filter((r) => keep.has(r.readId)) });
  return keep.size === 0;
}

let running: Promise<FlushOutcome> | null = null;

/** Uploads the person's queued reads, oldest first; stops at the first batch that meets no signal. */
export function flushReads(userId: string): Promise<FlushOutcome> {
  running ??= (async () => {
    const out: FlushOutcome = { uploaded: 0, duplicates: 0, refused: [], left: 0 };
    try {
      for (const b of await queuedBatches(userId)) {
        if (!(await sendBatch(b, out))) break;
      }
      out.left = (await queuedBatches(userId)).reduce((n, b) => n + b.reads.length, 0);
      return out;
    } finally {
      running = null;
    }
  })();
  return running;
}
