// Query parameters several list routes share. Paging is bounded both ways, so a huge or infinite
// number is refused by validation rather than by the database.
import { Type } from '@sinclair/typebox';

/** Largest offset a list accepts (the registry's lists take 9 digits). */
export const MAX_OFFSET = 999_999_999;

export const Limit = (max: number, byDefault?: number) =>
  Type.Integer({ minimum: 1, maximum: max, ...(byDefault === undefined ? {} : { default: byDefault }), description: `1 to ${max}` });

export const Offset = () => Type.Integer({ minimum: 0, maximum: MAX_OFFSET, default: 0 });

export { Nullable } from '../registry/validate-common.ts';

/** A moment as the API writes it: ISO 8601 in UTC, e.g. 2026-03-01T08:00:00.000Z. */
export const Timestamp = (options: { description?: string } = {}) => Type.String({ format: 'date-time', ...options });
