// POST /telemetry: device reports over HTTP, one Telemetry or an array of up to 1000 (a device
// uploading what it buffered). Devices authenticate with their own credentials (Basic
// deviceId:secret) and may only report for themselves; a gateway relaying for devices uses an API
// key (of a supplier, fleet operator or customs admin) scoped to named devices and may only report
// for those. A person's session, or an ordinary key, reports for no device: otherwise any fleet's
// login could feed another fleet's trips. Items are checked one by one: the valid ones for covered
// devices are stored (202 only once they are durable) and each refused or bad one is named, so one
// bad reading does not make a device resend its whole buffer forever.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hasRole, type Role } from '../../auth/roles.ts';
import { sha256 } from '../../auth/secrets.ts';
import { SEAL_STATES } from '../../core/types.ts';
import { DeviceAuthenticator, gatewayDevices, parseBasic, refusal, type ReportScope } from '../../gateways/http/device-auth.ts';
import { checkTelemetry } from '../../monitor/telemetry-check.ts';
import type { AppContext, NewInput } from '../../platform.ts';
import { resolvePrincipal } from '../plugins/auth.ts';
import { FieldErrorSchema } from './transport-notes.ts';
import { Problem, forbidden, unauthorized, unprocessable, type FieldError } from '../problem.ts';

export const MAX_TELEMETRY_ITEMS = 1000;
const GATEWAY_ROLES: readonly Role[] = ['supplier', 'fleet_operator', 'customs_admin'];

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

async function authenticate(ctx: AppContext, devices: DeviceAuthenticator, req: FastifyRequest): Promise<ReportScope> {
  const basic = parseBasic(req.headers.authorization);
  if (basic) {
    if (!(await devices.verify(basic))) {
      // As the MQTT gateway logs its refusals; the request's logger keeps the request id.
      req.log.child({ component: 'http-telemetry' }).warn({ deviceId: basic.deviceId }, 'http: device credentials refused');
      throw unauthorized('Device credentials are not valid');
    }
    return { kind: 'device', deviceId: basic.deviceId };
  }
  const h = req.headers.authorization;
  if (!h || !/^Bearer\s+/i.test(h)) throw unauthorized('Device credentials (Basic) or a gateway API key are required');
  const p = (req.principal = await resolvePrincipal(ctx, h.replace(/^Bearer\s+/i, '').trim(), req.ip));
  if (p.kind !== 'key') throw forbidden('Reports need the device\'s own credentials or a gateway API key scoped to the device, not a session');
  if (!hasRole(p, GATEWAY_ROLES)) throw forbidden(`This needs device credentials or a gateway API key of one of the roles: ${GATEWAY_ROLES.join(', ')}`);
  const scoped = await gatewayDevices(ctx.db, p.id);
  if (scoped.size === 0) {
    throw forbidden(`API key ${p.id} is not scoped to any device: reports need the device's own credentials or a gateway key scoped to it`);
  }
  return { kind: 'gateway', keyId: p.id, devices: scoped };
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

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
        summary: 'Device reports: one Telemetry or an array of up to 1000 (the device, or a gateway key scoped to it)',
        description:
          'Authenticate as the device (`Authorization: Basic base64(deviceId:secret)`; it reports for itself only) or with a gateway API key ' +
          'of a supplier, fleet operator or customs admin scoped to devices (`devices` at key creation; it reports for those only). ' +
          'A report for a device the credentials do not cover is refused and named in `errors`; the others are kept.',
        body: Body,
        response: {
          202: Type.Object({
            accepted: Type.Integer({ description: 'Reports stored' }),
            rejected: Type.Integer({ description: 'Reports refused or not valid, each named in errors' }),
            errors: Type.Optional(Type.Array(FieldErrorSchema)),
          }),
        },
      },
    },
    async (req, reply) => {
      const scope = await authenticate(ctx, devices, req);
      const body = req.body;
      const items = Array.isArray(body) ? body : [body];
      const prefix = (i: number) => (Array.isArray(body) ? `/body/${i}` : '/body');
      if (Array.isArray(body) && body.length > MAX_TELEMETRY_ITEMS) {
        throw unprocessable([{ path: '/body', message: `must have at most ${MAX_TELEMETRY_ITEMS} items`, code: 'array.too_long', params: { limit: MAX_TELEMETRY_ITEMS } }]);
      }
      if (items.length === 0) throw unprocessable([{ path: '/body', message: 'must have at least one report', code: 'array.too_short', params: { limit: 1 } }]);
      const inputs: NewInput[] = [];
      const errors: FieldError[] = [];
      const received = { atMs: Date.now(), window: ctx.config.reportTimeWindow };
      let refused = 0;
      items.forEach((item, i) => {
        // A device may leave out its own id.
        if (scope.kind === 'device' && isObject(item) && item.deviceId === undefined) item.deviceId = scope.deviceId;
        const deviceId = isObject(item) ? item.deviceId : undefined;
        const why = typeof deviceId === 'string' ? refusal(scope, deviceId) : null;
        if (why !== null) {
          refused++;
          errors.push({ path: `${prefix(i)}/deviceId`, message: why, code: 'device.not_yours', params: { id: deviceId as string } });
          return;
        }
        const r = checkTelemetry(item, prefix(i), received);
        if (r.ok) inputs.push({ type: 'telemetry', data: r.value });
        else errors.push(...r.errors);
      });
      if (inputs.length === 0 && refused > 0) {
        throw new Problem(403, 'Forbidden', 'No report is for a device these credentials may report for', errors);
      }
      if (inputs.length === 0) throw unprocessable(errors, 'No report is valid');
      await ctx.inputs.submit(inputs);
      reply.status(202);
      return { accepted: inputs.length, rejected: items.length - inputs.length, ...(errors.length ? { errors } : {}) };
    },
  );
}
