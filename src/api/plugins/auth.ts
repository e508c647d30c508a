// Authentication (API keys and people's sessions) and role checks, for every route by default.
// A route opts out with `config: { auth: false }` or narrows with `config: { auth: { roles } }`.
import { BlockList, isIP } from 'node:net';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal, Role } from '../../auth/roles.ts';
import { hasRole } from '../../auth/roles.ts';
import { AddressFailures } from '../../auth/address-failures.ts';
import { VerifiedKeys } from '../../auth/key-cache.ts';
import { sha256 } from '../../auth/secrets.ts';
import type { AppContext } from '../../platform.ts';
import { Problem, forbidden, tooManyRequests, unauthorized } from '../problem.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    auth?: false | { roles?: readonly Role[] };
  }
}

export const SESSION_COOKIE = 'sw_session';

export function ipAllowed(ip: string, allow: string[]): boolean {
  if (allow.length === 0) return true;
  const list = new BlockList();
  const plain = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  for (const entry of allow) {
    const [addr, bits] = entry.split('/');
    const type = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
    if (bits !== undefined) list.addSubnet(addr, Number(bits), type);
    else list.addAddress(addr, type);
  }
  const type = isIP(plain) === 6 ? 'ipv6' : 'ipv4';
  return list.check(plain, type);
}

/** The API key or session token a request presents, from the Authorization header or the session cookie. */
export function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (h && /^Bearer\s+/i.test(h)) return h.replace(/^Bearer\s+/i, '').trim();
  const cookie = (req as any).cookies?.[SESSION_COOKIE] as string | undefined;
  return cookie || undefined;
}

/** Bad credentials per address, one count per app (a test's app does not share another's). */
const failuresByApp = new WeakMap<AppContext, AddressFailures>();
function addressFailures(ctx: AppContext): AddressFailures {
  let f = failuresByApp.get(ctx);
  if (!f) failuresByApp.set(ctx, (f = ctx.services.addressFailures ?? new AddressFailures()));
  return f;
}

/** Keys verified a few seconds ago, per app (see src/auth/key-cache.ts for how revocation is honoured). */
const keysByApp = new WeakMap<AppContext, VerifiedKeys>();
export function verifiedKeysOf(ctx: AppContext): VerifiedKeys {
  let k = keysByApp.get(ctx);
  if (!k) keysByApp.set(ctx, (k = new VerifiedKeys()));
  return k;
}
/** Uses `keys` as the app's cache of verified keys (a test's clock, or a TTL of 0 to turn it off). */
export function useVerifiedKeys(ctx: AppContext, keys: VerifiedKeys): void {
  keysByApp.set(ctx, keys);
}

/** Who presents this token; 401 when it is not valid, 429 once an address has presented too many that were not. */
export async function resolvePrincipal(ctx: AppContext, token: string, ip: string): Promise<Principal> {
  const failures = addressFailures(ctx);
  const wait = failures.waitSeconds(ip);
  if (wait > 0) throw tooManyRequests(`Too many invalid credentials from ${ip}; try again in ${wait} s`, wait);
  try {
    return await principalOf(ctx, token, ip);
  } catch (err) {
    if (err instanceof Problem && err.status === 401) failures.failed(ip);
    throw err;
  }
}

/**
 * Session tokens always start with `sws_`; anything else is looked up as an API key (ours start
 * with `swk_`, but SEALWATCH_ADMIN_KEY may have any shape). An `sws_` token that is no session is
 * tried as a key too, so that an admin key of that shape still works. One indexed lookup each
 * for keys and sessions.
 */
async function principalOf(ctx: AppContext, token: string, ip: string): Promise<Principal> {
  const hash = sha256(token);
  if (!token.startsWith('sws_')) return keyPrincipal(ctx, hash, ip, 'API key is not valid');
  const [row] = await ctx.db.query(
    `select u.id, u.name, u.company_ubn, u.roles, u.storage_codes from sessions s join users u on u.id = s.user_id
     where s.token_hash = $1 and s.expires_at > now() and not u.disabled`,
    [hash],
  );
  if (!row) return keyPrincipal(ctx, hash, ip, 'Session is not valid or has expired');
  return {
    kind: 'user',
    id: row.id,
    name: row.name,
    companyUbn: row.company_ubn,
    roles: row.roles,
    storageCodes: row.storage_codes ?? [],
  };
}

/**
 * The API key whose hash is `hash`; 401 with `invalid` when there is none. A key verified in the
 * last few seconds is taken from memory; its address list is checked on every request all the same.
 */
async function keyPrincipal(ctx: AppContext, hash: string, ip: string, invalid: string): Promise<Principal> {
  const keys = verifiedKeysOf(ctx);
  let verified = keys.get(hash);
  if (verified === undefined) {
    const [key] = await ctx.db.query(
      `select id, company_ubn, name, roles, ip_allow from api_keys where key_hash = $1 and revoked_at is null`,
      [hash],
    );
    if (!key) throw unauthorized(invalid);
    verified = {
      principal: { kind: 'key', id: key.id, name: key.name, companyUbn: key.company_ubn, roles: key.roles, storageCodes: [] },
      ipAllow: key.ip_allow ?? [],
    };
    keys.remember(hash, verified);
  }
  if (!ipAllowed(ip, verified.ipAllow)) throw forbidden(`API key is not allowed from ${ip}`, 'key.address_forbidden', { ip });
  return { ...verified.principal, roles: [...verified.principal.roles] };
}

export const DOCS_PREFIX = '/api/docs';

async function authPlugin(app: FastifyInstance, opts: { ctx: AppContext }) {
  app.decorateRequest('principal', undefined);
  app.addHook('preValidation', async (req) => {
    const auth = req.routeOptions.config?.auth;
    if (auth === false) return;
    if (!req.routeOptions.url) return; // 404s are answered as such
    // The API documentation is public, like /api/openapi.json; its routes belong to @fastify/swagger-ui.
    if (req.routeOptions.url === DOCS_PREFIX || req.routeOptions.url.startsWith(`${DOCS_PREFIX}/`)) return;
    const token = bearer(req);
    if (!token) throw unauthorized();
    req.principal = await resolvePrincipal(opts.ctx, token, req.ip);
    if (auth?.roles && !hasRole(req.principal, auth.roles)) {
      throw forbidden(`This needs one of the roles: ${auth.roles.join(', ')}`, 'role.forbidden', { roles: auth.roles.join(', ') });
    }
  });
}

export default fp(authPlugin, { name: 'sealwatch-auth' });
