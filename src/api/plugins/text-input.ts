// Text the API accepts is text PostgreSQL can store and JSON can carry: no NUL characters
// (PostgreSQL refuses them in text) and no unpaired UTF-16 surrogates (they cannot be encoded as
// UTF-8 and would be stored as U+FFFD). Checked once for every route, in path parameters, query
// strings and JSON bodies, before the route's own validation; nesting is bounded too, since no
// SealWatch body nests deeper than a GeoJSON MultiPolygon.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { MAX_NESTING, findBadText } from '../../core/text.ts';
import { unprocessable } from '../problem.ts';

export { findBadText, MAX_NESTING };

async function textInput(app: FastifyInstance) {
  app.addHook('preValidation', async (req) => {
    const bad =
      findBadText(req.params, '/params') ??
      findBadText(req.query, '/querystring') ??
      (Buffer.isBuffer(req.body) ? undefined : findBadText(req.body, '/body'));
    if (bad) throw unprocessable([bad], 'The request contains text that cannot be stored');
  });
}

export default fp(textInput, { name: 'sealwatch-text-input' });
