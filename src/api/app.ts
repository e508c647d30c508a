// The HTTP API: Fastify with JSON schemas per route (the validation and the OpenAPI document at
// once), problem details for every error, authentication on every route, rate limits per caller.
import { STATUS_CODES } from 'node:http';
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { DEFAULT_RATE_PER_MIN, rateCapFor } from '../auth/rate-limits.ts';
import type { Role } from '../auth/roles.ts';
import type { AppContext } from '../platform.ts';
import { loggerOptions } from './log-redaction.ts';
import { registerResponseCheck, ResponseMismatch } from './response-check.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import authPlugin, { DOCS_PREFIX } from './plugins/auth.ts';
import textInput from './plugins/text-input.ts';
import { Problem, domainProblem, type FieldError } from './problem.ts';
import { DomainError } from '../core/errors.ts';
import { ajvCode } from '../core/error-codes.ts';
import { registerRoutes } from './routes/index.ts';
import { schemaController } from './validation.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { createMetrics } from '../ops/metrics.ts';

export interface BuildOptions {
  logger?: boolean | object;
  /** Requests per minute per API key, session or address, unless the key sets its own (within its roles' cap). */
  rateLimitPerMin?: number;
}

/** TRUST_PROXY for Fastify: a hop count becomes "trust the nearest n addresses", as proxy-addr reads it. */
function trustProxyOption(v: boolean | number | string): boolean | string | ((address: string, hop: number) => boolean) {
  return typeof v === 'number' ? (_address, hop) => hop < v : v;
}

function validationErrors(err: FastifyError): FieldError[] {
  const where = err.validationContext ?? 'body';
  return (err.validation ?? []).map((v: any) => {
    let path = `/${where}${v.instancePath ?? ''}`;
    if (v.keyword === 'required') path += `/${v.params.missingProperty}`;
    if (v.keyword === 'additionalProperties') path += `/${v.params.additionalProperty}`;
    return { path, message: v.message ?? v.keyword, ...ajvCode(v.keyword, v.params) };
  });
}

/** The live stream, for the OpenAPI document (a WebSocket upgrade on GET). */
const STREAM_PATH = {
  get: {
    tags: ['monitoring'],
    summary: 'WebSocket: live positions, trip changes and alerts',
    description:
      'Upgrade to a WebSocket. Messages are JSON `{type, at, data}` with type `hello`, `position`, `trip`, `alert`, ' +
      '`alertUpdated` (an open alert learnt more, e.g. another seal of the same tampering: its whole `detail` and `status`) or ' +
      '`alertCleared`, as they are stored, scoped like the REST queries (customs: everything; a company: what concerns it). ' +
      'A slow client is sent the latest position per vehicle rather than every one. Browsers, which cannot set headers on ' +
      'a WebSocket, may pass the token as `?token=`.',
    parameters: [{ name: 'token', in: 'query', required: false, schema: { type: 'string', maxLength: 200 }, description: 'API key or session token' }],
    responses: { '101': { description: 'Switching to the WebSocket protocol' }, '401': { description: 'No or bad credentials' } },
  },
};

/** RFC 9110's names where Node's STATUS_CODES keeps older ones. */
const TITLES: Record<number, string> = { 413: 'Content Too Large', 422: 'Unprocessable Content' };
const titleOf = (status: number): string => TITLES[status] ?? STATUS_CODES[status] ?? 'Bad Request';

/** PostgreSQL's "data exception" class (22xxx): a value it cannot store, e.g. a NUL in text or year 0. */
const isDataException = (err: unknown) => typeof (err as { code?: unknown }).code === 'string' && /^22[0-9A-Z]{3}$/.test((err as { code: string }).code);

/** The problem an error thrown while handling a request is answered with. */
function problemOf(err: FastifyError | Problem | DomainError, req: FastifyRequest): Problem {
  if (err instanceof Problem) return err;
  if (err instanceof ResponseMismatch) return new Problem(500, 'Internal Server Error', err.message);
  if (err instanceof DomainError) return domainProblem(err);
  if (err.validation) return new Problem(422, 'Unprocessable Content', 'The request is not valid', validationErrors(err));
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return new Problem(err.statusCode, titleOf(err.statusCode), err.message);
  }
  // Validation should have refused the value first; a value the database cannot store is still the client's.
  if (isDataException(err)) {
    req.log.warn({ err }, 'database refused a value');
    return new Problem(422, 'Unprocessable Content', 'A value in the request cannot be stored (out of range or not valid text)');
  }
  req.log.error({ err }, 'unhandled error');
  return new Problem(500, 'Internal Server Error', 'An unexpected error occurred; it has been logged');
}

function sendProblem(reply: FastifyReply, problem: Problem, instance?: string) {
  return reply.headers(problem.headers).status(problem.status).type('application/problem+json').send(problem.toJSON(instance));
}

/** A request too malformed for Fastify to route (bad HTTP, header overflow): answered on the socket. */
function clientErrorHandler(err: NodeJS.ErrnoException, socket: import('node:stream').Duplex) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const body = JSON.stringify(new Problem(status, titleOf(status), 'The HTTP request could not be read').toJSON());
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/problem+json\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(err);
}

/**
 * The access log at debug: at info, every device report would flood the terminal of a platform
 * that takes hundreds of them a second. Failed requests are still errors.
 */
class DebugAccessLog extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

export async function buildApp(ctx: AppContext, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(opts.logger),
    bodyLimit: ctx.config.bodyLimit,
    trustProxy: trustProxyOption(ctx.config.trustProxy ?? false),
    schemaController: schemaController(),
    // A URL that cannot be decoded or whose parameter is too long is refused before routing.
    frameworkErrors: (err, req, reply) => {
      const status = err.statusCode ?? 400;
      sendProblem(reply, new Problem(status, titleOf(status), err.message), req.url.slice(0, 200));
    },
    clientErrorHandler,
    logController: new DebugAccessLog(),
  });
  ctx.log = app.log;
  // Response schemas document the answers (and are checked against them, below); they never reshape
  // one, as Fastify's schema-driven serialiser would by dropping what a schema leaves out.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  if (ctx.config.checkResponses) registerResponseCheck(app);

  app.setErrorHandler((err: FastifyError | Problem | DomainError, req, reply) => sendProblem(reply, problemOf(err, req), req.url));
  app.setNotFoundHandler((req, reply) => {
    const endpoint = `${req.method} ${req.url.split('?')[0]}`;
    sendProblem(reply, new Problem(404, 'Not Found', `No route ${endpoint}`, undefined, 'not_found', { resource: 'endpoint', id: endpoint }));
  });

  await app.register(cookie);
  await registerSecurityHeaders(app, { mapStyleUrl: ctx.config.web.mapStyleUrl });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'SealWatch API',
        version: '1',
        description: 'Real-time monitoring of customs-sealed cargo: transport notes, registry, trips, alerts, devices.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key (swk_...) or a session token (sws_...)' },
        },
      },
      security: [{ apiKey: [] }],
    },
    // @fastify/websocket hides WebSocket routes from the document; /stream is described here.
    transformObject: (documentObject) => {
      if (!('openapiObject' in documentObject)) return documentObject.swaggerObject;
      const doc = documentObject.openapiObject as { paths?: Record<string, unknown> };
      doc.paths = { ...doc.paths, '/api/v1/stream': STREAM_PATH };
      return documentObject.openapiObject;
    },
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX, uiConfig: { docExpansion: 'list' } });
  app.get('/api/openapi.json', { config: { auth: false }, schema: { hide: true } }, async () => app.swagger());

  await app.register(authPlugin, { ctx });
  await app.register(textInput);
  await app.register(rateLimit, {
    hook: 'preHandler',
    max: async (req) =>
      (req.principal?.kind === 'key' ? await keyLimit(ctx, req.principal.id, req.principal.roles) : null) ?? opts.rateLimitPerMin ?? DEFAULT_RATE_PER_MIN,
    timeWindow: '1 minute',
    keyGenerator: (req) => req.principal?.id ?? req.ip,
  });

  await app.register(async (api) => registerRoutes(api, ctx), { prefix: '/api/v1' });

  const monitor = ctx.services.monitor;
  const metrics = createMetrics({ db: ctx.db, monitor: () => monitor?.stats() });
  const stopObserving = monitor?.listen((events) => metrics.observe(events));
  app.addHook('onClose', async () => stopObserving?.());
  app.addHook('onResponse', async (req, reply) => {
    metrics.httpRequests.inc({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) });
  });
  registerHealthRoutes(app, ctx, metrics, { monitorReady: () => !!monitor?.rebuilt });
  return app;
}

const keyLimits = new Map<string, { at: number; limit: number | null }>();
/** A key's own rate, held to the cap of its roles whatever is stored (rows older than the cap). */
async function keyLimit(ctx: AppContext, keyId: string, roles: readonly Role[]): Promise<number | null> {
  const capped = (limit: number | null) => (limit === null ? null : Math.min(limit, rateCapFor(roles)));
  const cached = keyLimits.get(keyId);
  if (cached && Date.now() - cached.at < 60_000) return capped(cached.limit);
  const [row] = await ctx.db.query('select rate_limit_per_min from api_keys where id = $1', [keyId]);
  const limit = row?.rate_limit_per_min ?? null;
  keyLimits.set(keyId, { at: Date.now(), limit });
  return capped(limit);
}
