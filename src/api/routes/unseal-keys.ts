// GET /keys/unseal: the platform's Ed25519 public key as a JWK (RFC 8037), what seals are
// provisioned with to check offline-unseal tokens without a network. Public: it is a public key.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { fieldServices } from '../../field/services.ts';
import type { AppContext } from '../../platform.ts';

const Jwk = Type.Object({
  kty: Type.Literal('OKP'),
  crv: Type.Literal('Ed25519'),
  x: Type.String({ description: 'The public key, base64url' }),
  kid: Type.String({ description: "The key's JWK thumbprint (RFC 7638); a token names the key that signed it" }),
  alg: Type.Literal('EdDSA'),
  use: Type.Literal('sig'),
});

export default async function unsealKeyRoutes(api: FastifyInstance, ctx: AppContext) {
  // The key pair is made on first start, not on the first request. A key that cannot be
  // decrypted is logged; the rest of the platform still starts (tokens answer 503 until fixed).
  try {
    await fieldServices(ctx).keys.signingKey();
  } catch (err) {
    ctx.log?.error({ err }, 'offline unseal: the signing key is unavailable');
  }

  api.get(
    '/keys/unseal',
    {
      config: { auth: false },
      schema: {
        tags: ['offline-unseal'],
        summary: "The platform's Ed25519 public key for offline-unseal tokens, as a JWK",
        security: [],
        response: { 200: Jwk },
      },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return fieldServices(ctx).keys.publicJwk();
    },
  );

  api.get(
    '/keys/unseal/all',
    {
      config: { auth: false },
      schema: {
        tags: ['offline-unseal'],
        summary: 'Every key that may still verify a token (the active one first), as a JWK Set',
        security: [],
        response: { 200: Type.Object({ keys: Type.Array(Jwk) }) },
      },
    },
    async () => ({ keys: await fieldServices(ctx).keys.allPublicJwks() }),
  );
}
