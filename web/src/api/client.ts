// The console's client for /api/v1 (web/shared/api-client.ts): the session cookie authenticates,
// errors arrive as RFC 9457 problems.
import { createApi } from '../../shared/api-client.ts';

export { ApiError, asList, query, type FieldError } from '../../shared/api-client.ts';

export const api = createApi();
