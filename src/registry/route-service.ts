// Writing designated routes: checked, stored, audited and handed to the engine in one transaction.
// Who may write them (a customs admin) is the API's route guard; see access.ts.
import type { Actor } from '../audit/trail.ts';
import { conflict, notFound, type FieldErrors } from '../core/errors.ts';
import type { Route } from '../core/types.ts';
import type { Platform } from '../platform.ts';
import type { Queryable } from '../store/db.ts';
import { deleteRoute, getRoute, insertRoute, updateRoute } from './routes.ts';
import { requireSameId, validated } from './validated.ts';
import { checkRouteRefs, normalizeRoute, type RouteBody } from './validate-route.ts';
import { engineInput, writeAudited } from './write.ts';

const validRoute = (q: Queryable, body: RouteBody) =>
  validated(
    q,
    (errs: FieldErrors) => normalizeRoute(body, '/body', errs),
    (r, errs) => checkRouteRefs(q, r, '/body', errs),
  );

export async function createRoute(ctx: Platform, actor: Actor, body: RouteBody): Promise<Route> {
  const r = await validRoute(ctx.db, body);
  if (await getRoute(ctx.db, r.code)) throw conflict(`Route ${r.code} exists`, 'route.exists', { code: r.code });
  return writeAudited(ctx, actor, async (tx) => {
    const after = await insertRoute(tx, r);
    return { result: after, audit: { action: 'create', resource: 'route', resourceId: r.code, after }, inputs: [engineInput('route', after)] };
  });
}

/** Replaces the route `code` with the body, which must name it. */
export async function replaceRoute(ctx: Platform, actor: Actor, code: string, body: RouteBody): Promise<Route> {
  const r = await validRoute(ctx.db, body);
  requireSameId(code, r.code, 'code');
  const before = await getRoute(ctx.db, code);
  if (!before) throw notFound(`Route ${code}`, 'route', code);
  return writeAudited(ctx, actor, async (tx) => {
    const after = (await updateRoute(tx, r)) as Route;
    return { result: after, audit: { action: 'update', resource: 'route', resourceId: code, before, after }, inputs: [engineInput('route', after)] };
  });
}

export async function removeRoute(ctx: Platform, actor: Actor, code: string): Promise<void> {
  const before = await getRoute(ctx.db, code);
  if (!before) throw notFound(`Route ${code}`, 'route', code);
  await writeAudited(ctx, actor, async (tx) => {
    await deleteRoute(tx, before.code);
    return { result: null, audit: { action: 'delete', resource: 'route', resourceId: before.code, before }, inputs: [engineInput('referenceDeleted', { kind: 'route', code: before.code })] };
  });
}
