// The /stream connection, run in a worker (stream.worker.ts): the session cookie authenticates
// it; on every (re)connect the REST snapshot is reloaded first so nothing missed while
// disconnected stays missing.
import type { FromStreamWorker, ToStreamWorker } from './stream-protocol.ts';
import type { LiveStore } from './store.ts';

export interface StreamHandle {
  close(): void;
}

export function connectStream(store: LiveStore, reloadSnapshot: () => Promise<void>): StreamHandle {
  const worker = new Worker(new URL('./stream.worker.ts', import.meta.url), { type: 'module', name: 'sealwatch-stream' });
  const send = (m: ToStreamWorker) => worker.postMessage(m);
  store.resetSlots();
  worker.onmessage = (ev: MessageEvent<FromStreamWorker>) => {
    const m = ev.data;
    if (m.kind === 'status') {
      store.setStatus(m.status);
      if (m.status === 'live') reloadSnapshot().catch(() => undefined);
    } else if (m.kind === 'positions') {
      store.applyColumns(m.columns, m.identities, m.firstArrival - performance.timeOrigin, m.minAt);
    } else store.apply(m.message);
  };
  send({ kind: 'connect', url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/stream` });
  return {
    close() {
      send({ kind: 'close' });
      worker.terminate();
    },
  };
}
