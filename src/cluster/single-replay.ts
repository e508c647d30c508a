// The reference the cluster is checked against: one engine applying every stored input in the
// order of the input log (the single process's rebuild). Used by the cluster's chaos test and
// benchmark: the alerts the cluster stored must be exactly these.
import { EngineOwner } from '../monitor/engine-owner.ts';
import { LiveEngine } from '../monitor/engine-port.ts';
import { rebuild } from '../monitor/rebuild.ts';
import { ReferenceIndex } from '../monitor/reference-index.ts';
import type { Db } from '../store/db.ts';

/** Ids of the alerts one engine opens over the whole input log. */
export async function singleProcessAlerts(db: Db): Promise<Set<string>> {
  const refs = new ReferenceIndex();
  const ids = new Set<string>();
  const owner = new EngineOwner(new LiveEngine(), refs, (records) => {
    for (const r of records) if (r.kind === 'alert') ids.add(r.alert.alertId);
  });
  // Every record is handed over: nothing counts as stored already.
  await rebuild({ ...db, query: (sql: string, params?: unknown[]) => (sql.includes('monitor_progress') ? Promise.resolve([]) : db.query(sql, params)) } as Db, owner, refs);
  return ids;
}
