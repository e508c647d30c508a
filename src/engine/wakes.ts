// Timer alerts: wake-ups due by the engine clock fire before the input that advanced it (they
// happened first), on a `tick` or any other input. Each goes to its rule (src/engine/rules.ts), a
// trip rule's with its trip, a device rule's with its device; the rule re-checks, so a wake-up made
// stale by later reports does nothing or reschedules itself.
import { runDeviceWake, runWake } from './rules.ts';
import { DeviceRec, type EngineState } from './state.ts';

export function fireDueWakes(st: EngineState): void {
  const now = st.clockMs;
  while (st.wakes.peekDue() <= now) {
    const w = st.wakes.pop();
    if (w === undefined) break;
    const target = w.target;
    if (target instanceof DeviceRec) runDeviceWake(st, target, w.kind);
    else runWake(st, target, w.kind);
  }
}
