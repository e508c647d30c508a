// The evidence package of a case: a ZIP of what the platform holds about it (the case and its
// notes, the alerts and their history, each trip's timeline and track, the transport notes and
// their versions, the seal reports and unseals, the gate events, the photos, the audit trail),
// with manifest.json listing every file's SHA-256 and size, and manifest.sig: an Ed25519
// signature over manifest.json by the platform key (the key that signs offline-unseal tokens,
// published at GET /keys/unseal/all). Anyone holding the public key can check later that no file
// was changed, added or removed (verifyPackage; `sealwatch evidence verify FILE`).
import { createHash, sign as edSign, verify as edVerify, type KeyObject } from 'node:crypto';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { Queryable, Row } from '../store/db.ts';
import type { PhotoStore } from '../photos/store.ts';
import type { SigningKey } from '../offline-unseal/keys.ts';
import { getCase } from './service.ts';
import type { Principal } from '../auth/roles.ts';

export const MANIFEST = 'manifest.json';
export const SIGNATURE = 'manifest.sig';

export interface ManifestFile {
  path: string;
  sha256: string;
  bytes: number;
}

export interface Manifest {
  format: 'sealwatch-evidence/1';
  caseId: string;
  generatedAt: string;
  generatedBy: string;
  files: ManifestFile[];
}

export interface SignatureFile {
  alg: 'EdDSA';
  crv: 'Ed25519';
  kid: string;
  /** base64url Ed25519 signature over the bytes of manifest.json. */
  signature: string;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const json = (v: unknown) => strToU8(JSON.stringify(v, null, 2) + '\n');
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
const clean = (rows: Row[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : iso(v)])));

/** Everything the platform holds about a case, as files (path → bytes). */
export async function gatherEvidence(q: Queryable, p: Principal, caseId: string, photos?: PhotoStore): Promise<Map<string, Uint8Array>> {
  const c = await getCase(q, p, caseId);
  const files = new Map<string, Uint8Array>();
  const { alerts, ...caseOnly } = c;
  files.set('case.json', json(caseOnly));
  const alertIds = alerts.map((a) => a.alert_id as string);
  files.set('alerts.json', json(clean(alerts)));
  files.set('alert-events.json', json(clean(await q.query(`select * from alert_events where alert_id = any($1) order by at, id`, [alertIds]))));
  const tripIds = [...new Set(alerts.map((a) => a.trip_id as string | null).filter((t): t is string => !!t))].sort();
  const cnNos = new Set<string>(alerts.flatMap((a) => (a.cn_nos as string[]) ?? []));
  for (const tripId of tripIds) {
    const [trip] = await q.query(`select * from trips where trip_id = $1`, [tripId]);
    if (!trip) continue;
    for (const cn of trip.cn_nos as string[]) cnNos.add(cn);
    const from = new Date(Date.parse(iso(trip.created_at) as string) - 3600_000).toISOString();
    const to = new Date(Date.parse(iso(trip.arrived_at ?? trip.updated_at) as string) + 3600_000).toISOString();
    const seals = trip.seal_ids as string[];
    const dir = `trips/${tripId.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
    files.set(`${dir}/trip.json`, json(clean([trip])[0]));
    files.set(`${dir}/events.json`, json(clean(await q.query(`select * from trip_events where trip_id = $1 order by seq`, [tripId]))));
    const track = await q.query(`select ts, lat, lon, speed_kmh, heading, device_id, received_at from positions where trip_id = $1 order by ts, input_seq`, [tripId]);
    files.set(
      `${dir}/track.geojson`,
      json({
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: track.map((t) => [t.lon, t.lat]) },
        properties: { tripId, plate: trip.plate, points: clean(track) },
      }),
    );
    files.set(
      `${dir}/seal-events.json`,
      json(
        clean(
          await q.query(
            `select seq, at, type, data from engine_inputs
              where at >= $1 and at <= $2 and (
                (type = 'telemetry' and (data->>'deviceId' = any($3) or exists (select 1 from json_array_elements(case when json_typeof(data->'seals') = 'array' then data->'seals' else '[]'::json end) s where s->>'id' = any($3))))
                or (type = 'unseal' and data->>'sealId' = any($3)))
              order by seq`,
            [from, to, seals],
          ),
        ),
      ),
    );
    files.set(`${dir}/offline-unseals.json`, json(clean(await q.query(`select * from offline_unseal_records where trip_id = $1 order by unsealed_at`, [tripId]))));
    files.set(
      `${dir}/gate-events.json`,
      json(clean(await q.query(`select seq, at, data from engine_inputs where type = 'gateEvent' and at >= $1 and at <= $2 and data->>'plate' = $3 order by seq`, [from, to, trip.plate]))),
    );
    files.set(`${dir}/commands.json`, json(clean(await q.query(`select * from commands where trip_id = $1 order by at, command_id`, [tripId]))));
  }
  const cns = [...cnNos].sort();
  files.set('transport-notes.json', json(clean(await q.query(`select * from transport_note_versions where cn_no = any($1) order by cn_no, version`, [cns]))));
  const photoRows = await q.query(`select * from photos where cn_no = any($1) order by created_at, id`, [cns]);
  files.set('photos.json', json(clean(photoRows)));
  for (const ph of photoRows) {
    const bytes = await photos?.get(ph.storage_key).catch(() => null);
    if (bytes) files.set(`photos/${ph.id}.${ph.content_type === 'image/png' ? 'png' : 'jpg'}`, bytes);
  }
  files.set(
    'audit.json',
    json(
      clean(
        await q.query(
          `select * from audit_log where (resource = 'case' and resource_id = $1) or (resource = 'alert' and resource_id = any($2))
             or (resource = 'trip' and resource_id = any($3)) or (resource = 'transport_note' and resource_id = any($4)) order by id`,
          [caseId, alertIds, tripIds, cns],
        ),
      ),
    ),
  );
  return files;
}

/** The signed ZIP of these files: the files, manifest.json and manifest.sig. */
export function buildPackage(files: Map<string, Uint8Array>, meta: { caseId: string; generatedBy: string; at?: string }, key: SigningKey): { zip: Uint8Array; manifest: Manifest } {
  const manifest: Manifest = {
    format: 'sealwatch-evidence/1',
    caseId: meta.caseId,
    generatedAt: meta.at ?? new Date().toISOString(),
    generatedBy: meta.generatedBy,
    files: [...files.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([path, bytes]) => ({ path, sha256: sha256(bytes), bytes: bytes.length })),
  };
  const manifestBytes = json(manifest);
  const sig: SignatureFile = { alg: 'EdDSA', crv: 'Ed25519', kid: key.kid, signature: edSign(null, manifestBytes, key.privateKey).toString('base64url') };
  const entries: Record<string, Uint8Array> = Object.fromEntries(files);
  entries[MANIFEST] = manifestBytes;
  entries[SIGNATURE] = json(sig);
  return { zip: zipSync(entries, { level: 6 }), manifest };
}

export interface Verification {
  ok: boolean;
  caseId: string | null;
  kid: string | null;
  signature: 'valid' | 'invalid' | 'unknown_key' | 'missing';
  /** What does not match: files changed, missing or added, the manifest unreadable. */
  problems: string[];
}

/** Checks a package: the signature over manifest.json by a known key, and every file against it. */
export async function verifyPackage(zip: Uint8Array, keyFor: (kid: string) => Promise<KeyObject | undefined>): Promise<Verification> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch {
    return { ok: false, caseId: null, kid: null, signature: 'missing', problems: ['not a ZIP file'] };
  }
  const problems: string[] = [];
  const mBytes = entries[MANIFEST];
  const sBytes = entries[SIGNATURE];
  if (!mBytes || !sBytes) return { ok: false, caseId: null, kid: null, signature: 'missing', problems: [`${MANIFEST} or ${SIGNATURE} is missing`] };
  let manifest: Manifest;
  let sig: SignatureFile;
  try {
    manifest = JSON.parse(strFromU8(mBytes));
    sig = JSON.parse(strFromU8(sBytes));
  } catch {
    return { ok: false, caseId: null, kid: null, signature: 'missing', problems: ['the manifest or signature is not JSON'] };
  }
  const key = typeof sig.kid === 'string' ? await keyFor(sig.kid) : undefined;
  let signature: Verification['signature'] = 'unknown_key';
  if (key) signature = edVerify(null, mBytes, key, Buffer.from(String(sig.signature), 'base64url')) ? 'valid' : 'invalid';
  if (signature !== 'valid') problems.push(signature === 'invalid' ? 'the signature does not match manifest.json' : `key ${sig.kid} is not a platform key`);
  const listed = new Set<string>();
  for (const f of manifest.files ?? []) {
    listed.add(f.path);
    const bytes = entries[f.path];
    if (!bytes) problems.push(`${f.path}: missing`);
    else if (sha256(bytes) !== f.sha256 || bytes.length !== f.bytes) problems.push(`${f.path}: changed (SHA-256 differs)`);
  }
  for (const path of Object.keys(entries)) {
    if (path !== MANIFEST && path !== SIGNATURE && !listed.has(path)) problems.push(`${path}: not in the manifest`);
  }
  // Both come from the uploaded files: anything but text is not a case id or key id.
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return { ok: problems.length === 0, caseId: text(manifest.caseId), kid: text(sig.kid), signature, problems };
}
