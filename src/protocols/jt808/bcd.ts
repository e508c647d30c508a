// BCD fields: terminal phone numbers and the YYMMDDhhmmss timestamps of location reports.

/**
 * Terminals report their clock in Beijing time (GMT+8, JT/T 808 section 8.12), which is also
 * Taiwan's offset; the codec converts to UTC so every SealWatch time compares directly.
 */
export const DEVICE_UTC_OFFSET_MINUTES = 8 * 60;

/** The digits of a BCD field, as written on the wire (a non-decimal nibble shows as a-f). */
export function bcdToDigits(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
}

/** Left-pads with zeros to fill `byteLength` bytes; rejects what does not fit or is not hex. */
export function digitsToBcd(digits: string, byteLength: number): Buffer {
  if (!/^[0-9a-fA-F]*$/.test(digits) || digits.length > byteLength * 2) {
    throw new RangeError(`"${digits}" does not fit a ${byteLength}-byte BCD field`);
  }
  return Buffer.from(digits.padStart(byteLength * 2, '0'), 'hex');
}

/**
 * BCD[6] YYMMDDhhmmss in device time → ISO 8601 UTC, or null when the terminal sent no usable
 * clock (all zeros before the first fix, or a non-decimal / out-of-range field).
 */
export function bcdTimeToIso(bytes: Uint8Array): string | null {
  const digits = bcdToDigits(bytes);
  if (!/^\d{12}$/.test(digits)) return null;
  const [yy, mo, dd, hh, mi, ss] = (digits.match(/\d\d/g) ?? []).map(Number);
  if (mo < 1 || mo > 12 || dd < 1 || dd > 31 || hh > 23 || mi > 59 || ss > 59) return null;
  const ms = Date.UTC(2000 + yy, mo - 1, dd, hh, mi, ss) - DEVICE_UTC_OFFSET_MINUTES * 60_000;
  const date = new Date(ms);
  // Date.UTC rolls 31 February over into March; such a field is a bad clock, not a time.
  const local = new Date(ms + DEVICE_UTC_OFFSET_MINUTES * 60_000);
  if (local.getUTCDate() !== dd) return null;
  return date.toISOString();
}

/** ISO 8601 time → BCD[6] YYMMDDhhmmss in device time (years 2000-2099). */
export function isoToBcdTime(iso: string): Buffer {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not a time: ${iso}`);
  const local = new Date(ms + DEVICE_UTC_OFFSET_MINUTES * 60_000);
  const year = local.getUTCFullYear();
  if (year < 2000 || year > 2099) throw new RangeError(`year ${year} does not fit BCD YY`);
  const parts = [
    year - 2000,
    local.getUTCMonth() + 1,
    local.getUTCDate(),
    local.getUTCHours(),
    local.getUTCMinutes(),
    local.getUTCSeconds(),
  ];
  return Buffer.from(parts.map((n) => String(n).padStart(2, '0')).join(''), 'hex');
}
