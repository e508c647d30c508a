// The procedure for each alert type (處置程序): read by whoever handles alerts, edited by the
// customs admin. Each change is audited in the transaction that makes it.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { CUSTOMS_ROLES, type Role } from '../../auth/roles.ts';
import { MAX_STEP_LENGTH, MAX_STEPS, getProcedure, listProcedures, resetProcedure, saveProcedure } from '../../alert-procedures/service.ts';
import type { AppContext } from '../../platform.ts';
import { audit } from '../audit.ts';

const Steps = Type.Array(Type.String({ minLength: 1, maxLength: MAX_STEP_LENGTH }), { minItems: 1, maxItems: MAX_STEPS });
const Body = Type.Object(
  { steps: Type.Object({ 'zh-TW': Steps, en: Steps }, { additionalProperties: false }) },
  {
    additionalProperties: false,
    examples: [{ steps: { 'zh-TW': ['致電駕駛確認狀況', '通知運輸業者'], en: ['Call the driver', 'Inform the transport company'] } }],
  },
);
const Params = Type.Object({ alertType: Type.String({ minLength: 1, maxLength: 64 }) });
const ProcedureSchema = Type.Object({
  alertType: Type.String(),
  steps: Type.Object({ 'zh-TW': Type.Array(Type.String()), en: Type.Array(Type.String()) }),
  builtIn: Type.Boolean(),
  updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
});

const tags = ['monitoring'];
const readers = { auth: { roles: CUSTOMS_ROLES } };
const admins = { auth: { roles: ['customs_admin'] as Role[] } };

export default async function alertProcedureRoutes(api: FastifyInstance, ctx: AppContext) {
  api.get(
    '/alert-procedures',
    { config: readers, schema: { tags, summary: 'The procedure for every alert type (customs)', response: { 200: Type.Array(ProcedureSchema) } } },
    async () => listProcedures(ctx.db),
  );

  api.get<{ Params: Static<typeof Params> }>(
    '/alert-procedures/:alertType',
    { config: readers, schema: { tags, summary: 'The procedure for one alert type (customs)', params: Params, response: { 200: ProcedureSchema } } },
    async (req) => getProcedure(ctx.db, req.params.alertType),
  );

  api.put<{ Params: Static<typeof Params>; Body: Static<typeof Body> }>(
    '/alert-procedures/:alertType',
    {
      config: admins,
      schema: { tags, summary: 'Replace the procedure for an alert type (customs admin)', params: Params, body: Body, response: { 200: ProcedureSchema } },
    },
    async (req) =>
      ctx.db.transaction(async (tx) => {
        const p = req.principal!;
        const { before, after } = await saveProcedure(tx, req.params.alertType, req.body.steps, `${p.kind}:${p.id}`);
        await audit(tx, req, { action: 'alert_procedure.update', resource: 'alert_procedure', resourceId: req.params.alertType, before, after });
        return after;
      }),
  );

  api.delete<{ Params: Static<typeof Params> }>(
    '/alert-procedures/:alertType',
    { config: admins, schema: { tags, summary: 'Return an alert type to its built-in procedure (customs admin)', params: Params, response: { 200: ProcedureSchema } } },
    async (req) =>
      ctx.db.transaction(async (tx) => {
        const { before, after } = await resetProcedure(tx, req.params.alertType);
        await audit(tx, req, { action: 'alert_procedure.reset', resource: 'alert_procedure', resourceId: req.params.alertType, before, after });
        return after;
      }),
  );
}
