// Update-to-screen probe: how long a live position waits before a frame shows it. Kept only when
// asked for (?perf in the address), so the wall screen does not accumulate samples.
const enabled = typeof location !== 'undefined' && new URLSearchParams(location.search).has('perf');

interface PerfProbe {
  /** From arrival in the page to the frame that shows it, ms. */
  delays: number[];
  /** From the server's stamp on the message to the frame that shows it, ms. */
  endToEnd: number[];
  frames: number;
  reset(): void;
}

const probe: PerfProbe = {
  delays: [],
  endToEnd: [],
  frames: 0,
  reset() {
    this.delays = [];
    this.endToEnd = [];
    this.frames = 0;
  },
};
if (enabled) (window as unknown as { __swPerf: PerfProbe }).__swPerf = probe;

/** A frame has just shown positions that started waiting at `since` (performance.now()). */
export function recordDrawn(since: number, serverAt: number | null): void {
  if (!enabled) return;
  probe.delays.push(performance.now() - since);
  if (serverAt !== null) probe.endToEnd.push(Date.now() - serverAt);
  probe.frames++;
}
