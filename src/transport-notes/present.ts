// Transport notes as the API shows them.
import type { TransportNote } from '../core/types.ts';
import type { Row } from '../store/db.ts';
import { ContainerSchema, TransportNoteSchema } from './schema.ts';

const NOTE_KEYS = Object.keys(TransportNoteSchema.properties);
const CONTAINER_KEYS = Object.keys(ContainerSchema.properties);

function ordered<T extends object>(o: T, keys: string[]): T {
  const src = o as Record<string, unknown>;
  return Object.fromEntries(keys.filter((k) => src[k] !== undefined).map((k) => [k, src[k]])) as T;
}

/** jsonb keeps keys in its own order; people read notes in the contract's. */
export function inContractOrder(note: TransportNote): TransportNote {
  const n = ordered(note, NOTE_KEYS);
  return Array.isArray(n.containers) ? { ...n, containers: n.containers.map((c) => ordered(c, CONTAINER_KEYS)) } : n;
}

export interface ConfirmationView {
  confirmedAt: string;
  confirmedBy: string;
  containerNo?: string;
  note?: string;
  photo?: unknown;
}

export interface NoteView {
  cnNo: string;
  version: number;
  status: 'live' | 'cancelled';
  note: TransportNote;
  confirmation: ConfirmationView | null;
  closedAt?: string;
  createdAt: string;
  updatedAt: string;
}

const iso = (v: unknown) => new Date(v as string).toISOString();

export function presentNote(r: Row): NoteView {
  return {
    cnNo: r.cn_no,
    version: r.version,
    status: r.status,
    note: inContractOrder(r.body),
    confirmation: r.confirmed_at ? { confirmedAt: iso(r.confirmed_at), confirmedBy: r.confirmed_by, ...(r.confirmation ?? {}) } : null,
    ...(r.closed_at ? { closedAt: iso(r.closed_at) } : {}),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export function presentVersion(r: Row) {
  return {
    version: r.version,
    function: r.function,
    at: iso(r.at),
    by: { kind: r.actor_kind, id: r.actor_id, companyUbn: r.actor_company_ubn },
    note: inContractOrder(r.body),
  };
}
