// Deadline min-heap: timer alerts (overdue, signal_lost, abnormal_stop, unauthorized_facility,
// seal_link_lost) are wake-ups due at a time on the engine clock, so an input costs O(log n) for
// the due ones instead of a scan of every trip. Wake-ups are advisory: the rule re-checks its state
// when one fires, so a stale wake-up (the condition ended, or moved later) is harmless and nothing
// ever needs removing from the heap. A wake-up's kind is its rule's slot in the rule table (among
// the trip rules when its target is a trip, among the device rules when it is a device).

export interface Wake<T> {
  dueMs: number;
  /** Insertion order: equal deadlines fire in the order they were set, so runs are reproducible. */
  seq: number;
  kind: number;
  target: T;
}

export class WakeHeap<T> {
  private items: Wake<T>[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  push(dueMs: number, kind: number, target: T): void {
    const item: Wake<T> = { dueMs, seq: this.seq++, kind, target };
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, a[parent])) break;
      a[i] = a[parent];
      i = parent;
    }
    a[i] = item;
  }

  /** Earliest deadline, or Infinity when empty. */
  peekDue(): number {
    return this.items.length ? this.items[0].dueMs : Infinity;
  }

  pop(): Wake<T> | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop() as Wake<T>;
    if (a.length > 0) {
      let i = 0;
      const n = a.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && before(a[r], a[l]) ? r : l;
        if (!before(a[c], last)) break;
        a[i] = a[c];
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

function before<T>(a: Wake<T>, b: Wake<T>): boolean {
  return a.dueMs < b.dueMs || (a.dueMs === b.dueMs && a.seq < b.seq);
}
