// Accepting transport notes: one or a batch, each checked on its own, stored in its own
// transaction with its audit entry and webhook deliveries, then handed to the monitoring engine.
// A bad note never holds back the good ones beside it.
import type { FieldError } from '../api/problem.ts';
import { isCustoms } from '../auth/roles.ts';
import type { TransportNote } from '../core/types.ts';
import type { Queryable } from '../store/db.ts';
import { enqueueNoteChange } from '../webhooks/events.ts';
import { canSeeNote } from './access.ts';
import type { Actor, NoteServices } from './actor.ts';
import { decide, keepsConfirmation, type Action, type CurrentNote } from './lifecycle.ts';
import { presentNote, type NoteView } from './present.ts';
import { checkRegistry, loadRegistry, type RegistryView } from './registry.ts';
import { lockNote, lockSealHolders, toCurrent, writeVersion } from './store.ts';
import { checkShape, type NoteRequest, type ShapeResult } from './validate.ts';

export type AcceptedNote = { status: 200 | 201; cnNo: string; version: number; view: NoteView; warnings?: string[] };
export type RefusedNote = { status: 403 | 404 | 409; cnNo?: string; detail: string };
export type InvalidNote = { status: 422; cnNo?: string; errors: FieldError[] };
export type NoteOutcome = AcceptedNote | RefusedNote | InvalidNote;

export const isAccepted = (o: NoteOutcome): o is AcceptedNote => o.status === 200 || o.status === 201;
export const isInvalid = (o: NoteOutcome): o is InvalidNote => o.status === 422;

type Stored = { ok: true; action: Action; view: NoteView; engineNote: TransportNote };
type StoreResult = Stored | { ok: false; outcome: NoteOutcome };

const fail = (outcome: NoteOutcome): StoreResult => ({ ok: false, outcome });

/** A note with its route filled in, keeping the contract's field order. */
function withRoute(note: TransportNote, routeCode: string | undefined): TransportNote {
  const { cnNo, function: fn, senderUbn, origin, destination, ...rest } = note;
  return { cnNo, function: fn, senderUbn, origin, destination, ...(routeCode ? { routeCode } : {}), ...rest };
}

/** Seal numbers already on another live note: the same seal cannot close two trips at once. */
async function sealErrors(tx: Queryable, actor: Actor, note: TransportNote, prefix: string): Promise<FieldError[]> {
  const holders = await lockSealHolders(tx, note.containers.flatMap((c) => c.sealNos), note.cnNo);
  const errors: FieldError[] = [];
  note.containers.forEach((c, i) =>
    c.sealNos.forEach((s, j) => {
      const holder = holders.get(s);
      if (!holder) return;
      // Name the other note only to someone who may see it.
      const named = isCustoms(actor.principal) || holder.sender_ubn === actor.principal.companyUbn;
      errors.push({
        path: `${prefix}/containers/${i}/sealNos/${j}`,
        message: named ? `seal ${s} is bound to live transport note ${holder.cn_no}` : `seal ${s} is bound to another live transport note`,
      });
    }),
  );
  return errors;
}

/** The sender named in a replacement or cancel must be the note's sender. */
function senderErrors(req: NoteRequest, current: CurrentNote | undefined, action: Action, prefix: string): FieldError[] {
  if (!current || action === 'create' || action === 'reissue') return [];
  const named = req.kind === 'full' ? req.note.senderUbn : req.senderUbn;
  if (named === undefined || named === current.senderUbn) return [];
  return [{ path: `${prefix}/senderUbn`, message: `the sender of transport note ${current.cnNo} is ${current.senderUbn}; it cannot change` }];
}

async function storeInTransaction(tx: Queryable, actor: Actor, req: NoteRequest, note: TransportNote | undefined, prefix: string): Promise<StoreResult> {
  const p = actor.principal;
  const customs = isCustoms(p);
  const cnNo = req.kind === 'full' ? req.note.cnNo : req.cnNo;
  const row = await lockNote(tx, cnNo);
  const current = row ? toCurrent(row) : undefined;
  const canSee = !current || customs || current.senderUbn === p.companyUbn || (await canSeeNote(tx, p, current));
  const fn = req.kind === 'full' ? req.note.function : '1';
  const d = decide(fn, cnNo, current, { companyUbn: p.companyUbn, customs, canSee });
  if (!d.ok) return fail({ status: d.status, cnNo, detail: d.detail });
  const fieldErrors = senderErrors(req, current, d.action, prefix);
  if (fieldErrors.length) return fail({ status: 422, cnNo, errors: fieldErrors });

  const body: TransportNote = d.action === 'cancel' ? { ...current!.body, function: '1' } : note!;
  const status = d.action === 'cancel' ? 'cancelled' : 'live';
  if (status === 'live') {
    const errors = await sealErrors(tx, actor, body, prefix);
    if (errors.length) return fail({ status: 422, cnNo, errors });
  }
  const clearConfirmation =
    d.action === 'reissue' || (d.action === 'replace' && !!current?.confirmedAt && !keepsConfirmation(current.body, body));
  const stored = await writeVersion(tx, {
    note: body,
    version: d.version,
    status,
    fn,
    actor: { kind: p.kind, id: p.id, companyUbn: p.companyUbn },
    clearConfirmation,
    reissue: d.action === 'reissue',
  });
  await enqueueNoteChange(tx, {
    kind: d.action === 'cancel' ? 'cancelled' : d.action === 'replace' ? 'replaced' : 'created',
    cnNo,
    version: d.version,
    status,
    note: body,
    previousDestination: current?.destination,
  });
  await actor.audit(tx, {
    action: d.action,
    resource: 'transport_note',
    resourceId: cnNo,
    before: current ? { version: current.version, status: current.status, note: current.body } : undefined,
    after: { version: d.version, status, note: body },
  });
  return { ok: true, action: d.action, view: presentNote(stored), engineNote: body };
}

/** Hands a stored note to the engine. The note stays stored if this fails: the caller is told, and it is logged. */
async function handToEngine(svc: NoteServices, note: TransportNote): Promise<string[]> {
  try {
    await svc.inputs.submit([{ at: new Date().toISOString(), type: 'transportNote', data: note }]);
    return [];
  } catch (err) {
    svc.log?.error({ err, cnNo: note.cnNo }, 'transport note stored but not handed to the monitoring engine');
    return [`stored, but the monitoring engine did not take it yet: ${(err as Error).message}`];
  }
}

async function submitOne(svc: NoteServices, actor: Actor, shape: ShapeResult, registry: RegistryView, prefix: string): Promise<NoteOutcome> {
  if (!shape.request) return { status: 422, cnNo: shape.cnNo, errors: shape.errors };
  const req = shape.request;
  const p = actor.principal;
  const cnNo = req.kind === 'full' ? req.note.cnNo : req.cnNo;
  const sender = req.kind === 'full' ? req.note.senderUbn : req.senderUbn;
  if (!isCustoms(p) && sender !== undefined && sender !== p.companyUbn) {
    return { status: 403, cnNo, detail: `you may send transport notes only as your own company ${p.companyUbn}, not as ${sender}` };
  }
  let note: TransportNote | undefined;
  if (req.kind === 'full') {
    const check = checkRegistry(req.note, registry, prefix);
    if (check.errors.length) return { status: 422, cnNo, errors: check.errors };
    note = withRoute(req.note, check.routeCode);
  }
  const result = await svc.db.transaction((tx) => storeInTransaction(tx, actor, req, note, prefix));
  if (!result.ok) return result.outcome;
  const warnings = await handToEngine(svc, result.engineNote);
  const status = result.action === 'create' || result.action === 'reissue' ? 201 : 200;
  return { status, cnNo, version: result.view.version, view: result.view, ...(warnings.length ? { warnings } : {}) };
}

/**
 * Submits notes in order (a batch may replace a note it created a moment before). `prefixOf(i)`
 * is the JSON pointer of note i in the request, for error paths.
 */
export async function submitNotes(svc: NoteServices, actor: Actor, raws: unknown[], prefixOf: (i: number) => string): Promise<NoteOutcome[]> {
  const shapes = raws.map((raw, i) => checkShape(raw, prefixOf(i)));
  const full = shapes.flatMap((s) => (s.request?.kind === 'full' ? [s.request.note] : []));
  const registry = await loadRegistry(svc.db, full);
  const outcomes: NoteOutcome[] = [];
  for (const [i, shape] of shapes.entries()) outcomes.push(await submitOne(svc, actor, shape, registry, prefixOf(i)));
  return outcomes;
}
