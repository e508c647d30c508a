// The list paging parameters of the API's query strings, and the number-in-a-query-string schema.
import { Type } from '@sinclair/typebox';

export const MAX_PAGE = 5000;

/**
 * A whole number in a query string. The app's validator does not coerce types, so query
 * parameters arrive as strings: the schema checks the digits, `queryInt` turns them into numbers.
 */
export const QueryInt = (opts: { pattern?: string; description?: string } = {}) =>
  Type.String({ pattern: opts.pattern ?? '^[0-9]{1,9}$', ...(opts.description ? { description: opts.description } : {}) });

export function queryInt(v: string | undefined): number | undefined {
  return v === undefined ? undefined : Number(v);
}

export const PageQuery = {
  limit: Type.Optional(QueryInt({ pattern: '^[1-9][0-9]{0,8}$', description: `At most ${MAX_PAGE} (default 500)` })),
  offset: Type.Optional(QueryInt()),
};

/** limit and offset as numbers, the limit capped. */
export function page(q: { limit?: string; offset?: string }): { limit: number | undefined; offset: number | undefined } {
  const limit = queryInt(q.limit);
  return { limit: limit === undefined ? undefined : Math.min(limit, MAX_PAGE), offset: queryInt(q.offset) };
}
