// Platform-wide settings. /settings/alert-params holds the global alert thresholds (CONTRACT
// section 5 defaults, overridden here, overridden again per route). Customs reads them; a customs
// admin changes them, audited with before and after, and the engine applies the change at once.
import { Type, type TObject, type TOptional, type TNumber } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ALERT_PARAM_KEYS, DEFAULT_ALERT_PARAMS, resolveParams } from '../../core/alert-params.ts';
import type { AlertParams } from '../../core/types.ts';
import { engineInput, writeAudited } from '../../registry/write.ts';
import { ALERT_PARAMS_KEY, checkGlobalAlertParams, getSetting, putSetting } from '../../registry/settings.ts';
import type { AppContext } from '../../platform.ts';
import { requestActor } from '../audit.ts';
import { Nullable, Timestamp } from '../schemas.ts';

const AlertParamsBody: TObject<Record<string, TOptional<TNumber>>> = Type.Object(
  Object.fromEntries(ALERT_PARAM_KEYS.map((k) => [k, Type.Optional(Type.Number({ minimum: 0, maximum: 1e7, description: `default ${DEFAULT_ALERT_PARAMS[k]}` }))])),
  { additionalProperties: false, description: 'The global overrides; a key left out takes its default.' },
);

const AllParams = Type.Object(Object.fromEntries(ALERT_PARAM_KEYS.map((k) => [k, Type.Number()])));
const AlertParamsView = Type.Object({
  params: Type.Object(Object.fromEntries(ALERT_PARAM_KEYS.map((k) => [k, Type.Optional(Type.Number())])), { description: 'The global overrides set here' }),
  defaults: { ...AllParams, description: 'The built-in defaults' },
  effective: { ...AllParams, description: 'What applies where a route sets nothing: the overrides over the defaults' },
  updatedAt: Nullable(Timestamp()),
  updatedBy: Nullable(Type.String({ description: 'Who last changed the overrides' })),
});

const tags = ['settings'];
const readers = { auth: { roles: ['customs_admin', 'customs_officer'] as const } };
const writers = { auth: { roles: ['customs_admin'] as const } };

async function view(ctx: AppContext) {
  const stored = await getSetting<Partial<AlertParams>>(ctx.db, ALERT_PARAMS_KEY);
  const params = stored?.value ?? {};
  return { params, defaults: DEFAULT_ALERT_PARAMS, effective: resolveParams(params), updatedAt: stored?.updatedAt ?? null, updatedBy: stored?.updatedBy ?? null };
}

export default async function settingsRoutes(api: FastifyInstance, ctx: AppContext) {
  api.get(
    '/settings/alert-params',
    { config: readers, schema: { tags, summary: 'The global alert thresholds: overrides, defaults and what applies (customs)', response: { 200: AlertParamsView } } },
    async () => view(ctx),
  );

  const putSchema = {
    tags,
    summary: 'Replace the global alert-threshold overrides; the engine applies them at once (customs admin)',
    body: AlertParamsBody,
    response: { 200: AlertParamsView },
  };
  api.put<{ Body: Partial<AlertParams> }>('/settings/alert-params', { config: writers, schema: putSchema }, async (req) => {
    const after: Partial<AlertParams> = {};
    for (const k of ALERT_PARAM_KEYS) if (typeof req.body[k] === 'number') after[k] = req.body[k];
    checkGlobalAlertParams(after);
    await writeAudited(ctx, requestActor(req), async (tx) => {
      const before = (await getSetting<Partial<AlertParams>>(tx, ALERT_PARAMS_KEY))?.value ?? {};
      await putSetting(tx, ALERT_PARAMS_KEY, after, req.principal!.id);
      return { result: null, audit: { action: 'update', resource: 'settings', resourceId: ALERT_PARAMS_KEY, before, after }, inputs: [engineInput('alertParams', after)] };
    });
    return view(ctx);
  });
}
