// Builds the API on a test database, with a customs-admin key and helpers to make companies,
// people and keys for authorisation tests.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type BuildOptions } from '../../src/api/app.ts';
import type { AppContext, EngineInputSink, NewInput, Written } from '../../src/platform.ts';
import type { Db, Queryable } from '../../src/store/db.ts';
import type { Role } from '../../src/auth/roles.ts';
import { hashPassword, newId, newSecret, sha256 } from '../../src/auth/secrets.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { EngineInput } from '../../src/core/types.ts';
import { CUSTOMS_UBN, ensureAdminKey } from '../../src/store/bootstrap.ts';
import { testDb, type TestDb } from './db.ts';

/** Collects the inputs the API hands to the engine, for tests of the API alone. */
export class RecordingSink implements EngineInputSink {
  readonly inputs: EngineInput[] = [];
  /** Set by testApp: writes run in a transaction of this database, as the intake runs them. */
  db?: Db;
  /** Make every submission fail, as when the input log cannot be written. */
  failing = false;
  async submit(inputs: NewInput[]) {
    if (this.failing) throw new Error('the input log is not writable');
    this.inputs.push(...inputs.map(stamped));
  }
  async transact<T>(write: (tx: Queryable) => Promise<Written<T>>): Promise<T> {
    if (!this.db) throw new Error('RecordingSink.transact needs the database');
    const out = await this.db.transaction(async (tx) => {
      const w = await write(tx);
      if (this.failing) throw new Error('the input log is not writable');
      return w;
    });
    this.inputs.push(...out.inputs.map(stamped));
    return out.result;
  }
}

const stamped = (i: NewInput) => ({ ...i, at: i.at ?? new Date().toISOString() }) as EngineInput;

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  tdb: TestDb;
  sink: RecordingSink;
  adminKey: string;
  /** Makes a company (if new) and an API key with these roles for it. */
  keyFor(companyUbn: string, roles: Role[], opts?: { ipAllow?: string[]; companyRoles?: string[] }): Promise<string>;
  /** Makes a company (if new) and a user with these roles; returns a session token. */
  userFor(companyUbn: string, roles: Role[], opts?: { storageCodes?: string[]; username?: string }): Promise<string>;
  request(method: string, url: string, token?: string, body?: unknown): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function testApp(opts: { extend?: (ctx: AppContext) => Promise<void>; build?: BuildOptions; config?: Partial<Config> } = {}): Promise<TestApp> {
  const tdb = await testDb();
  const sink = new RecordingSink();
  sink.db = tdb.db;
  const config: Config = { ...loadConfig({}), dataDir: '', checkResponses: true, ...opts.config };
  const ctx: AppContext = { db: tdb.db, config, inputs: sink, services: {} };
  await opts.extend?.(ctx);
  const adminKey = newSecret('swk');
  await ensureAdminKey(tdb.db, adminKey);
  const app = await buildApp(ctx, opts.build);
  await app.ready();

  const ensureCompany = (ubn: string, roles: string[]) =>
    tdb.db.query(`insert into companies (ubn, name, roles) values ($1,$2,$3) on conflict (ubn) do nothing`, [ubn, `Company ${ubn}`, roles]);
  const defaultCompanyRoles = (ubn: string) => (ubn === CUSTOMS_UBN ? ['customs'] : ['yard', 'fleet', 'trader']);

  return {
    app,
    ctx,
    tdb,
    sink,
    adminKey,
    async keyFor(ubn, roles, o = {}) {
      await ensureCompany(ubn, o.companyRoles ?? defaultCompanyRoles(ubn));
      const key = newSecret('swk');
      await tdb.db.query(
        `insert into api_keys (id, company_ubn, name, prefix, key_hash, roles, ip_allow) values ($1,$2,$3,$4,$5,$6,$7)`,
        [newId('key'), ubn, 'test key', key.slice(0, 8), sha256(key), roles, o.ipAllow ?? []],
      );
      return key;
    },
    async userFor(ubn, roles, o = {}) {
      await ensureCompany(ubn, defaultCompanyRoles(ubn));
      const id = newId('usr');
      const token = newSecret('sws');
      await tdb.db.query(
        `insert into users (id, username, name, company_ubn, roles, storage_codes, password_hash) values ($1,$2,$3,$4,$5,$6,$7)`,
        [id, o.username ?? id, `User ${id}`, ubn, roles, o.storageCodes ?? [], await hashPassword('correct horse battery')],
      );
      await tdb.db.query(`insert into sessions (token_hash, user_id, expires_at) values ($1,$2, now() + interval '1 hour')`, [sha256(token), id]);
      return token;
    },
    request(method, url, token, body) {
      return app.inject({
        method: method as any,
        url,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        ...(body === undefined ? {} : typeof body === 'string' ? { payload: body } : { payload: body as object }),
      });
    },
    async close() {
      await app.close();
      await tdb.close();
    },
  };
}
