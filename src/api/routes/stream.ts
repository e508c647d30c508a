// GET /stream: a WebSocket pushing positions, trip changes and alerts as they are stored, scoped
// like the REST queries. Browsers cannot set headers on a WebSocket, so besides the bearer header
// and the session cookie the token may come as `?token=`.
import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { streamScopeOf } from '../../access/policy.ts';
import type { AppContext } from '../../platform.ts';
import { resolvePrincipal, SESSION_COOKIE } from '../plugins/auth.ts';
import { forbidden, unauthorized } from '../problem.ts';

function tokenOf(req: FastifyRequest<{ Querystring: { token?: string } }>): string | undefined {
  const h = req.headers.authorization;
  if (h && /^Bearer\s+/i.test(h)) return h.replace(/^Bearer\s+/i, '').trim();
  if (req.query.token) return req.query.token;
  return ((req as any).cookies?.[SESSION_COOKIE] as string | undefined) || undefined;
}

export default async function streamRoutes(api: FastifyInstance, ctx: AppContext) {
  const hub = ctx.services.stream;
  if (!hub) return;
  await api.register(websocket, { options: { maxPayload: 64 * 1024 } });

  api.get<{ Querystring: { token?: string } }>(
    '/stream',
    {
      websocket: true,
      config: { auth: false },
      schema: {
        tags: ['monitoring'],
        summary: 'WebSocket: {type: position|trip|alert|alertUpdated|alertCleared, at, data} as they happen',
        querystring: { type: 'object', properties: { token: { type: 'string', maxLength: 200 } } },
      },
      preValidation: async (req) => {
        const token = tokenOf(req);
        if (!token) throw unauthorized();
        req.principal = await resolvePrincipal(ctx, token, req.ip);
        if (!streamScopeOf(req.principal)) throw forbidden('A driver follows its own task in the field app, not the live stream');
      },
    },
    (socket, req) => {
      const p = req.principal!;
      const scope = streamScopeOf(p)!;
      hub.attach(socket, scope);
      // Subscribers only listen; anything they send is ignored.
      socket.on('message', () => undefined);
      socket.send(JSON.stringify({ type: 'hello', at: new Date().toISOString(), data: { companyUbn: p.companyUbn, all: scope.all } }));
    },
  );
}
