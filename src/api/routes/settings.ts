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

const AlertParamsBody: TObject<Record<string, TOptional<TNumber>>> = Type.Object(
  Object.fromEntries(ALERT_PARAM_KEYS.map((k) => [k, Type.Optional(Type.Number({ minimum: 0, maximum: 1e7, description: `default ${DEFAULT_ALERT_PARAMS[k]}` }))])),
  { additionalProperties: false, description: 'The global overrides; a key left out takes its default.' },
);

const tags = ['settings'];
const readers = { auth: { roles: ['customs_admin', 'customs_officer'] as const } };
const writers = { auth: { roles: ['customs_admin'] as const } };

async function view(ctx: AppContext) {
  const stored = await getSetting<Partial<AlertParams>>(ctx.db, ALERT_PARAMS_KEY);
  const params = stored?.value ?? {};
  return { params, defaults: DEFAULT_ALERT_PARAMS, effective: resolveParams(params), updatedAt: stored?.updatedAt ?? null, updatedBy: stored?.updatedBy ?? null };
}

export default async function settingsRoutes(api: FastifyInstance, ctx: AppContext) {
  api.get('/settings/alert-params', { config: readers, schema: { tags } }, async () => view(ctx));

  api.put<{ Body: Partial<AlertParams> }>('/settings/alert-params', { config: writers, schema: { tags, body: AlertParamsBody } }, async (req) => {
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
