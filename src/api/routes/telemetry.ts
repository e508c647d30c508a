// POST /telemetry: device reports over HTTP, one Telemetry or an array of up to 1000 (a device
// uploading what it buffered). Devices authenticate with their own credentials (Basic
// deviceId:secret) and may only report for themselves; systems with an API key of a supplier,
// fleet operator or customs admin may report for any device. Items are checked one by one: the
// valid ones are stored (202 only once they are durable) and each bad one is named, so one bad
// reading does not make a device resend its whole buffer forever.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hasRole, type Role } from '../../auth/roles.ts';
import { sha256 } from '../../auth/secrets.ts';
import { SEAL_STATES, type EngineInput } from '../../core/types.ts';
import { DeviceAuthenticator, parseBasic } from '../../gateways/http/device-auth.ts';
import { checkTelemetry, type FieldIssue } from '../../monitor/telemetry-check.ts';
import type { AppContext } from '../context.ts';
import { resolvePrincipal } from '../plugins/auth.ts';
import { forbidden, unauthorized, unprocessable } from '../problem.ts';

export const MAX_TELEMETRY_ITEMS = 1000;
const SYSTEM_ROLES: readonly Role[] = ['supplier', 'fleet_operator', 'customs_admin'];

const Seal = Type.Object({
  id: Type.String({ maxLength: 64 }),
  state: Type.Union(SEAL_STATES.map((s) => Type.Literal(s))),
  link: Type.Optional(Type.Union([Type.Literal('ok'), Type.Literal('lost')])),
  battery: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
});
export const TelemetrySchema = Type.Object(
  {
    deviceId: Type.String({ maxLength: 64 }),
    ts: Type.String({ format: 'date-time' }),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    speedKmh: Type.Optional(Type.Number({ minimum: 0 })),
    heading: Type.Optional(Type.Number({ minimum: 0, maximum: 360 })),
    hdop: Type.Optional(Type.Number({ minimum: 0 })),
    battery: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    rfidCard: Type.Optional(Type.String({ maxLength: 64 })),
    seals: Type.Optional(Type.Array(Seal, { maxItems: 32 })),
    state: Type.Optional(Type.Union(SEAL_STATES.map((s) => Type.Literal(s)))),
  },
  { description: 'A report from an OBU (position and the seals it sees) or a seal (its state)' },
);
const Body = Type.Union([TelemetrySchema, Type.Array(TelemetrySchema, { maxItems: MAX_TELEMETRY_ITEMS })]);

type Caller = { kind: 'device'; deviceId: string } | { kind: 'system' };

/**
 * Rate limits count per device (or per API key), not per address: many devices report from behind
 * one carrier NAT. Checked before authentication, so it is the claimed identity; a flood of made-up
 * ids still costs each one a failed credential check.
 */
function rateKey(req: FastifyRequest): string {
  const basicCreds = parseBasic(req.headers.authorization);
  if (basicCreds) return `device:${basicCreds.deviceId}`;
  const h = req.headers.authorization;
  if (h && /^Bearer\s+/i.test(h)) return `key:${sha256(h.replace(/^Bearer\s+/i, '').trim()).slice(0, 24)}`;
  return req.ip;
}

async function authenticate(ctx: AppContext, devices: DeviceAuthenticator, req: FastifyRequest): Promise<Caller> {
  const basic = parseBasic(req.headers.authorization);
  if (basic) {
    if (!(await devices.verify(basic))) throw unauthorized('Device credentials are not valid');
    return { kind: 'device', deviceId: basic.deviceId };
  }
  const h = req.headers.authorization;
  if (!h || !/^Bearer\s+/i.test(h)) throw unauthorized('Device credentials (Basic) or an API key are required');
  req.principal = await resolvePrincipal(ctx, h.replace(/^Bearer\s+/i, '').trim(), req.ip);
  if (!hasRole(req.principal, SYSTEM_ROLES)) throw forbidden(`This needs device credentials or one of the roles: ${SYSTEM_ROLES.join(', ')}`);
  return { kind: 'system' };
}

export default async function telemetryRoutes(api: FastifyInstance, ctx: AppContext) {
  const devices = new DeviceAuthenticator(ctx.db);

  api.post<{ Body: unknown }>(
    '/telemetry',
    {
      config: { auth: false, rateLimit: { max: 6000, timeWindow: '1 minute', keyGenerator: rateKey } },
      // The schema documents the body; the items are checked one by one below instead, so that
      // each bad item is named and the good ones are kept.
      validatorCompiler: () => () => true,
      schema: {
        tags: ['devices'],
        summary: 'Device reports: one Telemetry or an array of up to 1000',
        description: 'Authenticate as the device (`Authorization: Basic base64(deviceId:secret)`) or with an API key of a supplier, fleet operator or customs admin.',
        body: Body,
        response: {
          202: Type.Object({
            accepted: Type.Integer(),
            rejected: Type.Integer(),
            errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
          }),
        },
      },
    },
    async (req, reply) => {
      const caller = await authenticate(ctx, devices, req);
      const body = req.body;
      const items = Array.isArray(body) ? body : [body];
      const prefix = (i: number) => (Array.isArray(body) ? `/body/${i}` : '/body');
      if (Array.isArray(body) && body.length > MAX_TELEMETRY_ITEMS) {
        throw unprocessable([{ path: '/body', message: `must have at most ${MAX_TELEMETRY_ITEMS} items` }]);
      }
      if (items.length === 0) throw unprocessable([{ path: '/body', message: 'must have at least one report' }]);
      if (caller.kind === 'device') {
        for (const [i, item] of items.entries()) {
          if (item && typeof item === 'object' && !Array.isArray(item)) {
            const o = item as Record<string, unknown>;
            // A device may leave out its own id; it may not name another.
            if (o.deviceId === undefined) o.deviceId = caller.deviceId;
            else if (o.deviceId !== caller.deviceId) {
              throw forbidden(`${prefix(i)}/deviceId: device ${caller.deviceId} may only report for itself`);
            }
          }
        }
      }
      const inputs: EngineInput[] = [];
      const errors: FieldIssue[] = [];
      const received = { atMs: Date.now(), window: ctx.config.reportTimeWindow };
      const at = new Date(received.atMs).toISOString();
      items.forEach((item, i) => {
        const r = checkTelemetry(item, prefix(i), received);
        if (r.ok) inputs.push({ at, type: 'telemetry', data: r.value });
        else errors.push(...r.errors);
      });
      if (inputs.length === 0) throw unprocessable(errors, 'No report is valid');
      await ctx.inputs.submit(inputs);
      reply.status(202);
      return { accepted: inputs.length, rejected: items.length - inputs.length, ...(errors.length ? { errors } : {}) };
    },
  );
}
