// An offline unseal's record and the seal's own report, side by side. The seal may report
// `unlocked` (over its own uplink) before the phone is back online with the record; the engine then
// sees an opening with no authority and raises seal_tamper. When the record arrives and its token
// covers that opening (same seal and trip, the seal's report inside the token's validity), the
// alert is resolved as explained by the record. Anything else stays open for the monitoring centre:
// a `tampered` report, an opening outside the token's window, a seal with no record at all.
import { recordAudit, type Actor } from '../audit/trail.ts';
import type { Db } from '../store/db.ts';

export interface ReconcileInput {
  recordId: string;
  sealId: string;
  tripId: string;
  /** The token's validity, epoch seconds. */
  iat: number;
  exp: number;
}

const SKEW_MS = 120_000;
export const RECONCILE_ACTOR = 'system:offline-unseal';

export async function reconcileTamperAlerts(db: Db, actor: Actor, r: ReconcileInput): Promise<string[]> {
  const candidates = await db.query(
    `select * from alerts where alert_type = 'seal_tamper' and trip_id = $1 and detail->>'sealId' = $2 and status <> 'resolved'`,
    [r.tripId, r.sealId],
  );
  const explained = candidates.filter((a) => {
    const d = a.detail as { sealState?: string; reportTs?: string };
    const ts = Date.parse(d.reportTs ?? '');
    return d.sealState === 'unlocked' && ts >= r.iat * 1000 - SKEW_MS && ts <= r.exp * 1000 + SKEW_MS;
  });
  if (!explained.length) return [];
  const note = `Authorised offline unseal: record ${r.recordId} covers the seal's opening`;
  return db.transaction(async (q) => {
    const done: string[] = [];
    for (const a of explained) {
      const [after] = await q.query(
        `update alerts set status = 'resolved', resolution = 'explained', resolution_note = $2, resolved_by = $3, resolved_at = now(),
           acknowledged_by = coalesce(acknowledged_by, $3), acknowledged_at = coalesce(acknowledged_at, now())
         where alert_id = $1 and status <> 'resolved' returning alert_id`,
        [a.alert_id, note, RECONCILE_ACTOR],
      );
      if (!after) continue;
      await q.query('insert into alert_events (alert_id, at, kind, actor, data) values ($1, now(), $2, $3, $4)', [
        a.alert_id,
        'resolved',
        RECONCILE_ACTOR,
        JSON.stringify({ resolution: 'explained', note, offlineUnsealRecord: r.recordId }),
      ]);
      await recordAudit(q, actor, {
        action: 'resolved',
        resource: 'alert',
        resourceId: a.alert_id,
        before: { status: a.status },
        after: { status: 'resolved', resolution: 'explained', note, offlineUnsealRecord: r.recordId },
      });
      done.push(a.alert_id);
    }
    if (done.length) await q.query('update offline_unseal_records set reconciled_alerts = $2 where id = $1', [r.recordId, done]);
    return done;
  });
}
