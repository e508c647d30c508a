// ROC (民國) calendar dates as printed on Taiwanese forms, and Asia/Taipei wall-clock times.
import { fail, ok, type IdResult } from './result.ts';

/** ROC year 1 is 1912. */
const ROC_OFFSET = 1911;
const TIME_ZONE = 'Asia/Taipei';
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const taipeiFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function toInstant(date: Date | string): Date {
  const d = typeof date === 'string' ? new Date(date) : date;
  if (Number.isNaN(d.getTime())) throw new RangeError(`invalid date: ${String(date)}`);
  return d;
}

function taipeiWallClock(date: Date | string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of taipeiFormat.formatToParts(toInstant(date))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
  };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** The calendar day a value denotes: a bare "YYYY-MM-DD" is taken as written, not shifted by a zone. */
function taipeiCalendarDay(date: Date | string): { year: number; month: number; day: number } {
  if (typeof date === 'string') {
    const m = CALENDAR_DATE.exec(date.trim());
    if (m) {
      const checked = checkDay(Number(m[1]), Number(m[2]), Number(m[3]));
      if (checked) throw new RangeError(`invalid date ${date}: ${checked}`);
      return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
    }
  }
  return taipeiWallClock(date);
}

/**
 * ROC date of a moment in Asia/Taipei, e.g. "114/03/05". The year is padded to 3 digits, as in
 * the fixed-width customs fields; `sep` "" gives the compact form "1140305".
 */
export function toRocDate(date: Date | string, sep = '/'): string {
  const { year, month, day } = taipeiCalendarDay(date);
  const rocYear = year - ROC_OFFSET;
  if (rocYear < 1) throw new RangeError(`year ${year} is before ROC year 1 (1912)`);
  return [pad(rocYear, 3), pad(month), pad(day)].join(sep);
}

/** "2025-03-05 14:03:00": the wall-clock time in Asia/Taipei, as shown to officers and drivers. */
export function formatTaipei(date: Date | string): string {
  const t = taipeiWallClock(date);
  return `${t.year}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Message naming the out-of-range part, or null when the Gregorian date exists. */
function checkDay(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12) return `month ${month} is out of range 1–12`;
  const last = daysInMonth(year, month);
  if (day < 1 || day > last) return `day ${day} is out of range 1–${last} for ${year}-${pad(month)}`;
  return null;
}

const SEPARATED = /^(?<y>\d{1,3})(?<sep>[/.-])(?<m>\d{1,2})\k<sep>(?<d>\d{1,2})$/;
/** The compact form needs the 3-digit year, since "990305" could be read two ways. */
const COMPACT = /^(?<y>\d{3})(?<m>\d{2})(?<d>\d{2})$/;

/** "114/03/05", "114-3-5", "114.03.05" or compact "1140305" → ISO date "2025-03-05". */
export function parseRocDate(input: string): IdResult {
  const s = input.trim();
  if (s.length === 0) return fail('ROC date is empty', 'roc_date.empty');
  const groups = (SEPARATED.exec(s) ?? COMPACT.exec(s))?.groups;
  if (!groups) return fail(`ROC date must look like 114/03/05 or 1140305, got '${s}'`, 'roc_date.format', { value: s });
  const [rocYear, month, day] = [Number(groups.y), Number(groups.m), Number(groups.d)];
  if (rocYear < 1) return fail('ROC year must be 1 or later', 'roc_date.year');
  const year = rocYear + ROC_OFFSET;
  const problem = checkDay(year, month, day);
  if (problem) return fail(problem, 'roc_date.day', { year, month, day });
  return ok(`${year}-${pad(month)}-${pad(day)}`);
}
