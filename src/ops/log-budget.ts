// Log lines that a remote party can provoke at will (garbage frames, reports it may not make) are
// limited per source: the first few of each interval are written, the rest only counted, and the
// count is written as one summary line when that interval is over. A misbehaving device or address
// then costs a handful of lines a minute, not one per packet, and nothing goes unrecorded.

export type LogLine = (msg: string, extra: Record<string, unknown>) => void;

export interface LogBudgetOptions {
  /** Where the lines go. */
  write: LogLine;
  /** The summary line's message; its fields are the source (under `sourceField`), `suppressed` and `intervalMs`. */
  summary: string;
  /** The field naming the source in the summary (e.g. `address`, `deviceId`). */
  sourceField: string;
  /** Lines written per source and interval (default 5). */
  perInterval?: number;
  /** Default one minute. */
  intervalMs?: number;
  /** Sources tracked at once; past this, new sources share the budget of the source `*`. */
  maxSources?: number;
  now?: () => number;
  /** Write the summaries of finished intervals on a timer (default true; tests call flush()). */
  timer?: boolean;
}

interface Window {
  startMs: number;
  written: number;
  suppressed: number;
}

export const OVERFLOW_SOURCE = '*';

export class LogBudget {
  private readonly windows = new Map<string, Window>();
  private readonly perInterval: number;
  private readonly intervalMs: number;
  private readonly maxSources: number;
  private readonly now: () => number;
  private readonly timer: NodeJS.Timeout | null;
  /** Lines not written since the start, over all sources. */
  suppressedTotal = 0;

  constructor(private readonly opts: LogBudgetOptions) {
    this.perInterval = opts.perInterval ?? 5;
    this.intervalMs = opts.intervalMs ?? 60_000;
    this.maxSources = opts.maxSources ?? 10_000;
    this.now = opts.now ?? Date.now;
    this.timer = opts.timer === false ? null : setInterval(() => this.flush(), this.intervalMs).unref();
  }

  /** Writes the line unless `source` has used up this interval's budget; then it is counted. */
  log(source: string, msg: string, extra: Record<string, unknown>): void {
    const now = this.now();
    if (!this.windows.has(source) && this.windows.size >= this.maxSources) source = OVERFLOW_SOURCE;
    let w = this.windows.get(source);
    if (w !== undefined && now - w.startMs >= this.intervalMs) {
      this.summarise(source, w);
      w = undefined;
    }
    if (w === undefined) this.windows.set(source, (w = { startMs: now, written: 0, suppressed: 0 }));
    if (w.written < this.perInterval) {
      w.written++;
      this.opts.write(msg, extra);
    } else {
      w.suppressed++;
      this.suppressedTotal++;
    }
  }

  /** Writes the summaries of the intervals that are over (all of them with `all`) and forgets those sources. */
  flush(all = false): void {
    const now = this.now();
    for (const [source, w] of this.windows) {
      if (!all && now - w.startMs < this.intervalMs) continue;
      this.summarise(source, w);
      this.windows.delete(source);
    }
  }

  /** Stops the timer and writes what is still counted. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.flush(true);
  }

  private summarise(source: string, w: Window): void {
    if (w.suppressed === 0) return;
    this.opts.write(this.opts.summary, { [this.opts.sourceField]: source, suppressed: w.suppressed, intervalMs: this.intervalMs });
  }
}
