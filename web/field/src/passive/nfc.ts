// Reading a passive seal's tag by NFC: Web NFC (`NDEFReader`) exists on Chrome for Android only, so
// it is detected, never assumed. The seal's tag holds its number as an NDEF text or URL record;
// a tag without one gives its serial number. Scanning starts from a tap (the browser asks for the
// permission then) and runs until stopped.
export interface NfcRead {
  code: string;
  serialNumber: string | null;
}

interface NdefRecord {
  recordType: string;
  encoding?: string;
  data?: DataView;
}
interface NdefReadingEvent extends Event {
  serialNumber?: string;
  message: { records: NdefRecord[] };
}
interface NdefReaderLike extends EventTarget {
  scan(opts?: { signal?: AbortSignal }): Promise<void>;
}

function ctor(): (new () => NdefReaderLike) | null {
  return (globalThis as unknown as { NDEFReader?: new () => NdefReaderLike }).NDEFReader ?? null;
}

export function nfcAvailable(): boolean {
  return ctor() !== null;
}

/** The first text or URL record of the tag, else its serial number. */
export function codeOfTag(records: NdefRecord[], serialNumber: string | null): string | null {
  for (const r of records) {
    if ((r.recordType === 'text' || r.recordType === 'url' || r.recordType === 'absolute-url') && r.data) {
      const text = new TextDecoder(r.encoding ?? 'utf-8').decode(r.data).trim();
      if (text) return text;
    }
  }
  return serialNumber ? serialNumber.replace(/:/g, '').toUpperCase() : null;
}

/** Starts listening for tags; each tag read calls `onRead`. Stop with the returned function. */
export async function startNfc(onRead: (r: NfcRead) => void, onError: (message: string) => void): Promise<() => void> {
  const Ctor = ctor();
  if (!Ctor) throw new Error('NFC is not available');
  const reader = new Ctor();
  const stop = new AbortController();
  reader.addEventListener('reading', (e) => {
    const ev = e as NdefReadingEvent;
    const code = codeOfTag(ev.message?.records ?? [], ev.serialNumber ?? null);
    if (code) onRead({ code, serialNumber: ev.serialNumber ?? null });
  });
  reader.addEventListener('readingerror', () => onError('unreadable'));
  await reader.scan({ signal: stop.signal });
  return () => stop.abort();
}
