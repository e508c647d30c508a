// A trader's view of one container of its declaration (進出口商作業): the container's timeline as
// customs keeps it (src/movements/history.ts), told as the importer needs it: when, which phase,
// what happened and where. What is customs' own work on the way (a lane's photos, the reasons a
// lane held the truck, an officer's decision on it, alerts) stays out.
import { mayReadDeclaration } from '../access/policy.ts';
import type { Principal } from '../auth/roles.ts';
import { notFound } from '../core/errors.ts';
import type { Platform } from '../platform.ts';
import { findClearance } from '../movements/clearances.ts';
import { containerHistory } from '../movements/history.ts';

export async function declaredContainerTimeline(ctx: Platform, p: Principal, declarationNo: string, containerNo: string) {
  const no = containerNo.replace(/\s+/g, '').toUpperCase();
  const clearance = await findClearance(ctx.db, declarationNo.trim().toUpperCase());
  if (!clearance || !mayReadDeclaration(p, { importerUbn: clearance.importer_ubn ?? null }) || !(clearance.container_nos as string[]).includes(no)) {
    throw notFound(`Container ${no} of declaration ${declarationNo}`, 'declaration_container', no);
  }
  const engine = ctx.services.monitor?.engine;
  const h = await containerHistory(ctx.db, no, engine ? (id) => engine.getTrip(id) : undefined);
  const names = new Map(h.places.map((f) => [f.code, f.name]));
  return {
    declarationNo: clearance.declaration_no as string,
    containerNo: no,
    status: h.status,
    lastEventAt: h.lastEventAt,
    lastPosition: h.lastPosition,
    timeline: h.timeline.map((e) => ({
      at: e.at,
      phase: e.phase,
      kind: e.kind,
      facility: e.facility,
      facilityName: e.facility ? (names.get(e.facility) ?? null) : null,
    })),
  };
}
