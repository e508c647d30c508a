// The truck e-seal programme: its figures per customs office and month (the programme report,
// GET /reports/programme), and the staged rollout setting that transport-note validation follows.
// Customs reads it; a customs admin changes it, audited with before and after.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { CUSTOMS_ROLES } from '../../auth/roles.ts';
import { recordAudit } from '../../audit/trail.ts';
import { getRollout, ROLLOUT_KEY, type Rollout } from '../../programme/rollout.ts';
import { getSetting, putSetting } from '../../registry/settings.ts';
import type { AppContext } from '../../platform.ts';
import { requestActor } from '../audit.ts';

const RolloutBody = Type.Object(
  {
    stages: Type.Array(
      Type.Object(
        {
          office: Type.String({ enum: ['A', 'B', 'C', 'D'] }),
          releaseCodes: Type.Array(Type.String({ minLength: 1, maxLength: 4 }), { maxItems: 50 }),
          transportCategories: Type.Array(Type.Integer({ minimum: 1, maximum: 9 }), { maxItems: 9 }),
          from: Type.String({ format: 'date-time' }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 100 },
    ),
  },
  { additionalProperties: false },
);

const tags = ['settings'];

export default async function programmeRoutes(api: FastifyInstance, ctx: AppContext) {
  const view = async () => {
    const stored = await getSetting<Rollout>(ctx.db, ROLLOUT_KEY);
    return { ...(await getRollout(ctx.db)), updatedAt: stored?.updatedAt ?? null, updatedBy: stored?.updatedBy ?? null };
  };
  api.get('/settings/truck-eseal-rollout', { config: { auth: { roles: CUSTOMS_ROLES } }, schema: { tags, summary: 'Which offices, release codes and categories require truck e-seals' } }, view);
  api.put<{ Body: Static<typeof RolloutBody> }>(
    '/settings/truck-eseal-rollout',
    { config: { auth: { roles: ['customs_admin'] } }, schema: { tags, summary: 'Sets the staged rollout of truck e-seals (CN validation follows it)', body: RolloutBody } },
    async (req) => {
      const after: Rollout = { stages: req.body.stages.map((s) => ({ ...s, from: new Date(s.from).toISOString() })) };
      await ctx.inputs.transact(async (tx) => {
        const before = await getRollout(tx);
        await putSetting(tx, ROLLOUT_KEY, after, req.principal!.id);
        await recordAudit(tx, requestActor(req), { action: 'update', resource: 'settings', resourceId: ROLLOUT_KEY, before, after });
        return { result: null, inputs: [] };
      });
      return view();
    },
  );
}
