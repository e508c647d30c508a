// Accepting transport notes: one or a batch, each checked on its own and written in its own
// transaction with its audit entry, its webhook deliveries and its engine input: all of it is
// stored, or none. A bad note never holds back the good ones beside it.
import { recordAudit, type Actor } from '../audit/trail.ts';
import { isCustoms, type Principal } from '../auth/roles.ts';
import { DomainError, forbidden, invalid, type FieldError } from '../core/errors.ts';
import type { TransportNote } from '../core/types.ts';
import type { Written } from '../platform.ts';
import type { Queryable, Row } from '../store/db.ts';
import { enqueueNoteChange } from '../webhooks/events.ts';
import { getRollout, rolloutErrors } from '../programme/rollout.ts';
import { canSeeNote } from '../access/policy.ts';
import { decide, keepsConfirmation, type Action, type CurrentNote } from './lifecycle.ts';
import { presentNote, type NoteView } from './present.ts';
import { checkRegistry, loadRegistry, type RegistryView } from './registry.ts';
import { storeWrite, type NoteServices } from './services.ts';
import { lockNote, lockSealHolders, toCurrent, writeVersion } from './store.ts';
import { checkShape, type NoteRequest, type ShapeResult } from './validate.ts';

export type AcceptedNote = { ok: true; cnNo: string; action: Action; version: number; view: NoteView };
export type RefusedNote = { ok: false; cnNo?: string; error: DomainError };
export type NoteOutcome = AcceptedNote | RefusedNote;

/** A note issued (first, or again after a cancel) rather than a change to a stored one. */
export const isIssued = (o: AcceptedNote): boolean => o.action === 'create' || o.action === 'reissue';

const notValid = (errors: FieldError[]) => invalid(errors, 'The transport note is not valid');

type Stored = { action: Action; view: NoteView };

/** A note with its route filled in, keeping the contract's field order. */
function withRoute(note: TransportNote, routeCode: string | undefined): TransportNote {
  const { cnNo, function: fn, senderUbn, origin, destination, ...rest } = note;
  return { cnNo, function: fn, senderUbn, origin, destination, ...(routeCode ? { routeCode } : {}), ...rest };
}

/** Seal numbers already on another live note: the same seal cannot close two trips at once. */
async function sealErrors(tx: Queryable, p: Principal, note: TransportNote, prefix: string): Promise<FieldError[]> {
  return sealErrorsOf(await lockSealHolders(tx, note.containers.flatMap((c) => c.sealNos), note.cnNo), p, note, prefix);
}

function sealErrorsOf(holders: Map<string, Row>, p: Principal, note: TransportNote, prefix: string): FieldError[] {
  const errors: FieldError[] = [];
  note.containers.forEach((c, i) =>
    c.sealNos.forEach((s, j) => {
      const holder = holders.get(s);
      if (!holder) return;
      // Name the other note only to someone who may see it.
      const named = isCustoms(p) || holder.sender_ubn === p.companyUbn;
      errors.push({
        path: `${prefix}/containers/${i}/sealNos/${j}`,
        message: named ? `seal ${s} is bound to live transport note ${holder.cn_no}` : `seal ${s} is bound to another live transport note`,
        ...(named ? { code: 'seal.bound_to', params: { seal: s, cnNo: holder.cn_no as string } } : { code: 'seal.bound', params: { seal: s } }),
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
  return [{ path: `${prefix}/senderUbn`, message: `the sender of transport note ${current.cnNo} is ${current.senderUbn}; it cannot change`, code: 'cn.sender_fixed', params: { cnNo: current.cnNo, ubn: current.senderUbn } }];
}

/**
 * Decides on the note as it stands under its lock and writes the new version, its webhook
 * deliveries and its audit entry; returns the engine's input with it. A refusal throws, so the
 * write is rolled back.
 */
async function writeNote(
  tx: Queryable,
  actor: Actor,
  p: Principal,
  req: NoteRequest,
  note: TransportNote | undefined,
  prefix: string,
): Promise<Written<Stored>> {
  const customs = isCustoms(p);
  const cnNo = req.kind === 'full' ? req.note.cnNo : req.cnNo;
  const row = await lockNote(tx, cnNo);
  const current = row ? toCurrent(row) : undefined;
  const canSee = !current || customs || current.senderUbn === p.companyUbn || (await canSeeNote(tx, p, current));
  const fn = req.kind === 'full' ? req.note.function : '1';
  const d = decide(fn, cnNo, current, { companyUbn: p.companyUbn, customs, canSee });
  if (!d.ok) throw new DomainError(d.refusal, d.detail, undefined, undefined, d.code, d.params);
  const fieldErrors = senderErrors(req, current, d.action, prefix);
  if (fieldErrors.length) throw notValid(fieldErrors);

  const body: TransportNote = d.action === 'cancel' ? { ...current!.body, function: '1' } : note!;
  const status = d.action === 'cancel' ? 'cancelled' : 'live';
  if (status === 'live') {
    const errors = [...(await sealErrors(tx, p, body, prefix)), ...rolloutErrors(await getRollout(tx), body, prefix)];
    if (errors.length) throw notValid(errors);
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
  await recordAudit(tx, actor, {
    action: d.action,
    resource: 'transport_note',
    resourceId: cnNo,
    before: current ? { version: current.version, status: current.status, note: current.body } : undefined,
    after: { version: d.version, status, note: body },
  });
  return { result: { action: d.action, view: presentNote(stored) }, inputs: [{ type: 'transportNote', data: body }] };
}

/** Checks that need no lock: the shape, the sender the caller may speak for, the registry's references. */
function checkedRequest(p: Principal, shape: ShapeResult, registry: RegistryView, prefix: string): { req: NoteRequest; note?: TransportNote } {
  if (!shape.request) throw notValid(shape.errors);
  const req = shape.request;
  const sender = req.kind === 'full' ? req.note.senderUbn : req.senderUbn;
  if (!isCustoms(p) && sender !== undefined && sender !== p.companyUbn) {
    throw forbidden(`you may send transport notes only as your own company ${p.companyUbn}, not as ${sender}`, 'company.own_only', { ubn: p.companyUbn });
  }
  if (req.kind !== 'full') return { req };
  const check = checkRegistry(req.note, registry, prefix);
  if (check.errors.length) throw notValid(check.errors);
  return { req, note: withRoute(req.note, check.routeCode) };
}

async function submitOne(
  svc: NoteServices,
  actor: Actor,
  p: Principal,
  shape: ShapeResult,
  registry: RegistryView,
  prefix: string,
): Promise<NoteOutcome> {
  // Read and normalised by the shape check: the number the note is stored under.
  const cnNo = shape.cnNo;
  try {
    const { req, note } = checkedRequest(p, shape, registry, prefix);
    const stored = await storeWrite(svc, `transport note ${cnNo}`, (tx) => writeNote(tx, actor, p, req, note, prefix));
    return { ok: true, cnNo: cnNo!, action: stored.action, version: stored.view.version, view: stored.view };
  } catch (err) {
    // A refused note is this note's result; the others of a batch go on.
    if (err instanceof DomainError) return { ok: false, cnNo, error: err };
    throw err;
  }
}

/**
 * Submits notes in order (a batch may replace a note it created a moment before). `prefixOf(i)`
 * is the JSON pointer of note i in the request, for error paths.
 */
export async function submitNotes(
  svc: NoteServices,
  actor: Actor,
  p: Principal,
  raws: unknown[],
  prefixOf: (i: number) => string,
): Promise<NoteOutcome[]> {
  const shapes = raws.map((raw, i) => checkShape(raw, prefixOf(i)));
  const full = shapes.flatMap((s) => (s.request?.kind === 'full' ? [s.request.note] : []));
  const registry = await loadRegistry(svc.db, full);
  const outcomes: NoteOutcome[] = [];
  for (const [i, shape] of shapes.entries()) outcomes.push(await submitOne(svc, actor, p, shape, registry, prefixOf(i)));
  return outcomes;
}

/**
 * The checks of a submission without storing anything (the portal's form checks as one types):
 * the shape, the sender, the registry's references and the seals already on another live note.
 * Answers the field errors the same note would get from POST /transport-notes (empty: it would
 * pass those checks; the note's own lifecycle is decided when it is sent).
 */
export async function checkNoteOnly(svc: Pick<NoteServices, 'db'>, p: Principal, raw: unknown, prefix = '/body'): Promise<FieldError[]> {
  const shape = checkShape(raw, prefix);
  const full = shape.request?.kind === 'full' ? [shape.request.note] : [];
  const registry = await loadRegistry(svc.db, full);
  try {
    const { note } = checkedRequest(p, shape, registry, prefix);
    if (!note) return [];
    const holders = await svc.db.query(
      `select s.seal_no, n.cn_no, n.sender_ubn from transport_note_seals s join transport_notes n on n.cn_no = s.cn_no
       where s.seal_no = any($1) and s.cn_no <> $2 and n.status = 'live' and n.closed_at is null`,
      [note.containers.flatMap((c) => c.sealNos), note.cnNo],
    );
    return sealErrorsOf(new Map(holders.map((r) => [r.seal_no as string, r])), p, note, prefix);
  } catch (err) {
    if (err instanceof DomainError) return err.errors ?? [{ path: prefix || '/', message: err.message, code: err.code ?? err.kind, ...(err.params ? { params: err.params } : {}) }];
    throw err;
  }
}
