// The throttle: an incident never sends a storm. Per person and channel (a lane), the first few
// items of a window go out one by one; past them, items are held and go out together as one
// digest a window after the first was held. While a digest has gone out within the window the lane
// stays in digest mode, so a sustained storm sends one digest per window, whatever its size.

export interface ThrottleOptions {
  /** Items sent one by one per lane and window before holding starts (NOTIFY_IMMEDIATE). */
  immediatePerWindow: number;
  windowMs: number;
}

export interface LaneItem {
  id: string;
  /** null: not decided yet; 'held': waiting for the digest since `decidedAt`. */
  mode: 'held' | null;
  decidedAt: number | null;
}

/** What the lane sent within the last window. */
export interface LaneHistory {
  singles: number;
  digests: number;
}

export interface Decision {
  /** Each its own message, now. */
  singles: string[];
  /** Newly held. */
  hold: string[];
  /** Every held item (the new ones included), as one digest now; null when none is due. */
  digest: string[] | null;
}

/** Decides a lane's open items, oldest first, at `now`. */
export function decide(items: LaneItem[], history: LaneHistory, now: number, o: ThrottleOptions): Decision {
  const held = items.filter((i) => i.mode === 'held');
  let singles = history.singles;
  let holding = held.length > 0 || history.digests > 0;
  const out: Decision = { singles: [], hold: [], digest: null };
  for (const item of items) {
    if (item.mode === 'held') continue;
    if (!holding && singles < o.immediatePerWindow) {
      out.singles.push(item.id);
      singles++;
    } else {
      out.hold.push(item.id);
      holding = true;
    }
  }
  const since = Math.min(...held.map((i) => i.decidedAt ?? now), out.hold.length ? now : Infinity);
  if (since + o.windowMs <= now) out.digest = [...held.map((i) => i.id), ...out.hold];
  return out;
}
