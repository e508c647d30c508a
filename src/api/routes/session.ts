// People log in with a password and get a session (cookie, or a bearer token for apps), and change
// their own password. Failed logins slow down per account (src/auth/login-throttle.ts) as well as
// per address (the route's rate limit); an unknown username costs the same hash as a known one.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { LoginThrottle } from '../../auth/login-throttle.ts';
import { endSessions } from '../../auth/sessions.ts';
import { PASSWORD_RULES, dummyPasswordHash, newSecret, passwords, sha256 } from '../../auth/secrets.ts';
import { ROLES } from '../../auth/roles.ts';
import { audit } from '../audit.ts';
import type { AppContext } from '../../platform.ts';
import { SESSION_COOKIE, bearer } from '../plugins/auth.ts';
import { forbidden, tooManyRequests, unauthorized, unprocessable } from '../problem.ts';
import { Timestamp } from '../schemas.ts';

const SESSION_HOURS = 12;

const Login = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 100 }), password: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

const PasswordChange = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 200 }), newPassword: Type.String(PASSWORD_RULES) },
  { additionalProperties: false },
);

const RoleList = Type.Array(Type.String({ enum: [...ROLES] }));
const LoggedIn = Type.Object({
  token: Type.String({ description: 'Bearer token for apps; browsers use the session cookie set beside it' }),
  expiresAt: Timestamp(),
  user: Type.Object({
    id: Type.String(),
    username: Type.String(),
    name: Type.String(),
    companyUbn: Type.String(),
    roles: RoleList,
    storageCodes: Type.Array(Type.String()),
  }),
});
/** Who the caller is: a person logged in, or an API key. */
const PrincipalSchema = Type.Object({
  kind: Type.String({ enum: ['user', 'key'] }),
  id: Type.String(),
  name: Type.String(),
  companyUbn: Type.String(),
  roles: RoleList,
  storageCodes: Type.Array(Type.String(), { description: 'Responsible persons: the storage codes they may confirm sealing for' }),
});
const Ok = Type.Object({ ok: Type.Literal(true) });
const PasswordChanged = Type.Object({
  ok: Type.Literal(true),
  endedSessions: Type.Integer({ minimum: 0, description: 'How many of my other sessions were ended' }),
});

const throttled = (ip: string, wait: number) => tooManyRequests(`Too many failed attempts on this account from ${ip}; try again in ${wait} s`, wait);

export default async function sessionRoutes(api: FastifyInstance, ctx: AppContext) {
  const throttle = ctx.services.loginThrottle ?? new LoginThrottle();
  // Made now, so that not even the first unknown username waits for it to be made.
  void dummyPasswordHash();

  api.post<{ Body: { username: string; password: string } }>(
    '/auth/login',
    {
      config: { auth: false, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: 'Log in with a password', body: Login, security: [], response: { 200: LoggedIn } },
    },
    async (req, reply) => {
      const { username, password } = req.body;
      const wait = throttle.waitSeconds(username, req.ip);
      if (wait > 0) throw throttled(req.ip, wait);
      const [user] = await ctx.db.query(
        'select id, name, username, company_ubn, roles, storage_codes, password_hash, disabled from users where username = $1',
        [username],
      );
      // Always one hash check, whether the username exists or not, so the time taken does not tell.
      const right = await passwords.verify(password, user?.password_hash ?? (await dummyPasswordHash()));
      if (!user || user.disabled || !right) {
        throttle.failed(username, req.ip);
        throw unauthorized('Username or password is wrong');
      }
      throttle.succeeded(username, req.ip);
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

  api.post('/auth/logout', { schema: { tags: ['auth'], summary: 'End this session', response: { 200: Ok } } }, async (req, reply) => {
    const token = req.headers.authorization?.replace(/^Bearer\s+/i, '') ?? (req.cookies as any)?.[SESSION_COOKIE];
    if (token?.startsWith('sws_')) await ctx.db.query('delete from sessions where token_hash = $1', [sha256(token)]);
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: req.protocol === 'https' });
    return { ok: true };
  });

  // The session that proves the current password stays; every other session of the person ends.
  api.post<{ Body: Static<typeof PasswordChange> }>(
    '/auth/password',
    { schema: { tags: ['auth'], summary: 'Change my own password (ends my other sessions)', body: PasswordChange, response: { 200: PasswordChanged } } },
    async (req) => {
      const p = req.principal!;
      if (p.kind !== 'user') throw forbidden('Only a person logged in with a password can change it', 'person.only');
      const [user] = await ctx.db.query('select id, username, password_hash from users where id = $1', [p.id]);
      const wait = throttle.waitSeconds(user.username, req.ip);
      if (wait > 0) throw throttled(req.ip, wait);
      const { currentPassword, newPassword } = req.body;
      if (!(await passwords.verify(currentPassword, user.password_hash))) {
        throttle.failed(user.username, req.ip);
        throw unprocessable([{ path: '/body/currentPassword', message: 'is not your current password', code: 'password.wrong_current' }]);
      }
      if (newPassword === currentPassword) {
        throw unprocessable([{ path: '/body/newPassword', message: 'must differ from the current password', code: 'password.unchanged' }]);
      }
      const hash = await passwords.hash(newPassword);
      const current = bearer(req);
      const ended = await ctx.db.transaction(async (tx) => {
        await tx.query('update users set password_hash = $2 where id = $1', [user.id, hash]);
        const n = await endSessions(tx, user.id, current ? sha256(current) : undefined);
        await audit(tx, req, { action: 'change_password', resource: 'user', resourceId: user.id, after: { endedSessions: n } });
        return n;
      });
      return { ok: true, endedSessions: ended };
    },
  );

  api.get('/auth/me', { schema: { tags: ['auth'], summary: 'Who am I: my account or API key, company and roles', response: { 200: PrincipalSchema } } }, async (req) => req.principal);
}
