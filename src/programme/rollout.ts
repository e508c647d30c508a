// The staged rollout of truck e-seals (車機封條, 111–112): which customs offices, and there which
// release codes and transport (container) categories, must carry their cargo under a truck e-seal
// instead of a passive seal. A customs admin sets it (audited); transport-note validation follows
// it: a CN leaving a station of such an office, matching the codes and categories, whose container
// has another seal type is refused, naming the container's sealType.
import type { FieldError } from '../core/errors.ts';
import type { TransportNote } from '../core/types.ts';
import type { Queryable } from '../store/db.ts';
import { getSetting } from '../registry/settings.ts';

export const ROLLOUT_KEY = 'truck_eseal_rollout';

export interface RolloutStage {
  /** Customs office letter (A Keelung, B Kaohsiung, C Taipei, D Taichung). */
  office: string;
  /** Release codes (放行代碼) it applies to; empty: every code, and notes without one. */
  releaseCodes: string[];
  /** Transport categories it applies to; empty: every category. */
  transportCategories: number[];
  /** From when (inclusive). */
  from: string;
}

export interface Rollout {
  stages: RolloutStage[];
}

export const officeOf = (stationCode: string): string => stationCode.trim().charAt(0).toUpperCase();

/** The stage that makes this note need truck e-seals at `at`, if any. */
export function stageFor(r: Rollout, note: Pick<TransportNote, 'origin' | 'releaseCode' | 'transportCategory'>, at: number): RolloutStage | undefined {
  return r.stages.find(
    (s) =>
      s.office === officeOf(note.origin) &&
      Date.parse(s.from) <= at &&
      (s.releaseCodes.length === 0 || (note.releaseCode !== undefined && s.releaseCodes.includes(note.releaseCode))) &&
      (s.transportCategories.length === 0 || s.transportCategories.includes(note.transportCategory)),
  );
}

/** The note's containers that break the rollout: one error per container, naming its sealType. */
export function rolloutErrors(r: Rollout, note: TransportNote, prefix: string, at = Date.now()): FieldError[] {
  const stage = stageFor(r, note, at);
  if (!stage) return [];
  return note.containers.flatMap((c, i) =>
    c.sealType === 'truck_eseal'
      ? []
      : [
          {
            path: `${prefix}/containers/${i}/sealType`,
            message: `customs office ${stage.office} requires a truck e-seal (truck_eseal) for this note since ${stage.from.slice(0, 10)}, not ${c.sealType}`,
            code: 'rollout.truck_eseal',
            params: { office: stage.office, from: stage.from.slice(0, 10), sealType: c.sealType },
          },
        ],
  );
}

export async function getRollout(q: Queryable): Promise<Rollout> {
  return (await getSetting<Rollout>(q, ROLLOUT_KEY))?.value ?? { stages: [] };
}
