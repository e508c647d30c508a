// Every seal read the phone takes goes to this queue first, in IndexedDB (photos are too large for
// localStorage), with its own time and place; it leaves the queue once the platform has it. With a
// signal that is a moment later; with none, when the connection is back. The reads of one container
// wait together with the photo of its door. Each read carries a `readId` made on the phone, so an
// upload that reached the platform but whose answer was lost is recognised when it is sent again:
// the platform keeps each read once.
export type SealEvent = 'applied' | 'checked' | 'removed';
export type ReaderKind = 'phone_nfc' | 'phone_camera' | 'manual';

/** One read as POST /seal-reads takes it (photoId added at upload). */
export interface SealReadInput {
  readId: string;
  sealNo: string;
  event: SealEvent;
  /** When the seal was read, on the phone's clock (ISO 8601). */
  readAt: string;
  reader: ReaderKind;
  facility?: string;
  containerNo?: string;
  lat?: number;
  lon?: number;
}

export interface QueuedBatch {
  batchId: string;
  /** For the screens: which container, on which note. */
  cnNo: string;
  containerNo: string;
  reads: SealReadInput[];
  /** The photo of the door taken with the reads, until it is uploaded. */
  photo?: Blob;
  /** Set once the photo is on the platform, so a retry does not send it again. */
  photoId?: string;
  queuedAt: string;
  /** Who read: the batch is sent with that person's session only (a shared phone keeps each one's reads apart). */
  userId: string;
}

const DB = 'sw-field';
const STORE = 'seal-read-batches';

let opened: Promise<IDBDatabase> | null = null;
function db(): Promise<IDBDatabase> {
  opened ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'batchId' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  return opened;
}

async function run<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
  const d = await db();
  return new Promise((resolve, reject) => {
    const t = d.transaction(STORE, mode);
    const req = fn(t.objectStore(STORE));
    t.oncomplete = () => resolve(req ? req.result : undefined);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error);
  });
}

export async function putBatch(b: QueuedBatch): Promise<void> {
  await run('readwrite', (s) => s.put(b));
  notify();
}

export async function dropBatch(batchId: string): Promise<void> {
  await run('readwrite', (s) => s.delete(batchId));
  notify();
}

/** The batches waiting for upload, oldest first (one person's when `userId` is given). */
export async function queuedBatches(userId?: string): Promise<QueuedBatch[]> {
  const all = ((await run<QueuedBatch[]>('readonly', (s) => s.getAll())) ?? []) as QueuedBatch[];
  return all.filter((b) => userId === undefined || b.userId === userId).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt) || a.batchId.localeCompare(b.batchId));
}

const listeners = new Set<() => void>();
function notify() {
  for (const fn of listeners) fn();
}
/** Called whenever the queue changes. */
export function onQueueChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => void listeners.delete(fn);
}

/** A version 4 UUID (crypto.randomUUID exists only in secure contexts). */
export function newId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
