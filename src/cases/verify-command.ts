// sealwatch evidence verify FILE --key KEYS: checks an evidence package offline, against the
// platform's public keys as published at GET /api/v1/keys/unseal/all (a JSON array of JWKs, or one
// JWK, saved to a file): the signature over manifest.json and every file against the manifest.
// Prints the verification as JSON; exit 0 when the package is intact, 1 when not, 2 on bad usage.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { verifyPackage } from './evidence.ts';

const USAGE = 'usage: sealwatch evidence verify FILE --key KEYS.json   (KEYS: GET /api/v1/keys/unseal/all, saved)';

export async function runEvidenceCommand(args: string[]): Promise<number> {
  const [sub, file, ...rest] = args;
  const keyAt = rest.indexOf('--key');
  const keyFile = keyAt >= 0 ? rest[keyAt + 1] : undefined;
  if (sub !== 'verify' || !file || !keyFile) {
    console.error(USAGE);
    return 2;
  }
  const parsed = JSON.parse(readFileSync(keyFile, 'utf8'));
  const jwks: { kid?: string }[] = Array.isArray(parsed) ? parsed : Array.isArray(parsed.keys) ? parsed.keys : [parsed];
  const keys = new Map<string, KeyObject>(jwks.filter((k) => k.kid).map((k) => [k.kid!, createPublicKey({ key: k as any, format: 'jwk' })]));
  const result = await verifyPackage(new Uint8Array(readFileSync(file)), async (kid) => keys.get(kid));
  console.log(JSON.stringify(result, null, 2));
  return result.ok ? 0 : 1;
}
