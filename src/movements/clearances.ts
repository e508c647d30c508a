// Clearance data from the customs clearance system: one record or a batch, each checked on its own
// and stored in its own transaction with its audit entry and its engine input. The latest statusAt
// of a declaration stands: a status older than the stored one is kept in the history only.
import type { Actor } from '../audit/trail.ts';
import { DomainError, invalid, type FieldError } from '../core/errors.ts';
import type { Clearance } from '../core/types.ts';
import { parseIsoMs } from '../engine/clock.ts';
import { enqueueNotification } from '../notifications/events.ts';
import type { Platform } from '../platform.ts';
import { engineInput, writeAudited } from '../registry/write.ts';
import type { Queryable, Row } from '../store/db.ts';
import { checkClearance } from './validate.ts';

export const MAX_CLEARANCE_BATCH = 1000;

export type ClearanceOutcome =
  | { ok: true; declarationNo: string; created: boolean; stale: boolean; clearance: Clearance }
  | { ok: false; declarationNo: string | null; error: DomainError };

export function presentClearance(r: Row): Clearance & { receivedAt: string } {
  return {
    declarationNo: r.declaration_no,
    kind: r.kind,
    containerNos: r.container_nos,
    status: r.status,
    ...(r.release_code ? { releaseCode: r.release_code } : {}),
    statusAt: new Date(r.status_at).toISOString(),
    ...(r.importer_ubn ? { importerUbn: r.importer_ubn } : {}),
    receivedAt: new Date(r.received_at).toISOString(),
  };
}

async function store(tx: Queryable, c: Clearance): Promise<{ created: boolean; stale: boolean; before: Row | undefined }> {
  const [before] = await tx.query('select * from clearances where declaration_no = $1 for update', [c.declarationNo]);
  await tx.query('insert into clearance_history (declaration_no, status, status_at, record) values ($1,$2,$3,$4)', [
    c.declarationNo, c.status, c.statusAt, JSON.stringify(c),
  ]);
  const row = [c.declarationNo, c.kind, c.containerNos, c.status, c.releaseCode ?? null, c.statusAt, c.importerUbn ?? null];
  if (!before) {
    await tx.query(
      `insert into clearances (declaration_no, kind, container_nos, status, release_code, status_at, importer_ubn) values ($1,$2,$3,$4,$5,$6,$7)`,
      row,
    );
    return { created: true, stale: false, before };
  }
  if (parseIsoMs(c.statusAt) < new Date(before.status_at).getTime()) return { created: false, stale: true, before };
  await tx.query(
    `update clearances set kind = $2, container_nos = $3, status = $4, release_code = $5, status_at = $6, importer_ubn = $7, received_at = now()
     where declaration_no = $1`,
    row,
  );
  return { created: false, stale: false, before };
}

/** Stores one checked clearance with its audit entry; the engine hears of it unless it is stale. */
export function writeClearance(ctx: Pick<Platform, 'inputs'>, actor: Actor, c: Clearance): Promise<ClearanceOutcome> {
  return writeAudited(ctx, actor, async (tx) => {
    const r = await store(tx, c);
    // The importer's people (and customs) hear of a new status in the same commit as the status.
    if (!r.stale && (r.created || r.before?.status !== c.status)) {
      await enqueueNotification(tx, {
        kind: 'declaration_changed', at: c.statusAt, declarationNo: c.declarationNo, status: c.status,
        companyUbns: c.importerUbn ? [c.importerUbn] : [], containerNos: c.containerNos,
        summary: r.created ? `${c.kind} ${c.status}` : `${r.before?.status} → ${c.status}`,
      });
    }
    return {
      result: { ok: true as const, declarationNo: c.declarationNo, created: r.created, stale: r.stale, clearance: c },
      audit: {
        action: r.created ? 'create' : 'update', resource: 'clearance', resourceId: c.declarationNo,
        before: r.before ? presentClearance(r.before) : null, after: c,
      },
      inputs: r.stale ? [] : [engineInput('clearance', c)],
    };
  });
}

/**
 * Each record checked and stored on its own (`pathOf(i)` prefixes its error paths); the answers
 * come back in the order of the records.
 */
export async function submitClearances(
  ctx: Pick<Platform, 'inputs'>, actor: Actor, records: readonly unknown[], pathOf: (i: number) => string,
): Promise<ClearanceOutcome[]> {
  return Promise.all(
    records.map(async (raw, i): Promise<ClearanceOutcome> => {
      const checked = checkClearance(raw, pathOf(i));
      const named = typeof (raw as Row | null)?.declarationNo === 'string' ? ((raw as Row).declarationNo as string) : null;
      if ('errors' in checked) return { ok: false, declarationNo: named, error: notValid(checked.errors) };
      try {
        return await writeClearance(ctx, actor, checked.value);
      } catch (err) {
        if (err instanceof DomainError) return { ok: false, declarationNo: named, error: err };
        throw err;
      }
    }),
  );
}

const notValid = (errors: FieldError[]) => invalid(errors, 'The clearance is not valid');

export async function findClearance(db: Queryable, declarationNo: string): Promise<Row | undefined> {
  const [row] = await db.query('select * from clearances where declaration_no = $1', [declarationNo.trim().toUpperCase()]);
  return row;
}

/** The clearances naming a container, newest status first. */
export async function clearancesOfContainer(db: Queryable, containerNo: string): Promise<Row[]> {
  return db.query('select * from clearances where $1 = any(container_nos) order by status_at desc limit 50', [containerNo]);
}
