// Confirmation of the sealing by the origin yard's responsible person (專責人員), or by customs.
// The JSON route calls it now; the photo upload calls it with a reference to the stored photo. The
// confirmation, its audit entry and the engine's input commit together or not at all.
import { recordAudit, type Actor } from '../audit/trail.ts';
import { hasRole, isCustoms, type Principal } from '../auth/roles.ts';
import { conflict, forbidden, invalidField, notFound } from '../core/errors.ts';
import { validateCnNo, validateContainerNo } from '../core/ids/index.ts';
import { holdsStorageCodeAt } from '../access/policy.ts';
import type { Written } from '../platform.ts';
import type { Queryable, Row } from '../store/db.ts';
import { canSeeNote } from '../access/policy.ts';
import { presentNote, type NoteView } from './present.ts';
import { storeWrite, type NoteServices } from './services.ts';
import { lockNote, toCurrent } from './store.ts';

export interface PhotoRef {
  /** Where the photo is kept (storage key or URL), as the photo store names it. */
  ref: string;
  contentType?: string;
  sha256?: string;
}

export interface ConfirmInput {
  containerNo?: string;
  note?: string;
  photo?: PhotoRef;
}

export interface ConfirmResult {
  view: NoteView;
}

/**
 * A responsible person may confirm only for a facility of their own company whose storage code
 * (卸存代碼) they hold: a yard can authorise only its own registered responsible persons.
 */
async function mayConfirmAt(q: Queryable, p: Principal, origin: string): Promise<boolean> {
  if (isCustoms(p)) return true;
  if (!hasRole(p, ['responsible_person'])) return false;
  const [f] = await q.query('select operator_ubn, storage_codes from facilities where code = $1', [origin]);
  return !!f && holdsStorageCodeAt(p, { operator_ubn: f.operator_ubn, storage_codes: f.storage_codes });
}

/** The container named must be one of the note's; its number is checked and normalised first. */
function confirmedContainer(input: ConfirmInput, containers: { no: string }[]): string | undefined {
  if (input.containerNo === undefined) return undefined;
  const v = validateContainerNo(input.containerNo);
  if (!v.ok) throw invalidField('/body/containerNo', v.message, v.code, v.params);
  if (!containers.some((c) => c.no === v.value)) throw invalidField('/body/containerNo', `container ${v.value} is not on this transport note`, 'container.not_on_note', { value: v.value });
  return v.value;
}

/** Records the confirmation on the note as it stands under its lock, with its audit entry and the engine's input. */
async function writeConfirmation(tx: Queryable, actor: Actor, p: Principal, cnNo: string, input: ConfirmInput): Promise<Written<Row>> {
  const locked = await lockNote(tx, cnNo);
  if (!locked) throw notFound(`Transport note ${cnNo}`, 'transport_note', cnNo);
  const current = toCurrent(locked);
  if (!(await canSeeNote(tx, p, current))) throw notFound(`Transport note ${cnNo}`, 'transport_note', cnNo);
  if (!(await mayConfirmAt(tx, p, current.origin))) {
    throw forbidden(`confirming transport note ${cnNo} needs a responsible person holding a storage code of its origin ${current.origin}`, 'cn.confirm_storage_code', { cnNo, origin: current.origin });
  }
  if (current.status === 'cancelled') throw conflict(`transport note ${cnNo} is cancelled`, 'cn.cancelled', { cnNo });
  if (current.confirmedAt) {
    const done = { cnNo, at: current.confirmedAt.toISOString(), by: String(locked.confirmed_by) };
    throw conflict(`the sealing of transport note ${cnNo} was already confirmed at ${done.at} by ${done.by}`, 'cn.already_confirmed', done);
  }
  const containerNo = confirmedContainer(input, current.body.containers);
  const details = {
    ...(containerNo ? { containerNo } : {}),
    ...(input.note ? { note: input.note } : {}),
    ...(input.photo ? { photo: input.photo } : {}),
    byName: p.name,
  };
  const [updated] = await tx.query(
    `update transport_notes set confirmed_at = now(), confirmed_by = $2, confirmation = $3 where cn_no = $1 returning *`,
    [cnNo, p.id, JSON.stringify(details)],
  );
  await recordAudit(tx, actor, { action: 'confirm', resource: 'transport_note', resourceId: cnNo, after: { version: current.version, ...details } });
  return { result: updated, inputs: [{ type: 'sealConfirmation', data: { cnNo, confirmedBy: p.id } }] };
}

/** Confirms the sealing of transport note `cnNoInput` as `p`, recorded in the audit trail as `actor`. */
export async function confirmTransportNote(
  svc: NoteServices,
  actor: Actor,
  p: Principal,
  cnNoInput: string,
  input: ConfirmInput,
): Promise<ConfirmResult> {
  const id = validateCnNo(cnNoInput);
  if (!id.ok) throw notFound(`Transport note ${cnNoInput}`, 'transport_note', cnNoInput);
  const cnNo = id.value;
  const row = await storeWrite(svc, `the confirmation of transport note ${cnNo}`, (tx) => writeConfirmation(tx, actor, p, cnNo, input));
  return { view: presentNote(row) };
}
