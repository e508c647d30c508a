// People log in with a password and get a session (cookie, or a bearer token for apps).
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { newSecret, sha256, verifyPassword } from '../../auth/secrets.ts';
import { audit } from '../audit.ts';
import type { AppContext } from '../context.ts';
import { SESSION_COOKIE } from '../plugins/auth.ts';
import { unauthorized } from '../problem.ts';

const SESSION_HOURS = 12;

const Login = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 100 }), password: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

export default async function sessionRoutes(api: FastifyInstance, ctx: AppContext) {
  api.post<{ Body: { username: string; password: string } }>(
    '/auth/login',
    {
      config: { auth: false, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: 'Log in with a password', body: Login, security: [] },
    },
    async (req, reply) => {
      const [user] = await ctx.db.query(
        'select id, name, username, company_ubn, roles, storage_codes, password_hash, disabled from users where username = $1',
        [req.body.username],
      );
      if (!user || user.disabled || !(await verifyPassword(req.body.password, user.password_hash))) {
        throw unauthorized('Username or password is wrong');
      }
      const token = newSecret('sws');
      const expires = new Date(Date.now() + SESSION_HOURS * 3600_000);
      await ctx.db.query('insert into sessions (token_hash, user_id, ip, expires_at) values ($1,$2,$3,$4)', [
        sha256(token),
        user.id,
        req.ip,
        expires,
      ]);
      req.principal = { kind: 'user', id: user.id, name: user.name, companyUbn: user.company_ubn, roles: user.roles, storageCodes: user.storage_codes };
      await audit(ctx.db, req, { action: 'login', resource: 'session', resourceId: user.id });
      // Secure over TLS (directly, or X-Forwarded-Proto from a proxy TRUST_PROXY names); plain HTTP
      // on a closed network must still be able to log in.
      reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure: req.protocol === 'https', expires });
      return {
        token,
        expiresAt: expires.toISOString(),
        user: { id: user.id, username: user.username, name: user.name, companyUbn: user.company_ubn, roles: user.roles, storageCodes: user.storage_codes },
      };
    },
  );

  api.post('/auth/logout', { schema: { tags: ['auth'], summary: 'End this session' } }, async (req, reply) => {
    const token = req.headers.authorization?.replace(/^Bearer\s+/i, '') ?? (req.cookies as any)?.[SESSION_COOKIE];
    if (token?.startsWith('sws_')) await ctx.db.query('delete from sessions where token_hash = $1', [sha256(token)]);
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: req.protocol === 'https' });
    return { ok: true };
  });

  api.get('/auth/me', { schema: { tags: ['auth'], summary: 'Who am I' } }, async (req) => req.principal);
}
