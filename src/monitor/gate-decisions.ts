// The lane's answer to a gate passage (CONTRACT section 9): pass, or hold when applying the passage
// raised an alert (of sections 5, 8 or 9), with those alerts as the reasons. The API registers the
// passage's id before storing it; the engine owner hands over the passage's own outputs as soon as
// the engine has applied it, and the waiting request answers at once.
import type { EngineOutput, GateEvent } from '../core/types.ts';

/** Why a passage is held: an alert it raised (code = its type), or `no_decision` when the engine did not answer. */
export interface GateReason {
  code: string;
  alertId?: string;
  severity?: string;
  containerNo?: string;
}

export interface GateDecision {
  decision: 'pass' | 'hold';
  reasons: GateReason[];
  tripId: string | null;
}

/** The decision from a passage's own outputs (alerts opened while applying it). */
export function decide(outputs: readonly EngineOutput[], from: number, tripId: string | null): GateDecision {
  const reasons: GateReason[] = [];
  for (let i = from; i < outputs.length; i++) {
    const o = outputs[i];
    if (o.type !== 'alert') continue;
    reasons.push({
      code: o.data.alertType, alertId: o.data.alertId, severity: o.data.severity, ...(o.data.containerNo ? { containerNo: o.data.containerNo } : {}),
    });
  }
  return { decision: reasons.length ? 'hold' : 'pass', reasons, tripId };
}

export class GateDecisions {
  private readonly waiting = new Map<string, (d: GateDecision) => void>();

  /** Resolves with the decision once the engine has applied the passage, or null after `timeoutMs`. */
  wait(passageId: string, timeoutMs: number): { decided: Promise<GateDecision | null>; cancel: () => void } {
    let timer: NodeJS.Timeout | undefined;
    const decided = new Promise<GateDecision | null>((resolve) => {
      this.waiting.set(passageId, resolve);
      timer = setTimeout(() => {
        this.waiting.delete(passageId);
        resolve(null);
      }, timeoutMs);
    });
    void decided.finally(() => clearTimeout(timer));
    return { decided, cancel: () => {
      clearTimeout(timer);
      this.waiting.get(passageId)?.(null as unknown as GateDecision);
      this.waiting.delete(passageId);
    } };
  }

  /** The engine applied a gate passage (live inputs only); `outcome` null when it failed on it. */
  applied(g: GateEvent, outputs: readonly EngineOutput[], outcome: { inputFrom: number; tripId: string | null } | null | undefined): void {
    const id = g.passageId;
    if (id === undefined) return;
    const resolve = this.waiting.get(id);
    if (resolve === undefined) return;
    this.waiting.delete(id);
    // The engine could not judge the passage: the truck waits for an officer.
    if (outcome === null) resolve({ decision: 'hold', reasons: [{ code: 'no_decision' }], tripId: null });
    else resolve(decide(outputs, outcome?.inputFrom ?? 0, outcome?.tripId ?? null));
  }
}
