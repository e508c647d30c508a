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
import { Nullable, Timestamp } from '../schemas.ts';

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
  {
    additionalProperties: false,
    examples: [{ stages: [{ office: 'C', releaseCodes: ['1', 'B'], transportCategories: [], from: '2026-01-01T00:00:00+08:00' }] }],
  },
);

/** The setting as customs reads it: the stages (none until an admin sets them) and who set it last, when. */
const RolloutSchema = Type.Object({
  stages: Type.Array(
    Type.Object({
      office: Type.String({ description: 'Customs office letter: A Keelung, B Kaohsiung, C Taipei, D Taichung' }),
      releaseCodes: Type.Array(Type.String(), { description: 'Release codes it applies to; empty: every code, and notes without one' }),
      transportCategories: Type.Array(Type.Integer(), { description: 'Transport categories it applies to; empty: every category' }),
      from: Timestamp({ description: 'From when (inclusive)' }),
    }),
  ),
  updatedAt: Nullable(Timestamp({ description: 'Null while the rollout was never set' })),
  updatedBy: Nullable(Type.String()),
});

const tags = ['settings'];

export default async function programmeRoutes(api: FastifyInstance, ctx: AppContext) {
  const view = async () => {
    const stored = await getSetting<Rollout>(ctx.db, ROLLOUT_KEY);
    return { ...(await getRollout(ctx.db)), updatedAt: stored?.updatedAt ?? null, updatedBy: stored?.updatedBy ?? null };
  };
  api.get(
    '/settings/truck-eseal-rollout',
    { config: { auth: { roles: CUSTOMS_ROLES } }, schema: { tags, summary: 'Which offices, release codes and categories require truck e-seals (customs)', response: { 200: RolloutSchema } } },
    view,
  );
  api.put<{ Body: Static<typeof RolloutBody> }>(
    '/settings/truck-eseal-rollout',
    {
      config: { auth: { roles: ['customs_admin'] } },
      schema: { tags, summary: 'Set the staged rollout of truck e-seals; CN validation follows it (customs admin)', body: RolloutBody, response: { 200: RolloutSchema } },
    },
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
