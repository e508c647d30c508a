// Who sees a transport note: the rule lives in the access policy (src/access/notes.ts).
import type { Principal } from '../auth/roles.ts';
import { notesWhere } from '../access/notes.ts';

export { canSeeNote, type NoteParties } from '../access/notes.ts';

/** The rule as a SQL condition on `transport_notes t` (null for customs). */
export const visibleNotesCondition = (p: Principal, params: unknown[]): string | null => notesWhere(p, 't', params);
