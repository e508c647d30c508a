// Who sees a transport note (and what hangs off it: its photos, its offline-unseal tokens):
// - customs every note;
// - a company the notes it sent and the notes from or to a facility it operates;
// - a responsible person the notes from a facility whose storage code they hold, when the code
//   counts (facilities.ts: only at a facility of their own company);
// - a judicial principal the notes customs referred to its company (referrals.ts).
import { hasRole, isCustoms, type Principal } from '../auth/roles.ts';
import type { Queryable } from '../store/db.ts';
import { codedFacilities, holdsStorageCodeAt, holdsStorageCodeSql, type CodedFacility } from './facilities.ts';
import { referredTo, referredToCaller, referredWhere } from './referrals.ts';
import { bind, type Condition } from './sql.ts';

/** A note's parties as they are read from it (the facilities are looked up by the rule). */
export interface NoteParties {
  cnNo?: string;
  senderUbn: string;
  origin: string;
  destination: string;
}

/** A note as the predicate reads it. */
export interface NoteRecord {
  senderUbn: string;
  origin: CodedFacility | null;
  destination: CodedFacility | null;
  referredTo: string[];
}

export function mayReadNote(p: Principal, n: NoteRecord): boolean {
  if (isCustoms(p) || n.senderUbn === p.companyUbn) return true;
  if ([n.origin, n.destination].some((f) => !!f?.operator_ubn && f.operator_ubn === p.companyUbn)) return true;
  if (n.origin && holdsStorageCodeAt(p, n.origin)) return true;
  return referredToCaller(p, n.referredTo);
}

/** The same rule as a SQL condition on a transport_notes row `<alias>` (null for customs). */
export function notesWhere(p: Principal, alias: string, params: unknown[]): Condition {
  if (isCustoms(p)) return null;
  const company = bind(params, p.companyUbn);
  const codes = `${bind(params, p.storageCodes)}::text[]`;
  const referral = referredWhere(p, [['transport_note', `${alias}.cn_no`]], params);
  return `(${alias}.sender_ubn = ${company}
    or exists (select 1 from facilities f where f.code in (${alias}.origin, ${alias}.destination) and f.operator_ubn = ${company})
    or exists (select 1 from facilities f where f.code = ${alias}.origin and ${holdsStorageCodeSql('f', company, codes)})${referral ? `\n    or ${referral}` : ''})`;
}

/** A note's facts for this caller (referrals read only for a judicial principal). */
export async function noteRecordOf(q: Queryable, p: Principal, note: NoteParties): Promise<NoteRecord> {
  const facilities = await codedFacilities(q, [note.origin, note.destination]);
  const at = (code: string) => facilities.find((f) => f.code === code) ?? null;
  return {
    senderUbn: note.senderUbn,
    origin: at(note.origin),
    destination: at(note.destination),
    referredTo: hasRole(p, ['judicial']) && note.cnNo ? await referredTo(q, [['transport_note', note.cnNo]]) : [],
  };
}

export async function canSeeNote(q: Queryable, p: Principal, note: NoteParties): Promise<boolean> {
  if (isCustoms(p) || note.senderUbn === p.companyUbn) return true;
  return mayReadNote(p, await noteRecordOf(q, p, note));
}
