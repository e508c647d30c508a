// An upload, once parsed into records: grouped into notes, then converted only (dry run) or
// submitted exactly as POST /transport-notes does, and answered line by line.
import type { Actor } from '../../audit/trail.ts';
import type { Principal } from '../../auth/roles.ts';
import { tooLarge, type DomainErrorKind } from '../../core/errors.ts';
import type { NoteServices } from '../services.ts';
import { isIssued, submitNotes, type NoteOutcome } from '../submit.ts';
import { checkShape } from '../validate.ts';
import type { ErrorParams } from '../../core/errors.ts';
import type { LineError, ParsedUpload, UploadError } from './fields.ts';
import { groupRecords, type NoteGroup } from './group.ts';

/**
 * How a line's note fared: issued (first, or again), changed (replaced or cancelled), converted
 * only (dry run), or refused for a reason of this kind.
 */
export type LineOutcome = 'issued' | 'changed' | 'converted' | DomainErrorKind;

const ACCEPTED: ReadonlySet<LineOutcome> = new Set(['issued', 'changed', 'converted']);
export const isAcceptedLine = (o: LineOutcome): boolean => ACCEPTED.has(o);

export interface LineResult {
  line: number;
  outcome: LineOutcome;
  cnNo?: string;
  /** Dry run: the JSON note the line converts to (on the first line of each note). */
  note?: unknown;
  errors?: UploadError[];
}

export interface UploadReport {
  lines: LineResult[];
  summary: { ok: number; failed: number; notes: { ok: number; failed: number } };
}

/** Most notes one upload may carry; a larger file is split by the sender. */
export const MAX_UPLOAD_NOTES = 5000;

/** The source column an error path of a note comes from. */
export function fieldOfPath(path: string): string | undefined {
  const c = /^\/containers(?:\/\d+(?:\/(no|sealType|sealNos))?)?/.exec(path);
  if (c) return c[1] === 'sealType' ? 'sealType' : c[1] === 'sealNos' ? 'sealNos' : 'containerNo';
  const m = /^\/([A-Za-z]+)/.exec(path);
  return m?.[1];
}

/** Container errors belong to the container's line; the others to the note's first line. */
function lineOfPath(g: NoteGroup, path: string): number {
  const m = /^\/containers\/(\d+)/.exec(path);
  return (m ? g.containerLines[Number(m[1])] : undefined) ?? g.lines[0];
}

type Outcome = { outcome: LineOutcome; errors?: UploadError[]; detail?: string; code?: string; params?: ErrorParams; note?: unknown };

/** Spreads one note's outcome over its lines. */
function groupLines(g: NoteGroup, o: Outcome, dryRun: boolean): LineResult[] {
  const byLine = new Map<number, UploadError[]>();
  for (const e of o.errors ?? []) {
    const line = lineOfPath(g, e.path);
    byLine.set(line, [...(byLine.get(line) ?? []), { ...e, field: e.field ?? fieldOfPath(e.path) }]);
  }
  const failed = !isAcceptedLine(o.outcome);
  const firstBad = [...byLine.keys()].sort((a, b) => a - b)[0];
  return g.lines.map((line, k) => {
    const r: LineResult = { line, outcome: o.outcome, cnNo: g.cnNo };
    if (dryRun && k === 0 && o.note) r.note = o.note;
    if (!failed) return r;
    const own = byLine.get(line);
    if (own) r.errors = own;
    else if (o.detail) r.errors = [{ path: '', message: o.detail, code: o.code ?? o.outcome, ...(o.params ? { params: o.params } : {}) }];
    else r.errors = [{ path: '', message: `transport note ${g.cnNo} was not accepted: see line ${firstBad}`, code: 'upload.note_refused', params: { cnNo: g.cnNo, line: firstBad } }];
    return r;
  });
}

const fromConversion = (g: NoteGroup): Outcome => ({ outcome: 'invalid', errors: [...g.errors.values()].flat() });

function fromSubmission(o: NoteOutcome): Outcome {
  if (o.ok) return { outcome: isIssued(o) ? 'issued' : 'changed' };
  return o.error.errors ? { outcome: o.error.kind, errors: o.error.errors } : { outcome: o.error.kind, detail: o.error.message, code: o.error.code ?? o.error.kind, params: o.error.params };
}

function dryOutcome(g: NoteGroup): Outcome {
  const shape = checkShape(g.raw, '');
  if (!shape.request) return { outcome: 'invalid', errors: shape.errors, note: g.raw };
  return { outcome: 'converted', note: shape.request.kind === 'full' ? shape.request.note : g.raw };
}

const fromLineError = (e: LineError): LineResult => ({ line: e.line, outcome: 'invalid', errors: e.errors });

export async function processUpload(
  svc: NoteServices,
  actor: Actor,
  p: Principal,
  parsed: ParsedUpload,
  dryRun: boolean,
): Promise<UploadReport> {
  const { groups, lineErrors } = groupRecords(parsed.records);
  if (groups.length > MAX_UPLOAD_NOTES) {
    throw tooLarge(`the file holds ${groups.length} transport notes; at most ${MAX_UPLOAD_NOTES} per upload`);
  }
  const convertible = groups.filter((g) => g.errors.size === 0);
  const outcomes = new Map<NoteGroup, Outcome>();
  for (const g of groups) if (g.errors.size) outcomes.set(g, fromConversion(g));
  if (dryRun) for (const g of convertible) outcomes.set(g, dryOutcome(g));
  else {
    const submitted = await submitNotes(svc, actor, p, convertible.map((g) => g.raw), () => '');
    convertible.forEach((g, i) => outcomes.set(g, fromSubmission(submitted[i])));
  }
  const lines = [...parsed.lineErrors, ...lineErrors].map(fromLineError);
  for (const g of groups) lines.push(...groupLines(g, outcomes.get(g)!, dryRun));
  lines.sort((a, b) => a.line - b.line);
  const okLines = lines.filter((l) => isAcceptedLine(l.outcome)).length;
  const okNotes = [...outcomes.values()].filter((o) => isAcceptedLine(o.outcome)).length;
  return {
    lines,
    summary: { ok: okLines, failed: lines.length - okLines, notes: { ok: okNotes, failed: groups.length - okNotes } },
  };
}
