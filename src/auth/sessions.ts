// Ending people's sessions: when an account is disabled, its password changes, or an administrator
// asks. A session is a row; deleting it ends it at the next request.
import type { Queryable } from '../store/db.ts';

/** Ends every session of the user but the one whose token hash is `keep`; returns how many ended. */
export async function endSessions(q: Queryable, userId: string, keep?: string): Promise<number> {
  const rows = await q.query('delete from sessions where user_id = $1 and token_hash <> $2 returning token_hash', [userId, keep ?? '']);
  return rows.length;
}
