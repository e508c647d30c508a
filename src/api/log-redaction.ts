// What the access and error logs may hold. Logs travel further than the database (to files, log
// shippers, support tickets), so credentials and personal data never enter them: authorization and
// cookie headers are redacted, a URL's secret query values (the stream's `?token=`) are masked,
// and database errors are logged without the values bound to the failed statement.

/** Header paths pino replaces with a placeholder, wherever a request's or response's headers are logged. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
];

const CENSOR = '[redacted]';

/** Query parameters that carry credentials. */
const SECRET_PARAMS = new Set(['token', 'access_token', 'key', 'api_key', 'apikey', 'password', 'secret']);

/** The URL with the value of each credential-bearing query parameter masked. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const masked = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // A malformed name is kept as written; it is compared as written.
      }
      return eq >= 0 && SECRET_PARAMS.has(decoded.toLowerCase()) ? `${name}=${CENSOR}` : pair;
    })
    .join('&');
  return `${url.slice(0, q)}?${masked}`;
}

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** The request as the access log shows it: Fastify's fields, the URL's secrets masked. */
export function serializeRequest(req: LoggedRequest): Record<string, unknown> {
  return {
    method: req.method,
    url: typeof req.url === 'string' ? redactUrl(req.url) : req.url,
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/**
 * Fields of database errors that hold data rather than a description: bound parameters (PGlite),
 * the key values of a violated constraint (`detail`: "Key (national_id)=(A123456789) already exists").
 */
const VALUE_FIELDS = new Set(['params', 'parameters', 'values', 'detail', 'queryOptions']);

/** An error as logged: type, message, stack and its own fields, without the data fields. */
export function serializeError(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error)) return err;
  const out: Record<string, unknown> = { type: err.constructor?.name ?? 'Error', message: err.message, stack: err.stack };
  for (const [k, v] of Object.entries(err)) if (!VALUE_FIELDS.has(k) && k !== 'cause') out[k] = v;
  if (err.cause !== undefined && depth < 5) out.cause = serializeError(err.cause, depth + 1);
  return out;
}

/** Fastify's logger option with the redaction in place; false stays false. */
export function loggerOptions(logger: boolean | object | undefined): false | Record<string, unknown> {
  if (!logger) return false;
  const given = (typeof logger === 'object' ? logger : {}) as Record<string, any>;
  return {
    ...given,
    redact: { paths: [...REDACTED_PATHS, ...(given.redact?.paths ?? given.redact ?? [])], censor: CENSOR },
    serializers: { req: serializeRequest, err: serializeError, ...given.serializers },
  };
}
