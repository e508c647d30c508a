// Yard events from terminal operating systems (discharged off a vessel, loaded onto one, moved in
// the yard): each checked on its own, stored with its audit entry and handed to the engine, which
// compares it with the container's clearance and its other sightings. A terminal reports for the
// facilities its company operates; customs for any.
import type { Actor } from '../audit/trail.ts';
import type { Principal } from '../auth/roles.ts';
import { DomainError, forbidden, invalid } from '../core/errors.ts';
import type { YardEvent } from '../core/types.ts';
import { mayOperate } from '../access/policy.ts';
import type { Platform } from '../platform.ts';
import { engineInput, writeAudited } from '../registry/write.ts';
import { checkYardEvent } from './validate.ts';

export const MAX_YARD_BATCH = 1000;

export type YardOutcome = { ok: true; event: YardEvent; id: number } | { ok: false; error: DomainError };

async function one(ctx: Pick<Platform, 'inputs' | 'db'>, actor: Actor, p: Principal, raw: unknown, path: string): Promise<YardOutcome> {
  const checked = checkYardEvent(raw, path);
  if ('errors' in checked) return { ok: false, error: invalid(checked.errors, 'The yard event is not valid') };
  const e = checked.value;
  try {
    return await writeAudited(ctx, actor, async (tx) => {
      const [f] = await tx.query('select operator_ubn from facilities where code = $1', [e.facility]);
      if (!f) throw invalid([{ path: `${path}/facility`, message: `no facility ${e.facility}`, code: 'facility.unknown', params: { code: e.facility } }]);
      if (!mayOperate(p, { operator_ubn: f.operator_ubn ?? null })) throw forbidden(`Only the operator of ${e.facility} or customs may report its yard events`, 'facility.operator_only', { code: e.facility });
      const [row] = await tx.query(
        `insert into yard_events (facility, container_no, event, equipment_id, position, at, reported_by) values ($1,$2,$3,$4,$5,now(),$6) returning id`,
        [e.facility, e.containerNo, e.event, e.equipmentId ?? null, e.position ?? null, actor.id],
      );
      return {
        result: { ok: true as const, event: e, id: Number(row.id) },
        audit: { action: 'report', resource: 'yard_event', resourceId: `${e.facility}/${e.containerNo}`, after: e },
        inputs: [engineInput('yardEvent', e)],
      };
    });
  } catch (err) {
    if (err instanceof DomainError) return { ok: false, error: err };
    throw err;
  }
}

export function reportYardEvents(
  ctx: Pick<Platform, 'inputs' | 'db'>, actor: Actor, p: Principal, records: readonly unknown[], pathOf: (i: number) => string,
): Promise<YardOutcome[]> {
  return Promise.all(records.map((raw, i) => one(ctx, actor, p, raw, pathOf(i))));
}
