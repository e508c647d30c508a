// The quarantine (table quarantine): a record the store refused or an input the engine failed on
// is set aside here, with the reason, and skipped, so that one bad record never stops the storing
// or the applying of every other vehicle's. A customs admin lists it (GET /quarantine).
import type { EngineInput } from '../core/types.ts';
import type { Queryable } from '../store/db.ts';
import type { OutputRecord } from './records.ts';

export interface QuarantineEntry {
  /** Names the record, so that meeting it again (a rebuild) adds no second row. */
  key: string;
  kind: string;
  inputSeq: number | null;
  record: unknown;
  reason: string;
}

export interface QuarantinedRow {
  id: number;
  key: string;
  kind: string;
  inputSeq: number | null;
  record: unknown;
  reason: string;
  at: string;
}

export function reasonOf(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  const message = typeof e?.message === 'string' ? e.message : String(err);
  const reason = typeof e?.code === 'string' ? `${e.code}: ${message}` : message;
  // A NUL (which may be what made the record bad) cannot be stored in text.
  return reason.split('\u0000').join('\\u0000');
}

/** An engine output as a quarantine entry. */
export function outputEntry(r: OutputRecord, err: unknown): QuarantineEntry {
  const reason = reasonOf(err);
  switch (r.kind) {
    case 'position': return { key: `position:${r.inputSeq}`, kind: r.kind, inputSeq: r.inputSeq, record: r, reason };
    case 'trip': return { key: `trip:${r.trip.tripId}:${r.eventSeq}`, kind: r.kind, inputSeq: r.inputSeq, record: r, reason };
    case 'alert': return { key: `alert:${r.alert.alertId}`, kind: r.kind, inputSeq: r.inputSeq, record: r, reason };
    case 'alertCleared': return { key: `alertCleared:${r.cleared.alertId}`, kind: r.kind, inputSeq: r.inputSeq, record: r, reason };
    case 'alertUpdated': return { key: `alertUpdated:${r.updated.alertId}:${r.inputSeq}`, kind: r.kind, inputSeq: r.inputSeq, record: r, reason };
    case 'command': return { key: `command:${r.commandId}`, kind: r.kind, inputSeq: r.inputSeq, record: r, reason };
    case 'commandAck': return { key: `commandAck:${r.deviceId}:${r.at}`, kind: r.kind, inputSeq: null, record: r, reason };
    case 'progress': return { key: `progress:${r.seq}`, kind: r.kind, inputSeq: r.seq, record: r, reason };
  }
}

/** A stored input the engine could not apply, as a quarantine entry. */
export function inputEntry(seq: number, input: EngineInput, err: unknown): QuarantineEntry {
  return { key: `input:${seq}`, kind: `input:${input.type}`, inputSeq: seq, record: input, reason: reasonOf(err) };
}

/** True when the entry is new. */
export async function quarantine(q: Queryable, e: QuarantineEntry): Promise<boolean> {
  const rows = await q.query(
    `insert into quarantine (key, kind, input_seq, record, reason) values ($1, $2, $3, $4, $5)
     on conflict (key) do nothing returning id`,
    [e.key, e.kind, e.inputSeq, JSON.stringify(e.record), e.reason],
  );
  return rows.length > 0;
}

export async function listQuarantine(q: Queryable, limit: number): Promise<QuarantinedRow[]> {
  const rows = await q.query('select id, key, kind, input_seq, record, reason, at from quarantine order by id desc limit $1', [limit]);
  return rows.map((r) => {
    let record: unknown = r.record;
    try {
      record = JSON.parse(r.record);
    } catch {
      // Kept as the text it was stored as.
    }
    return {
      id: Number(r.id),
      key: r.key,
      kind: r.kind,
      inputSeq: r.input_seq === null ? null : Number(r.input_seq),
      record,
      reason: r.reason,
      at: new Date(r.at).toISOString(),
    };
  });
}
