// The engine clock: ISO 8601 timestamps to epoch milliseconds without Date on the hot path.

/**
 * A report whose fix time is further than this ahead of the engine clock (the time it was
 * received) is from a device clock gone wrong: it never becomes the device's clock, which would
 * make every real report after it late. The gateways refuse such reports already
 * (REPORT_MAX_AHEAD_SECONDS, at most this); this holds for any that get past them.
 */
export const MAX_REPORT_AHEAD_MS = 15 * 60_000;

function digits(s: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

// Reports arrive with today's date over and over: remember the last date's day number.
let lastDateKey = -1;
let lastDays = 0;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Parses `YYYY-MM-DDTHH:MM[:SS[.fff…]](Z|±HH:MM|±HHMM)`: the timestamps of CONTRACT, which always carry
 * an offset. Returns NaN for anything else (no local-time guessing). Device reports come in at
 * hundreds of thousands a second, so this avoids Date.parse and any allocation.
 */
export function parseIsoMs(s: string): number {
  const n = s.length;
  if (n < 17) return NaN;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59) return NaN;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58) return NaN;
  const t = s.charCodeAt(10);
  if (t !== 84 && t !== 116 && t !== 32) return NaN; // 'T', 't' or ' '
  if (d > DAYS_IN_MONTH[mo - 1] || (mo === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)))) return NaN;
  let i = 16;
  let sec = 0;
  let ms = 0;
  if (s.charCodeAt(i) === 58) {
    sec = digits(s, i + 1, 2);
    if (sec < 0 || sec > 59) return NaN;
    i += 3;
    if (s.charCodeAt(i) === 46 || s.charCodeAt(i) === 44) {
      i++;
      let scale = 100;
      const start = i;
      while (i < n) {
        const c = s.charCodeAt(i) - 48;
        if (c < 0 || c > 9) break;
        ms += c * scale;
        scale /= 10;
        i++;
      }
      if (i === start) return NaN;
    }
  }
  let offsetMin = 0;
  const z = s.charCodeAt(i);
  if (z === 90 || z === 122) {
    i++;
  } else if (z === 43 || z === 45) {
    const oh = digits(s, i + 1, 2);
    if (oh < 0 || oh > 23) return NaN;
    let om: number;
    if (s.charCodeAt(i + 3) === 58) {
      om = digits(s, i + 4, 2);
      i += 6;
    } else {
      om = digits(s, i + 3, 2);
      i += 5;
    }
    if (om < 0 || om > 59) return NaN;
    offsetMin = (oh * 60 + om) * (z === 45 ? -1 : 1);
  } else {
    return NaN;
  }
  if (i !== n) return NaN;
  const dateKey = y * 10000 + mo * 100 + d;
  if (dateKey !== lastDateKey) {
    lastDays = daysFromCivil(y, mo, d);
    lastDateKey = dateKey;
  }
  return (lastDays * 86400 + h * 3600 + mi * 60 + sec) * 1000 + Math.floor(ms + 1e-6) - offsetMin * 60000;
}
