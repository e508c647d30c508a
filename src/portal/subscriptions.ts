// The declarations a trader follows (訂閱): kept per person, listed and dropped by that person
// only. The notification engine reads them to tell the trader of each change of a declaration's
// containers; here they are only kept.
import { recordAudit, type Actor } from '../audit/trail.ts';
import type { Principal } from '../auth/roles.ts';
import { FieldErrors, forbidden, notFound } from '../core/errors.ts';
import type { Platform } from '../platform.ts';

/** Customs declaration numbers: letters and digits, 6 to 20 (e.g. AA12345678901234). */
export const DECLARATION_NO = /^[A-Z0-9]{6,20}$/;

export const normaliseDeclarationNo = (s: string) => s.replace(/[\s/-]/g, '').toUpperCase();

export interface SubscriptionView {
  declarationNo: string;
  createdAt: string;
}

export async function listSubscriptions(ctx: Platform, p: Principal): Promise<SubscriptionView[]> {
  const rows = await ctx.db.query('select declaration_no, created_at from portal_subscriptions where user_id = $1 order by created_at desc', [p.id]);
  return rows.map((r) => ({ declarationNo: r.declaration_no as string, createdAt: new Date(r.created_at).toISOString() }));
}

export async function subscribe(ctx: Platform, actor: Actor, p: Principal, raw: string): Promise<SubscriptionView> {
  if (p.kind !== 'user') throw forbidden('A person follows a declaration: log in', 'person.only');
  const no = normaliseDeclarationNo(raw);
  if (!DECLARATION_NO.test(no)) {
    const errs = new FieldErrors();
    errs.add('/body/declarationNo', '6 to 20 letters and digits', 'declaration.format', { min: 6, max: 20 });
    errs.throwIfAny();
  }
  return ctx.db.transaction(async (tx) => {
    const [r] = await tx.query(
      `insert into portal_subscriptions (user_id, company_ubn, declaration_no) values ($1,$2,$3)
       on conflict (user_id, declaration_no) do update set declaration_no = excluded.declaration_no returning declaration_no, created_at`,
      [p.id, p.companyUbn, no],
    );
    await recordAudit(tx, actor, { action: 'subscribe', resource: 'declaration_subscription', resourceId: no });
    return { declarationNo: r.declaration_no as string, createdAt: new Date(r.created_at).toISOString() };
  });
}

export async function unsubscribe(ctx: Platform, actor: Actor, p: Principal, raw: string): Promise<void> {
  const no = normaliseDeclarationNo(raw);
  await ctx.db.transaction(async (tx) => {
    const gone = await tx.query('delete from portal_subscriptions where user_id = $1 and declaration_no = $2 returning declaration_no', [p.id, no]);
    if (!gone.length) throw notFound(`Subscription to ${no}`, 'subscription', no);
    await recordAudit(tx, actor, { action: 'unsubscribe', resource: 'declaration_subscription', resourceId: no });
  });
}
