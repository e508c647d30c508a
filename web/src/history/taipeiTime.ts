// The date-time inputs of the history page speak the Taipei wall clock whatever the browser's own
// zone: "2025-03-05T14:00" in an input or a link means 14:00 in Taipei (UTC+8, no daylight time).
const OFFSET_MS = 8 * 3600_000;

/** "YYYY-MM-DDTHH:mm" of an instant on the Taipei clock, for an <input type="datetime-local">. */
export function toTaipeiInput(ms: number): string {
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 16);
}

/** An instant from an input value (Taipei clock) or a full ISO time with its own offset; NaN if neither. */
export function fromTaipeiInput(value: string | undefined): number {
  if (!value) return NaN;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return Date.parse(`${value}+08:00`);
  return /[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? Date.parse(value) : NaN;
}
