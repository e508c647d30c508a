// What a message function ("9" original, "5" replace, "1" cancel) may do to the note as it stands.
// Pure: the caller reads the current note under a lock and applies the decision.
import type { DomainErrorKind, ErrorParams } from '../core/errors.ts';
import type { CnFunction, TransportNote } from '../core/types.ts';

export type NoteStatus = 'live' | 'cancelled';

export interface CurrentNote {
  cnNo: string;
  version: number;
  status: NoteStatus;
  senderUbn: string;
  origin: string;
  destination: string;
  confirmedAt: Date | null;
  body: TransportNote;
}

export interface Sender {
  companyUbn: string;
  customs: boolean;
  /** Whether the caller may see the current note (decides forbidden against not found for a stranger). */
  canSee: boolean;
}

export type Action = 'create' | 'reissue' | 'replace' | 'cancel';

/** Why a message is refused: no such note (for this caller), not theirs to change, or not in this state. */
export type Refusal = Extract<DomainErrorKind, 'not_found' | 'forbidden' | 'conflict'>;

export type Decision =
  | { ok: true; action: Action; version: number }
  | { ok: false; refusal: Refusal; detail: string; code?: string; params?: ErrorParams };

const refuse = (refusal: 'forbidden', detail: string): Decision => ({ ok: false, refusal, detail });
/** No such note for this caller: named as every 404 is, by the resource's word and the number asked for. */
const missing = (cnNo: string, verb: string): Decision =>
  ({ ok: false, refusal: 'not_found', detail: `no transport note ${cnNo} to ${verb}`, code: 'not_found', params: { resource: 'transport_note', id: cnNo } });
/** A refusal by the note's state names its code, so a client can say which state stands in the way. */
const conflict = (detail: string, code: string, params: ErrorParams): Decision => ({ ok: false, refusal: 'conflict', detail, code, params });

function decideOriginal(cnNo: string, current: CurrentNote | undefined, by: Sender): Decision {
  if (!current) return { ok: true, action: 'create', version: 1 };
  if (current.status === 'live') {
    return conflict(`transport note ${cnNo} exists (version ${current.version}); send function "5" to replace it or "1" to cancel it`, 'cn.exists', { cnNo, version: current.version });
  }
  // A cancelled number may be issued again, by the same sender only: numbers are the sender's own.
  if (!by.customs && current.senderUbn !== by.companyUbn) return conflict(`transport note number ${cnNo} is taken`, 'cn.taken', { cnNo });
  return { ok: true, action: 'reissue', version: current.version + 1 };
}

export function decide(fn: CnFunction, cnNo: string, current: CurrentNote | undefined, by: Sender): Decision {
  if (fn === '9') return decideOriginal(cnNo, current, by);
  const verb = fn === '5' ? 'replace' : 'cancel';
  if (!current) return missing(cnNo, verb);
  if (!by.customs && current.senderUbn !== by.companyUbn) {
    return by.canSee
      ? refuse('forbidden', `only the sender (${current.senderUbn}) or customs may ${verb} transport note ${cnNo}`)
      : missing(cnNo, verb);
  }
  if (current.status === 'cancelled') return conflict(`transport note ${cnNo} is cancelled; send function "9" to issue it again`, 'cn.cancelled', { cnNo });
  // After the responsible person has confirmed the sealing, the sender can no longer change the note (FAQ 004).
  if (current.confirmedAt && !by.customs) {
    const at = current.confirmedAt.toISOString();
    return conflict(`the sealing of transport note ${cnNo} was confirmed at ${at}; only customs can ${verb} it now`, 'cn.sealing_confirmed', { cnNo, at, action: verb });
  }
  return { ok: true, action: fn === '5' ? 'replace' : 'cancel', version: current.version + 1 };
}

/** A replacement that changes containers or seals voids the confirmation: it confirmed other seals. */
export function keepsConfirmation(before: TransportNote, after: TransportNote): boolean {
  const seals = (n: TransportNote) =>
    JSON.stringify(n.containers.map((c) => [c.no, c.sealType, [...c.sealNos].sort()]).sort());
  return seals(before) === seals(after);
}
