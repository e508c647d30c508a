// Offline unseal (離線解封, DOMAIN "The basic flow" step 8): a responsible person holding the
// permission (applied for, approved by customs) downloads a token for one seal while online; at the
// truck, with no signal, the phone hands it to the seal over Bluetooth and the seal checks it with
// the platform's public key and unlocks; back online, the phone uploads the unseal record.
//
// On upload the platform verifies the token again, spends its jti (a second use is a conflict), and
// tells the engine that the seal was unsealed with authority (a manual `unseal` input): the record,
// the spent token, the audit entry and the engine input commit together. Then it reconciles with
// what the seal itself reported: a tamper alert raised because the seal reported `unlocked` before
// the record arrived is resolved as explained by the record. A seal that opened with no valid
// record stays a seal_tamper.
import type { AppContext } from '../platform.ts';
import { recordAudit, type Actor } from '../audit/trail.ts';
import { newId } from '../auth/secrets.ts';
import { hasRole, isCustoms, type Principal } from '../auth/roles.ts';
import { conflict, forbidden, invalid, invalidField, notFound, unavailable, type ErrorParams } from '../core/errors.ts';
import { canSeeNote, ownedScope } from '../access/policy.ts';
import type { Queryable, Row } from '../store/db.ts';
import { liveNoteOfSeal, liveTripOfSeal, relatedToNote } from '../field/seal-trip.ts';
import { fieldServices } from '../field/services.ts';
import { KeyUnavailableError } from './keys.ts';
import { checkClaims, issueToken, REFUSAL_TEXT, tokenKid, verifySignature, type UnsealClaims } from './token.ts';
import { reconcileTamperAlerts } from './reconcile.ts';

/** Clock difference allowed between the phone, the seal and the platform. */
export const CLOCK_SKEW_S = 120;

/** The approved application that gives this person the permission now, if any. */
export async function offlinePermission(q: Queryable, userId: string): Promise<Row | undefined> {
  const [row] = await q.query(
    `select * from offline_unseal_applications
     where user_id = $1 and status = 'approved' and (valid_until is null or valid_until > now())
     order by decided_at desc limit 1`,
    [userId],
  );
  return row;
}

export interface TokenResponse {
  token: string;
  expiresAt: string;
  issuedAt: string;
  jti: string;
  sealId: string;
  tripId: string;
  cnNo: string;
  containerNo: string;
  kid: string;
}

/** POST /seals/{sealId}/offline-unseal-tokens */
export async function issueOfflineToken(ctx: AppContext, actor: Actor, p: Principal, sealId: string): Promise<TokenResponse> {
  if (p.kind !== 'user') throw forbidden('An offline-unseal token is issued to a person (log in), not to a system key', 'person.only');
  const note = await liveNoteOfSeal(ctx.db, sealId);
  const parties = note && { cnNo: note.cn_no, senderUbn: note.sender_ubn, origin: note.origin, destination: note.destination };
  if (!note || !parties || !(await canSeeNote(ctx.db, p, parties))) throw notFound(`Seal ${sealId} on a transport note in progress`, 'seal_in_progress', sealId);
  if (!(await relatedToNote(ctx.db, p, { origin: note.origin, destination: note.destination }))) {
    throw forbidden(`Only a responsible person of the origin ${note.origin} or destination ${note.destination} (or customs) may unseal seal ${sealId}`, 'unseal.party_only', { origin: note.origin, destination: note.destination });
  }
  if (!isCustoms(p) && !(await offlinePermission(ctx.db, p.id))) {
    throw forbidden('You do not hold the offline-unseal permission: apply for it (POST /offline-unseal/applications) and wait for customs to approve it', 'offline.permission_needed');
  }
  const trip = await liveTripOfSeal(ctx, sealId);
  if (!trip) throw conflict(`Seal ${sealId} is on transport note ${note.cn_no}, but its trip is not being monitored yet`, 'seal.trip_not_monitored', { sealId, cnNo: note.cn_no });
  const f = fieldServices(ctx);
  let key;
  try {
    key = await f.keys.signingKey();
  } catch (err) {
    if (err instanceof KeyUnavailableError) {
      ctx.log?.error({ err }, 'offline unseal: signing key unavailable');
      throw unavailable('Offline-unseal tokens cannot be issued now: the signing key is unavailable; the administrators have been told');
    }
    throw err;
  }
  const issued = await issueToken(key, sealId, trip.tripId, Date.now(), f.config.tokenTtlSeconds);
  const c = issued.claims;
  const issuedAt = new Date(c.iat * 1000);
  const expiresAt = new Date(c.exp * 1000);
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      `insert into offline_unseal_tokens (jti, kid, seal_id, trip_id, cn_no, user_id, company_ubn, issued_at, expires_at)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [c.jti, issued.kid, sealId, trip.tripId, note.cn_no, p.id, p.companyUbn, issuedAt, expiresAt],
    );
    // The token itself never enters the audit trail: its jti identifies it.
    await recordAudit(tx, actor, {
      action: 'issue_offline_unseal_token',
      resource: 'seal',
      resourceId: sealId,
      after: { jti: c.jti, tripId: trip.tripId, cnNo: note.cn_no, issuedAt: issuedAt.toISOString(), expiresAt: expiresAt.toISOString() },
    });
  });
  return {
    token: issued.token,
    expiresAt: expiresAt.toISOString(),
    issuedAt: issuedAt.toISOString(),
    jti: c.jti,
    sealId,
    tripId: trip.tripId,
    cnNo: note.cn_no,
    containerNo: note.container_no,
    kid: issued.kid,
  };
}

export interface RecordBody {
  token: string;
  sealId: string;
  unsealedAt: string;
  by: string;
}

export interface RecordResponse {
  recordId: string;
  jti: string;
  sealId: string;
  tripId: string;
  unsealedAt: string;
  unsealedBy: string;
  uploadedAt: string;
  reconciledAlerts: string[];
}

async function verifiedClaims(ctx: AppContext, body: RecordBody): Promise<UnsealClaims> {
  const bad = (path: string, message: string, code: string, params?: ErrorParams) =>
    invalid([{ path, message, code, ...(params ? { params } : {}) }], 'The offline-unseal record is not valid');
  const kid = tokenKid(body.token);
  const key = kid ? await fieldServices(ctx).keys.verifyingKey(kid) : undefined;
  if (!kid) throw bad('/body/token', REFUSAL_TEXT.malformed, 'token.malformed');
  if (!key) throw bad('/body/token', REFUSAL_TEXT.unknown_key, 'token.unknown_key');
  const v = await verifySignature(body.token, key);
  if (!v.ok) throw bad('/body/token', REFUSAL_TEXT[v.reason], `token.${v.reason}`);
  const atMs = Date.parse(body.unsealedAt);
  if (atMs > Date.now() + CLOCK_SKEW_S * 1000) throw bad('/body/unsealedAt', 'is in the future', 'time.future');
  const refusal = checkClaims(v.claims, { sealId: body.sealId, atMs, skewSeconds: CLOCK_SKEW_S });
  if (refusal === 'wrong_seal') throw bad('/body/sealId', `the token ${REFUSAL_TEXT.wrong_seal} (${v.claims.sub})`, 'token.wrong_seal', { sealId: v.claims.sub });
  if (refusal === 'expired') throw bad('/body/unsealedAt', `is after the token expired (${new Date(v.claims.exp * 1000).toISOString()})`, 'token.expired', { at: new Date(v.claims.exp * 1000).toISOString() });
  if (refusal === 'not_yet_valid') throw bad('/body/unsealedAt', `is before the token was issued (${new Date(v.claims.iat * 1000).toISOString()})`, 'token.not_yet_valid', { at: new Date(v.claims.iat * 1000).toISOString() });
  if (refusal) throw bad('/body/token', REFUSAL_TEXT[refusal], `token.${refusal}`);
  return v.claims;
}

/** POST /offline-unseal/records */
export async function acceptOfflineRecord(ctx: AppContext, actor: Actor, p: Principal, body: RecordBody): Promise<RecordResponse> {
  const claims = await verifiedClaims(ctx, body);
  const unsealedAt = new Date(body.unsealedAt);
  const recordId = newId('our');
  const { token, uploadedAt } = await ctx.inputs.transact(async (tx) => {
    const [token] = await tx.query('select * from offline_unseal_tokens where jti = $1 for update', [claims.jti]);
    if (!token) throw invalidField('/body/token', 'was not issued by this platform (unknown jti)', 'offline.token_unknown');
    if (token.user_id !== p.id && !isCustoms(p)) throw forbidden('Only the person the token was issued to (or customs) may upload its record');
    const [holder] = await tx.query('select id, username, name from users where id = $1', [token.user_id]);
    if (body.by !== token.user_id && body.by !== holder?.username) {
      throw invalidField('/body/by', `must be the person the token was issued to (${holder?.username ?? token.user_id})`, 'offline.token_holder', { user: String(holder?.username ?? token.user_id) });
    }
    if (token.used_at) {
      const at = new Date(token.used_at).toISOString();
      throw conflict(`Token ${claims.jti} has already been used: its unseal was recorded at ${at} (record ${token.record_id})`, 'offline.token_used', { jti: claims.jti, at, recordId: token.record_id });
    }
    const [rec] = await tx.query(
      `insert into offline_unseal_records (id, jti, seal_id, trip_id, unsealed_at, unsealed_by, uploaded_by)
       values ($1,$2,$3,$4,$5,$6,$7) returning uploaded_at`,
      [recordId, claims.jti, body.sealId, claims.trip, unsealedAt, token.user_id, p.id],
    );
    await tx.query('update offline_unseal_tokens set used_at = now(), record_id = $2 where jti = $1', [claims.jti, recordId]);
    await recordAudit(tx, actor, {
      action: 'offline_unseal',
      resource: 'seal',
      resourceId: body.sealId,
      after: { recordId, jti: claims.jti, tripId: claims.trip, unsealedAt: unsealedAt.toISOString(), unsealedBy: token.user_id },
    });
    const unseal = {
      type: 'unseal' as const,
      data: {
        sealId: body.sealId,
        by: `${holder?.name ?? token.user_id} (user:${token.user_id})`,
        reason: `offline unseal at ${unsealedAt.toISOString()} (token ${claims.jti}, record ${recordId})`,
      },
    };
    return { result: { token, uploadedAt: new Date(rec.uploaded_at).toISOString() }, inputs: [unseal] };
  });

  // The engine applies the unseal before the seal's own reports are reconciled with the record.
  const monitor = ctx.services.monitor;
  if (monitor) await Promise.race([monitor.settled(), new Promise((r) => setTimeout(r, 2000))]);
  const reconciled = await reconcileTamperAlerts(ctx.db, actor, { recordId, sealId: body.sealId, tripId: claims.trip, iat: claims.iat, exp: claims.exp });
  return {
    recordId,
    jti: claims.jti,
    sealId: body.sealId,
    tripId: claims.trip,
    unsealedAt: unsealedAt.toISOString(),
    unsealedBy: token.user_id,
    uploadedAt,
    reconciledAlerts: reconciled,
  };
}

export interface RecordView {
  recordId: string;
  jti: string;
  sealId: string;
  tripId: string;
  cnNo: string | null;
  unsealedAt: string | null;
  unsealedBy: string;
  uploadedBy: string;
  uploadedAt: string | null;
  tokenIssuedAt: string | null;
  tokenExpiresAt: string | null;
  reconciledAlerts: string[];
}

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

/** The offline unseals recorded for a seal: customs sees all, others those of tokens issued to their company. */
export async function recordsOfSeal(ctx: AppContext, p: Principal, sealId: string): Promise<RecordView[]> {
  const rows = await ctx.db.query(
    `select r.*, t.company_ubn, t.issued_at, t.expires_at, t.cn_no from offline_unseal_records r join offline_unseal_tokens t on t.jti = r.jti
     where r.seal_id = $1 and ($2::text is null or t.company_ubn = $2) order by r.unsealed_at desc`,
    [sealId, ownedScope(p)],
  );
  return rows.map((r) => ({
    recordId: r.id,
    jti: r.jti,
    sealId: r.seal_id,
    tripId: r.trip_id,
    cnNo: r.cn_no ?? null,
    unsealedAt: iso(r.unsealed_at),
    unsealedBy: r.unsealed_by,
    uploadedBy: r.uploaded_by,
    uploadedAt: iso(r.uploaded_at),
    tokenIssuedAt: iso(r.issued_at),
    tokenExpiresAt: iso(r.expires_at),
    reconciledAlerts: r.reconciled_alerts,
  }));
}

export const APPLICANT_ROLES = ['responsible_person'] as const;

export function mayDecide(p: Principal): boolean {
  return hasRole(p, ['customs_admin', 'customs_officer']);
}
