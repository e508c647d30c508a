// Liveness, readiness and metrics, at the root where orchestrators and Prometheus look for them.
// /healthz and /readyz answer without credentials (a probe carries none) and say nothing but
// up or not; /metrics needs a customs admin's key, since it shows how the platform is used.
import type { FastifyInstance } from 'fastify';
import type { PlatformMetrics } from '../../ops/metrics.ts';
import type { AppContext } from '../../platform.ts';

export interface Readiness {
  /** The engine state is rebuilt and the monitor takes inputs. */
  monitorReady(): boolean;
}

const status = {
  type: 'object',
  required: ['status'],
  properties: {
    status: { type: 'string', enum: ['ok', 'ready', 'not ready'] },
    checks: {
      type: 'object',
      description: 'Readiness only: each check with its result, "ok…" or what is wrong',
      required: ['database', 'monitor'],
      properties: { database: { type: 'string', examples: ['ok (1.2 ms)', 'unreachable'] }, monitor: { type: 'string', examples: ['ok', 'not running'] } },
    },
  },
} as const;

export function registerHealthRoutes(app: FastifyInstance, ctx: AppContext, metrics: PlatformMetrics, readiness: Readiness): void {
  app.get('/healthz', { config: { auth: false }, schema: { tags: ['operations'], summary: 'Liveness: the process answers', response: { 200: status } } }, async () => ({
    status: 'ok',
  }));

  app.get(
    '/readyz',
    { config: { auth: false }, schema: { tags: ['operations'], summary: 'Readiness: database reachable and engine state rebuilt', response: { 200: status, 503: status } } },
    async (_req, reply) => {
      const checks: Record<string, string> = {};
      try {
        const s = await metrics.probeDb();
        checks.database = `ok (${(s * 1000).toFixed(1)} ms)`;
      } catch (err) {
        ctx.log?.warn({ err }, 'readiness: database probe failed');
        checks.database = 'unreachable';
      }
      checks.monitor = readiness.monitorReady() ? 'ok' : 'not running';
      const ready = Object.values(checks).every((c) => c.startsWith('ok'));
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
    },
  );

  app.get(
    '/metrics',
    {
      config: { auth: { roles: ['customs_admin'] } },
      schema: {
        tags: ['operations'],
        summary: 'Prometheus metrics (text exposition format; customs admin)',
        produces: ['text/plain'],
        response: { 200: { description: 'The metrics in the Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } } },
      },
    },
    async (_req, reply) => {
      reply.type(metrics.registry.contentType);
      return metrics.registry.metrics();
    },
  );
}
