// API keys for system-to-system access: per company, with roles and an optional IP allow-list.
// The key is shown once, at creation; only its SHA-256 is stored. A gateway relaying device reports
// gets a key scoped to named devices (`devices`): of the key's own company, unless a customs admin
// says otherwise; only such a key may post telemetry, and only for those devices.
import { isIP } from 'node:net';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { MAX_RATE_PER_MIN, rateCapFor } from '../../auth/rate-limits.ts';
import { ROLES } from '../../auth/roles.ts';
import { isCustomsAdmin, mayReadOwned, ownedWhere } from '../../access/policy.ts';
import { newId, newSecret, sha256 } from '../../auth/secrets.ts';
import { audit } from '../audit.ts';
import { verifiedKeysOf } from '../plugins/auth.ts';
import type { AppContext } from '../../platform.ts';
import { FieldErrors, forbidden, notFound } from '../problem.ts';
import { mayGrant } from './users.ts';
import { Timestamp } from '../schemas.ts';

const MAX_KEY_DEVICES = 10_000;

const NewKey = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    companyUbn: Type.String({ maxLength: 8 }),
    roles: Type.Array(Type.Union(ROLES.map((r) => Type.Literal(r))), { minItems: 1, uniqueItems: true }),
    ipAllow: Type.Optional(Type.Array(Type.String({ maxLength: 50 }), { maxItems: 50 })),
    rateLimitPerMin: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_RATE_PER_MIN, description: 'Requests per minute; at most the cap of the key\'s roles' }),
    ),
    devices: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
        maxItems: MAX_KEY_DEVICES,
        uniqueItems: true,
        description: 'The devices a gateway may post telemetry for with this key (none: the key posts no telemetry)',
      }),
    ),
  },
  { additionalProperties: false },
);
type NewKeyBody = Static<typeof NewKey>;

export function validCidr(entry: string): boolean {
  const [addr, bits, extra] = entry.split('/');
  if (extra !== undefined) return false;
  const v = isIP(addr);
  if (!v) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return Number.isInteger(n) && n >= 0 && n <= (v === 4 ? 32 : 128);
}

/** A key as the API answers it: never the key itself, except once at creation. */
const ApiKeySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  companyUbn: Type.String(),
  prefix: Type.String({ description: 'The first characters of the key, to tell keys apart' }),
  roles: Type.Array(Type.String({ enum: [...ROLES] })),
  ipAllow: Type.Array(Type.String(), { description: 'Addresses and CIDR ranges the key is accepted from (empty: any)' }),
  rateLimitPerMin: Type.Optional(Type.Integer({ description: "Requests per minute (absent: the cap of the key's roles)" })),
  devices: Type.Array(Type.String(), { description: 'The devices a gateway may post telemetry for with this key' }),
  createdAt: Timestamp(),
  revokedAt: Type.Optional(Timestamp({ description: 'When the key was revoked (absent: in force)' })),
});
const NewApiKeySchema = Type.Composite([ApiKeySchema, Type.Object({ key: Type.String({ description: 'The key: shown this once, never again' }) })]);

const toJson = (r: any) => ({
  id: r.id,
  name: r.name,
  companyUbn: r.company_ubn,
  prefix: r.prefix,
  roles: r.roles,
  ipAllow: r.ip_allow,
  rateLimitPerMin: r.rate_limit_per_min ?? undefined,
  devices: r.devices ?? [],
  createdAt: r.created_at,
  revokedAt: r.revoked_at ?? undefined,
});

/** Each device a key is scoped to is registered and, unless `ownerUbn` is null (customs), owned by that company. */
async function checkKeyDevices(ctx: AppContext, ids: string[], ownerUbn: string | null, errs: FieldErrors): Promise<void> {
  if (ids.length === 0) return;
  const rows = await ctx.db.query<{ id: string; owner_ubn: string | null }>('select id, owner_ubn from devices where id = any($1)', [ids]);
  const owner = new Map(rows.map((r) => [r.id, r.owner_ubn]));
  ids.forEach((id, i) => {
    if (!owner.has(id)) errs.add(`/body/devices/${i}`, `no device ${id} is registered`, 'device.unknown', { id });
    else if (ownerUbn !== null && owner.get(id) !== ownerUbn) errs.add(`/body/devices/${i}`, `device ${id} is not owned by company ${ownerUbn}`, 'device.not_owned', { id, ubn: ownerUbn });
  });
}

export default async function apiKeyRoutes(api: FastifyInstance, ctx: AppContext) {
  const managers = { auth: { roles: ['customs_admin', 'yard_operator', 'fleet_operator'] as const } };

  const createSchema = {
    tags: ['access'],
    summary: 'Create an API key, shown once (customs admin; a yard or fleet operator for its own company)',
    body: NewKey,
    response: { 201: NewApiKeySchema },
  };
  api.post<{ Body: NewKeyBody }>('/api-keys', { config: managers, schema: createSchema }, async (req, reply) => {
    const b = req.body;
    if (!mayGrant(req.principal!, b.companyUbn, b.roles)) throw forbidden('You may not create a key with these roles for this company', 'role.grant');
    const errs = new FieldErrors();
    (b.ipAllow ?? []).forEach((e, i) => {
      if (!validCidr(e)) errs.add(`/body/ipAllow/${i}`, `"${e}" is not an IP address or CIDR range`, 'ip.cidr', { value: e });
    });
    const cap = rateCapFor(b.roles);
    if (b.rateLimitPerMin !== undefined && b.rateLimitPerMin > cap) {
      errs.add('/body/rateLimitPerMin', `must be at most ${cap} requests per minute for a key with roles ${b.roles.join(', ')}`, 'key.rate_limit', { limit: cap, roles: b.roles.join(', ') });
    }
    if (!(await ctx.db.query('select 1 from companies where ubn = $1', [b.companyUbn])).length) {
      errs.add('/body/companyUbn', `no company ${b.companyUbn}`, 'company.unknown', { ubn: b.companyUbn });
    }
    await checkKeyDevices(ctx, b.devices ?? [], isCustomsAdmin(req.principal!) ? null : b.companyUbn, errs);
    errs.throwIfAny();
    const key = newSecret('swk');
    const id = newId('key');
    const row = await ctx.db.transaction(async (tx) => {
      const [r] = await tx.query(
        `insert into api_keys (id, company_ubn, name, prefix, key_hash, roles, ip_allow, rate_limit_per_min, devices)
         values ($1,$2,$3,$4,$5,$6,$7,$8,$9) returning *`,
        [id, b.companyUbn, b.name, key.slice(0, 8), sha256(key), b.roles, b.ipAllow ?? [], b.rateLimitPerMin ?? null, b.devices ?? []],
      );
      await audit(tx, req, { action: 'create', resource: 'api_key', resourceId: id, after: toJson(r) });
      return r;
    });
    reply.status(201);
    return { ...toJson(row), key };
  });

  const listSchema = {
    tags: ['access'],
    summary: "API keys, oldest first (customs admin: all; a yard or fleet operator: its company's)",
    response: { 200: Type.Array(ApiKeySchema) },
  };
  api.get('/api-keys', { config: managers, schema: listSchema }, async (req) => {
    const p = req.principal!;
    const params: unknown[] = [];
    const own = ownedWhere(p, 'k', params);
    const rows = await ctx.db.query(`select * from api_keys k ${own ? `where ${own}` : ''} order by created_at`, params);
    return rows.map(toJson);
  });

  const revokeSchema = { tags: ['access'], summary: 'Revoke an API key (at once on this server)', response: { 200: ApiKeySchema } };
  api.delete<{ Params: { id: string } }>('/api-keys/:id', { config: managers, schema: revokeSchema }, async (req) => {
    const p = req.principal!;
    const [row] = await ctx.db.query('select * from api_keys where id = $1', [req.params.id]);
    if (!row || !mayReadOwned(p, row.company_ubn)) throw notFound(`API key ${req.params.id}`, 'api_key', req.params.id);
    const after = await ctx.db.transaction(async (tx) => {
      const [r] = await tx.query('update api_keys set revoked_at = coalesce(revoked_at, now()) where id = $1 returning *', [req.params.id]);
      await audit(tx, req, { action: 'revoke', resource: 'api_key', resourceId: req.params.id, before: toJson(row), after: toJson(r) });
      return r;
    });
    // Forgotten at once by this server (others honour it when their cache entry expires).
    verifiedKeysOf(ctx).revoke(req.params.id);
    return toJson(after);
  });
}
