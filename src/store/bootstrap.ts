// What a fresh database needs before anyone can log in: the customs company, and (when
// SEALWATCH_ADMIN_KEY is set) a customs-admin API key with that value, for automation.
import { sha256 } from '../auth/secrets.ts';
import { checkAdminKey } from '../config.ts';
import type { Db } from './db.ts';

/** The platform's own company: Customs Administration (關務署). The number is the platform's, not an official registration. */
export const CUSTOMS_UBN = '69113401';

export async function ensureCustomsCompany(db: Db): Promise<void> {
  await db.query(
    `insert into companies (ubn, name, roles) values ($1, $2, $3) on conflict (ubn) do nothing`,
    [CUSTOMS_UBN, '財政部關務署 (Customs Administration)', ['customs']],
  );
}

/** Makes sure an API key with exactly the value `key` exists (any shape, at least 16 characters). */
export async function ensureAdminKey(db: Db, key: string): Promise<void> {
  checkAdminKey(key);
  await ensureCustomsCompany(db);
  await db.query(
    `insert into api_keys (id, company_ubn, name, prefix, key_hash, roles)
     values ('key_bootstrap_admin', $1, 'bootstrap admin (SEALWATCH_ADMIN_KEY)', $2, $3, $4)
     on conflict (id) do update set key_hash = excluded.key_hash, prefix = excluded.prefix, revoked_at = null`,
    [CUSTOMS_UBN, key.slice(0, 8), sha256(key), ['customs_admin']],
  );
}
