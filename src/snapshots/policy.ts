// When to take a snapshot: after every `everyInputs` stored inputs, or once `everyMs` has passed
// with inputs applied since the last one (0 disables either). Asked only right after a stored
// input was applied, the one point where a snapshot covers exactly the inputs up to it.
export interface SnapshotPolicySettings {
  everyInputs: number;
  everyMs: number;
}

export class SnapshotPolicy {
  private coveredSeq = 0;
  private takenAtMs: number;

  constructor(
    private readonly settings: SnapshotPolicySettings,
    private readonly now: () => number = Date.now,
  ) {
    this.takenAtMs = now();
  }

  get enabled(): boolean {
    return this.settings.everyInputs > 0 || this.settings.everyMs > 0;
  }

  /** A snapshot covering `seq` exists (taken, or restored at start). */
  covered(seq: number): void {
    this.coveredSeq = seq;
    this.takenAtMs = this.now();
  }

  due(appliedSeq: number): boolean {
    if (appliedSeq <= this.coveredSeq) return false;
    const { everyInputs, everyMs } = this.settings;
    if (everyInputs > 0 && appliedSeq - this.coveredSeq >= everyInputs) return true;
    return everyMs > 0 && this.now() - this.takenAtMs >= everyMs;
  }
}
