// API keys for system-to-system access: per company, with roles and an optional IP allow-list.
// The key is shown once, at creation; only its SHA-256 is stored.
import { isIP } from 'node:net';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { MAX_RATE_PER_MIN, rateCapFor } from '../../auth/rate-limits.ts';
import { ROLES, isCustoms } from '../../auth/roles.ts';
import { newId, newSecret, sha256 } from '../../auth/secrets.ts';
import { audit } from '../audit.ts';
import type { AppContext } from '../context.ts';
import { FieldErrors, forbidden, notFound } from '../problem.ts';
import { mayGrant } from './users.ts';

const NewKey = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    companyUbn: Type.String({ maxLength: 8 }),
    roles: Type.Array(Type.Union(ROLES.map((r) => Type.Literal(r))), { minItems: 1, uniqueItems: true }),
    ipAllow: Type.Optional(Type.Array(Type.String({ maxLength: 50 }), { maxItems: 50 })),
    rateLimitPerMin: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_RATE_PER_MIN, description: 'Requests per minute; at most the cap of the key\'s roles' }),
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

const toJson = (r: any) => ({
  id: r.id,
  name: r.name,
  companyUbn: r.company_ubn,
  prefix: r.prefix,
  roles: r.roles,
  ipAllow: r.ip_allow,
  rateLimitPerMin: r.rate_limit_per_min ?? undefined,
  createdAt: r.created_at,
  revokedAt: r.revoked_at ?? undefined,
});

export default async function apiKeyRoutes(api: FastifyInstance, ctx: AppContext) {
  const managers = { auth: { roles: ['customs_admin', 'yard_operator', 'fleet_operator'] as const } };

  api.post<{ Body: NewKeyBody }>('/api-keys', { config: managers, schema: { tags: ['access'], body: NewKey } }, async (req, reply) => {
    const b = req.body;
    if (!mayGrant(req.principal!, b.companyUbn, b.roles)) throw forbidden('You may not create a key with these roles for this company');
    const errs = new FieldErrors();
    (b.ipAllow ?? []).forEach((e, i) => {
      if (!validCidr(e)) errs.add(`/body/ipAllow/${i}`, `"${e}" is not an IP address or CIDR range`);
    });
    const cap = rateCapFor(b.roles);
    if (b.rateLimitPerMin !== undefined && b.rateLimitPerMin > cap) {
      errs.add('/body/rateLimitPerMin', `must be at most ${cap} requests per minute for a key with roles ${b.roles.join(', ')}`);
    }
    if (!(await ctx.db.query('select 1 from companies where ubn = $1', [b.companyUbn])).length) {
      errs.add('/body/companyUbn', `no company ${b.companyUbn}`);
    }
    errs.throwIfAny();
    const key = newSecret('swk');
    const id = newId('key');
    const row = await ctx.db.transaction(async (tx) => {
      const [r] = await tx.query(
        `insert into api_keys (id, company_ubn, name, prefix, key_hash, roles, ip_allow, rate_limit_per_min)
         values ($1,$2,$3,$4,$5,$6,$7,$8) returning *`,
        [id, b.companyUbn, b.name, key.slice(0, 8), sha256(key), b.roles, b.ipAllow ?? [], b.rateLimitPerMin ?? null],
      );
      await audit(tx, req, { action: 'create', resource: 'api_key', resourceId: id, after: toJson(r) });
      return r;
    });
    reply.status(201);
    return { ...toJson(row), key };
  });

  api.get('/api-keys', { config: managers, schema: { tags: ['access'] } }, async (req) => {
    const p = req.principal!;
    const rows = isCustoms(p)
      ? await ctx.db.query('select * from api_keys order by created_at')
      : await ctx.db.query('select * from api_keys where company_ubn = $1 order by created_at', [p.companyUbn]);
    return rows.map(toJson);
  });

  api.delete<{ Params: { id: string } }>('/api-keys/:id', { config: managers, schema: { tags: ['access'] } }, async (req) => {
    const p = req.principal!;
    const [row] = await ctx.db.query('select * from api_keys where id = $1', [req.params.id]);
    if (!row || (!isCustoms(p) && row.company_ubn !== p.companyUbn)) throw notFound(`API key ${req.params.id}`);
    const after = await ctx.db.transaction(async (tx) => {
      const [r] = await tx.query('update api_keys set revoked_at = coalesce(revoked_at, now()) where id = $1 returning *', [req.params.id]);
      await audit(tx, req, { action: 'revoke', resource: 'api_key', resourceId: req.params.id, before: toJson(row), after: toJson(r) });
      return r;
    });
    return toJson(after);
  });
}
