// Who sees a transport note: customs every note; a company the notes it sent and the notes from or
// to a facility it operates; a responsible person the notes from a facility whose storage code they hold
// (a code counts only at a facility of their own company: src/registry/storage-codes.ts).
import { isCustoms, type Principal } from '../auth/roles.ts';
import { holdsStorageCodeAt, holdsStorageCodeSql } from '../registry/storage-codes.ts';
import type { Queryable } from '../store/db.ts';

export interface NoteParties {
  senderUbn: string;
  origin: string;
  destination: string;
}

export async function canSeeNote(q: Queryable, p: Principal, note: NoteParties): Promise<boolean> {
  if (isCustoms(p) || note.senderUbn === p.companyUbn) return true;
  const rows = await q.query('select code, operator_ubn, storage_codes from facilities where code = any($1)', [[note.origin, note.destination]]);
  return rows.some(
    (f) =>
      f.operator_ubn === p.companyUbn ||
      (f.code === note.origin && holdsStorageCodeAt(p, { operator_ubn: f.operator_ubn, storage_codes: f.storage_codes })),
  );
}

/**
 * The same rule as a SQL condition on `transport_notes t`, for lists. Appends its parameters to
 * `params` and returns the condition (or null for customs, who see everything).
 */
export function visibleNotesCondition(p: Principal, params: unknown[]): string | null {
  if (isCustoms(p)) return null;
  params.push(p.companyUbn);
  const company = `$${params.length}`;
  params.push(p.storageCodes);
  const codes = `$${params.length}::text[]`;
  return `(t.sender_ubn = ${company}
    or exists (select 1 from facilities f where f.code in (t.origin, t.destination) and f.operator_ubn = ${company})
    or exists (select 1 from facilities f where f.code = t.origin and ${holdsStorageCodeSql('f', company, codes)}))`;
}
