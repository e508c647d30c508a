/// <reference lib="webworker" />
// The /stream WebSocket, off the main thread. At thousands of positions a second, receiving and
// parsing each frame would occupy the page; here they are parsed and coalesced (latest fix per
// vehicle), decoded into typed columns and handed over (transferred, not copied) as one batch every
// FLUSH_MS. Everything else (trips, alerts) is passed on at once, after the positions that came
// before it, so the order of events is kept.
import { PositionDecoder, transferables } from './position-columns.ts';
import type { FromStreamWorker, ToStreamWorker } from './stream-protocol.ts';

const FLUSH_MS = 100;
const scope = self as unknown as DedicatedWorkerGlobalScope;

let ws: WebSocket | null = null;
let url = '';
let closed = false;
let retry = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

const decoder = new PositionDecoder();
/** When the oldest pending position arrived (ms since the epoch) and the oldest server stamp. */
let firstArrival: number | null = null;
let minAt: number | null = null;

const post = (m: FromStreamWorker, transfer: Transferable[] = []) => scope.postMessage(m, transfer);

function flush() {
  if (decoder.size === 0) return;
  const { columns, identities } = decoder.take();
  post({ kind: 'positions', columns, identities, firstArrival: firstArrival!, minAt }, transferables(columns));
  firstArrival = null;
  minAt = null;
}
setInterval(flush, FLUSH_MS);

function take(m: any, arrival: number) {
  if (!m || typeof m !== 'object') return;
  if (m.type === 'position' || m.type === 'positions') {
    let any = false;
    for (const p of Array.isArray(m.data) ? m.data : [m.data]) any = decoder.add(p) || any;
    if (!any) return;
    firstArrival ??= arrival;
    const at = Date.parse(m.at);
    if (Number.isFinite(at) && (minAt === null || at < minAt)) minAt = at;
    return;
  }
  flush();
  post({ kind: 'message', message: m });
}

function open() {
  if (closed) return;
  post({ kind: 'status', status: 'connecting' });
  ws = new WebSocket(url);
  ws.onopen = () => {
    retry = 0;
    post({ kind: 'status', status: 'live' });
  };
  ws.onmessage = (ev) => {
    const arrival = performance.timeOrigin + performance.now();
    try {
      const data = JSON.parse(typeof ev.data === 'string' ? ev.data : '');
      if (Array.isArray(data)) for (const m of data) take(m, arrival);
      else take(data, arrival);
    } catch {
      // A malformed frame is dropped; the snapshot reload after a reconnect repairs the picture.
    }
  };
  ws.onclose = () => {
    ws = null;
    if (closed) return;
    post({ kind: 'status', status: 'offline' });
    // Back off up to 15 s so a restarting server is not hammered by every open console.
    timer = setTimeout(open, Math.min(15_000, 500 * 2 ** retry++));
  };
}

scope.onmessage = (ev: MessageEvent<ToStreamWorker>) => {
  if (ev.data.kind === 'connect') {
    url = ev.data.url;
    open();
  } else if (ev.data.kind === 'close') {
    closed = true;
    clearTimeout(timer);
    ws?.close();
  }
};
