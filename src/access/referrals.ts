// Referrals to the judiciary (DOMAIN "Actors": police and prosecutors, "cases shared"). Customs
// refers a trip, an alert or a transport note to a judicial company; that company's judicial
// people then see it (the rules in monitoring.ts and notes.ts) and nothing else of the monitoring
// data. Only customs refers: it owns the supervision data and decides what a case needs.
import { recordAudit, type Actor } from '../audit/trail.ts';
import { hasRole, isCustoms, type Principal } from '../auth/roles.ts';
import { newId } from '../auth/secrets.ts';
import { forbidden, invalidField, notFound } from '../core/errors.ts';
import type { Queryable } from '../store/db.ts';
import { bind } from './sql.ts';

export const REFERRAL_KINDS = ['trip', 'alert', 'transport_note', 'case'] as const;
export type ReferralKind = (typeof REFERRAL_KINDS)[number];

export interface Referral {
  id: string;
  kind: ReferralKind;
  resourceId: string;
  judicialUbn: string;
  referredBy: string;
  at: string;
}

/** Whether this caller is a judicial principal whose company a record is referred to. */
export function referredToCaller(p: Principal, referredTo: readonly string[]): boolean {
  return hasRole(p, ['judicial']) && referredTo.includes(p.companyUbn);
}

/**
 * The same rule as SQL: a referral of one of `targets` (kind and a SQL expression for its id) to
 * the caller's company, or null when the caller is no judicial principal (the rule cannot apply).
 */
export function referredWhere(p: Principal, targets: readonly [ReferralKind, string][], params: unknown[]): string | null {
  if (!hasRole(p, ['judicial'])) return null;
  const ubn = bind(params, p.companyUbn);
  const which = targets.map(([kind, id]) => `(r.resource_kind = '${kind}' and r.resource_id = ${id})`).join(' or ');
  return `exists (select 1 from referrals r where r.judicial_ubn = ${ubn} and (${which}))`;
}

/** The judicial companies these records are referred to (for the predicate side). */
export async function referredTo(q: Queryable, targets: readonly [ReferralKind, string | null | undefined][]): Promise<string[]> {
  const known = targets.filter((t): t is [ReferralKind, string] => !!t[1]);
  if (!known.length) return [];
  const rows = await q.query(
    `select distinct judicial_ubn from referrals where (resource_kind, resource_id) in (select * from unnest($1::text[], $2::text[]))`,
    [known.map((t) => t[0]), known.map((t) => t[1])],
  );
  return rows.map((r) => r.judicial_ubn as string);
}

const TABLES: Record<ReferralKind, { table: string; key: string }> = {
  trip: { table: 'trips', key: 'trip_id' },
  alert: { table: 'alerts', key: 'alert_id' },
  transport_note: { table: 'transport_notes', key: 'cn_no' },
  case: { table: 'cases', key: 'id' },
};

/** Refers a record to a judicial company (customs only); referring it again changes nothing. */
export async function refer(
  q: Queryable,
  p: Principal,
  actor: Actor,
  r: { kind: ReferralKind; resourceId: string; judicialUbn: string },
): Promise<Referral> {
  if (!isCustoms(p)) throw forbidden('Only customs refers records to the judiciary', 'customs.only');
  const { table, key } = TABLES[r.kind];
  if (!(await q.query(`select 1 from ${table} where ${key} = $1`, [r.resourceId])).length) throw notFound(`${r.kind} ${r.resourceId}`, r.kind, r.resourceId);
  const [company] = await q.query('select roles from companies where ubn = $1', [r.judicialUbn]);
  if (!company || !(company.roles as string[]).includes('judicial')) {
    throw invalidField('/judicialUbn', `${r.judicialUbn} is no company with the judicial role`, 'company.not_judicial', { ubn: r.judicialUbn });
  }
  const cols = 'id, resource_kind, resource_id, judicial_ubn, referred_by, at';
  const [created] = await q.query(
    `insert into referrals (id, resource_kind, resource_id, judicial_ubn, referred_by) values ($1, $2, $3, $4, $5)
     on conflict (resource_kind, resource_id, judicial_ubn) do nothing returning ${cols}`,
    [newId('ref'), r.kind, r.resourceId, r.judicialUbn, p.id],
  );
  const row =
    created ??
    (await q.query(`select ${cols} from referrals where resource_kind = $1 and resource_id = $2 and judicial_ubn = $3`, [r.kind, r.resourceId, r.judicialUbn]))[0];
  const referral: Referral = {
    id: row.id,
    kind: row.resource_kind,
    resourceId: row.resource_id,
    judicialUbn: row.judicial_ubn,
    referredBy: row.referred_by,
    at: new Date(row.at).toISOString(),
  };
  if (created) await recordAudit(q, actor, { action: 'refer', resource: r.kind, resourceId: r.resourceId, after: referral });
  return referral;
}
