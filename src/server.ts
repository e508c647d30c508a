// Starts SealWatch: storage, migrations, the HTTP API, and the services that later layers add
// (device gateways, the monitoring engine, the web apps) through `ServerExtension`s.
import type { FastifyInstance } from 'fastify';
import { buildApp } from './api/app.ts';
import type { AppContext, EngineInputSink, ServerExtension } from './platform.ts';

export type { ServerExtension };
import type { Config } from './config.ts';
import { ensureAdminKey, ensureCustomsCompany } from './store/bootstrap.ts';
import { openDb, type Db } from './store/db.ts';
import { migrate } from './store/migrate.ts';

export interface RunningServer {
  app: FastifyInstance;
  ctx: AppContext;
  db: Db;
  /** The real HTTP port (useful when configured as 0). */
  httpPort: number;
  ports: Record<string, number>;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: boolean | object;
  extensions?: ServerExtension[];
  /** Keep PGlite in memory instead of under DATA_DIR (tests). */
  inMemory?: boolean;
  /** Use this database, already open, instead of opening one (tests); it stays open on close. */
  db?: Db;
}

/** Until the monitor extension replaces it: accepted inputs are refused loudly, never dropped silently. */
const noMonitor: EngineInputSink = {
  async submit() {
    throw new Error('the monitoring engine is not running');
  },
  async transact() {
    throw new Error('the monitoring engine is not running');
  },
};

export async function startServer(config: Config, opts: StartOptions = {}): Promise<RunningServer> {
  const db = opts.db ?? (await openDb({ databaseUrl: config.databaseUrl, dataDir: opts.inMemory ? undefined : config.dataDir }));
  await migrate(db);
  await ensureCustomsCompany(db);
  if (config.adminKey) await ensureAdminKey(db, config.adminKey);

  const ctx: AppContext = { db, config, inputs: noMonitor, services: {} };
  const extensions = opts.extensions ?? (await defaultExtensions());
  for (const ext of extensions) await ext.beforeApp?.(ctx);
  const app = await buildApp(ctx, { logger: opts.logger });
  await (await import('./web/serve-web.ts')).registerWeb(app, config.web); // the Joint Management Center at "/"
  await (await import('./api/field-app.ts')).registerFieldApp(app); // the phone app at "/field/"
  await (await import('./api/portal-app.ts')).registerPortalApp(app); // the trade's portal at "/portal/"
  await app.listen({ port: config.httpPort, host: config.httpHost });
  const address = app.server.address();
  const httpPort = typeof address === 'object' && address ? address.port : config.httpPort;
  const ports: Record<string, number> = { http: httpPort };
  for (const ext of extensions) await ext.afterListen?.(ctx, app, ports);

  return {
    app,
    ctx,
    db,
    httpPort,
    ports,
    async close() {
      for (const ext of [...extensions].reverse()) await ext.close?.();
      await app.close();
      if (!opts.db) await db.close();
    },
  };
}

/** The platform's parts, in start order. */
export async function defaultExtensions(): Promise<ServerExtension[]> {
  const { extensions } = await import('./extensions.ts');
  return extensions();
}
